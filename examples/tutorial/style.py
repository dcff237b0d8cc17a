"""One plotting style for every page: readable on light and dark backgrounds.

Figures have transparent backgrounds and mid-grey text and axes, which keep
enough contrast on both the light and the dark colour scheme of the site.
Each regularizer keeps one colour on every page.
"""

import matplotlib.pyplot as plt

INK = "#7f7f7f"
COLORS = {
    "baseline": "#4e79a7",
    "dropout": "#f28e2b",
    "l1": "#59a14f",
    "l2": "#e15759",
    "l1l2": "#b07aa1",
    "dropout_l2": "#9c755f",
    "early_stopping": "#76b7b2",
    "augmentation": "#edc948",
    "label_smoothing": "#ff9da7",
    "adamw": "#bab0ac",
}


def use():
    """Apply the site's matplotlib style to every figure that follows."""
    plt.rcParams.update(
        {
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "figure.dpi": 100,
            "figure.figsize": (7.0, 3.6),
            "font.size": 11,
            "text.color": INK,
            "axes.labelcolor": INK,
            "axes.edgecolor": INK,
            "axes.titlecolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "legend.labelcolor": INK,
            "legend.frameon": False,
            "axes.grid": True,
            "grid.color": INK,
            "grid.alpha": 0.25,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def color(name):
    """The colour of a regularizer: one of the keys of COLORS."""
    return COLORS[name]


def forest(ax, comparisons, colors, points=True):
    """One row per comparison: its mean difference and 95% interval, against zero.

    `comparisons` are `stats.compare` results by label, drawn top to bottom;
    an interval that crosses the dashed zero line is no detectable difference.
    """
    scale = 100 if points else 1
    labels = list(comparisons)
    for row, label in enumerate(labels):
        result = comparisons[label]
        middle = result["difference"] * scale
        low, high = (result[k] * scale if result[k] is not None else middle
                     for k in ("low", "high"))  # fmt: skip
        ax.plot([low, high], [row, row], color=colors[label], linewidth=2.5)
        ax.plot([middle], [row], "o", color=colors[label])
    ax.axvline(0, color=INK, linestyle="--", linewidth=1)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
