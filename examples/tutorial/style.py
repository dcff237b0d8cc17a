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
