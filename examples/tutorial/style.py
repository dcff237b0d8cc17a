"""One plotting style for every page, drawn for the light and the dark scheme.

Figures are drawn for the page's content column (6.5 inches at 100 CSS
pixels an inch, so 11-point text reads at body size) on a transparent
background, with dark ink and a palette that keeps at least 3:1 contrast on
a white page. `figures` draws each figure a second time for the dark scheme,
swapping every colour below for its twin in DARK. Each regularizer keeps one
colour on every page.
"""

import matplotlib.pyplot as plt

from . import figures

INK = "#2b2b2b"
COLORS = {
    "baseline": "#3b6ea5",
    "dropout": "#c85a00",
    "l1": "#3a7d32",
    "l2": "#c2353a",
    "l1l2": "#8a4f9e",
    "dropout_l2": "#7b5a42",
    "early_stopping": "#1f7f7a",
    "augmentation": "#8a6d00",
    "label_smoothing": "#b8326f",
    "adamw": "#5b5b5b",
}
DARK = {
    INK: "#e3e3e3",
    "#3b6ea5": "#86b1e8",
    "#c85a00": "#f5a35c",
    "#3a7d32": "#86c97a",
    "#c2353a": "#f28b8b",
    "#8a4f9e": "#cf9fe0",
    "#7b5a42": "#d0aa86",
    "#1f7f7a": "#6fd0c8",
    "#8a6d00": "#e6c84f",
    "#b8326f": "#f29ac3",
    "#5b5b5b": "#c4c4c4",
    "#ffffff": "#1e2029",  # white fills (a bar's gap, a marker's face)
}
WIDTH = 6.5  # inches: the content column


def use():
    """Apply the site's matplotlib style, and check every figure shown after it."""
    plt.rcParams.update(
        {
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "figure.dpi": 100,
            "figure.figsize": (WIDTH, 3.6),
            "figure.constrained_layout.use": True,
            "font.size": 11,
            "axes.titlesize": 11,
            "axes.labelsize": 11,
            "figure.titlesize": 12,
            "figure.titleweight": "bold",
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
            "grid.alpha": 0.2,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": plt.cycler(color=list(COLORS.values())),
        }
    )
    figures.install(DARK)


def color(name):
    """The colour of a regularizer: one of the keys of COLORS."""
    return COLORS[name]


def forest(ax, comparisons, colors, points=True):
    """One row per comparison: its mean difference and 95% interval, against zero.

    `comparisons` are `stats.compare` results by label, drawn top to bottom;
    an interval that crosses the dashed zero line contains no difference.
    """
    scale = 100 if points else 1
    labels = list(comparisons)
    for row, label in enumerate(labels):
        result = comparisons[label]
        middle = result["difference"] * scale
        low = middle if result["low"] is None else result["low"] * scale
        high = middle if result["high"] is None else result["high"] * scale
        ax.plot([low, high], [row, row], color=colors[label], linewidth=2.5)
        ax.plot([middle], [row], "o", color=colors[label])
    ax.axvline(0, color=INK, linestyle="--", linewidth=1)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first row on top
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(plt.MaxNLocator(5))


def annotate_apart(ax, text, xy, offset, placed, skipped):
    """Label `xy` with `text` unless it would cover a label already placed.

    `placed` holds the boxes of the labels drawn so far, in display units
    (draw the canvas first, so the axes' limits are final); a label that
    would overlap one, with a margin, is left out and its text added to
    `skipped`, for the prose or a table to give instead.
    """
    note = ax.annotate(text, xy, offset, textcoords="offset points")
    box = note.get_window_extent(ax.figure.canvas.get_renderer())
    if any(box.expanded(1.3, 1.6).overlaps(other) for other in placed):
        note.remove()
        skipped.append(text)
    else:
        placed.append(box)
