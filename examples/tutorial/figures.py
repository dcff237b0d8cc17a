"""Every figure a page shows is checked, described, and drawn for both colour schemes.

A figure is a claim, so before one is shown (`plt.show()`) it is checked for
the faults a reader cannot see past: a panel with nothing drawn, a data axis
without a label, panels of a grid without titles, a figure without a title,
colours that carry meaning without a legend, and panels that share a
categorical axis (whose rows would all carry the last panel's labels). A
fault raises `FigureProblem`, which fails the cell, naming each panel.

In a notebook the figure is then displayed twice over: as the usual PNG,
drawn for a light page, and as a second PNG under its own MIME type
(`DARK_MIME`), the same figure with the ink and the palette of the dark
scheme; its alt text, made from its titles and axis labels, travels in the
PNG's metadata. The site shows the one that fits the reader's scheme.

Run as a script with a non-interactive backend, `plt.show()` saves each
figure as a PNG in `figures/` beside the script and says where.
"""

import base64
import io
import pickle
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure

DARK_MIME = "image/x.tutorial-dark+png"
DPI = 200  # twice the CSS pixels a figure is shown at: sharp on HiDPI screens


class FigureProblem(ValueError):
    """A figure that would mislead or leave a reader guessing."""


def install(light_to_dark):
    """Check every figure `plt.show()` shows; in a notebook, display both schemes.

    `light_to_dark` maps each light colour (hex) to its dark-scheme twin.
    """
    if getattr(plt.show, "checks_figures", False):
        return
    original = plt.show

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            check(plt.figure(number))
        shell = _ipython()
        if shell is None and not _interactive():
            return _save_all()
        if shell is not None:
            # Here, not at install: the inline backend, loaded with the first
            # figure, resets the figure formatters when it loads.
            _register(shell, light_to_dark)
        return original(*args, **kwargs)

    show.checks_figures = True
    plt.show = show


def check(figure):
    """Raise FigureProblem listing what is wrong with `figure`, if anything."""
    axes = _panels(figure)
    problems = []
    if not _title(figure, axes):
        problems.append(
            "the figure has no title (fig.suptitle or the axes' title)"
        )
    for index, panel in enumerate(axes, start=1):
        title = next((ax.get_title() for ax in panel if ax.get_title()), "")
        where = f"panel {index} ({title or 'untitled'})"
        problems += [
            f"{where}: {p}" for p in _panel_problems(figure, panel, axes)
        ]
    if problems:
        raise FigureProblem(
            "this figure cannot be published:\n  " + "\n  ".join(problems)
        )


def _panels(figure):
    """The figure's visible axes, twins (one panel, two y axes) grouped together."""
    panels = {}
    for ax in figure.axes:
        if ax.get_visible() and ax.axison:
            panels.setdefault(
                tuple(np.round(ax.get_position().bounds, 4)), []
            ).append(ax)
    return list(panels.values())


def describe(figure):
    """Alt text: the figure's title, then each panel's title and axes."""
    title = _title(figure, _panels(figure))
    parts = [title]
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        labels = [ax.get_xlabel(), ax.get_ylabel()] if ax.axison else []
        axis_text = " against ".join(label for label in labels[::-1] if label)
        own = ax.get_title() if ax.get_title() != title else ""
        panel_text = "; ".join(p for p in (own, axis_text) if p)
        if panel_text and panel_text not in parts:
            parts.append(panel_text)
    for label in (_supy(figure), _supx(figure)):
        if label:
            parts.append(label)
    return ". ".join(p for p in parts if p) + "."


def _panel_problems(figure, panel, panels):
    if not any(_has_data(ax) for ax in panel):
        yield "nothing is drawn in it"
    if len(panels) > 1 and not any(ax.get_title() for ax in panel):
        yield "a panel of a grid needs a title saying what it shows"
    for ax in panel:
        yield from _axis_problems(figure, ax)


def _axis_problems(figure, ax):
    for name in ("x", "y"):
        axis = getattr(ax, f"{name}axis")
        ticks = axis.get_ticklabels()
        shown = axis.get_visible() and any(
            t.get_visible() and t.get_text() for t in ticks
        )
        labelled = axis.get_label_text() or (_supx if name == "x" else _supy)(
            figure
        )
        if shown and not labelled and not _categorical(axis):
            yield f"its {name} axis has no label (say what it measures, and in what unit)"
    if (
        _categorical(ax.yaxis)
        and len(ax.get_shared_y_axes().get_siblings(ax)) > 1
    ):
        yield "it shares a categorical y axis: every panel shows the last panel's rows"
    if _colours_without_key(figure, ax):
        yield "colours tell its lines apart, but there is no legend"


def _has_data(ax):
    drawn = [
        *ax.images,
        *ax.collections,
        *[line for line in ax.lines if len(line.get_xdata()) > 0],
        *[patch for patch in ax.patches if patch.get_visible()],
    ]
    return bool(drawn)


def _categorical(axis):
    texts = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    return bool(texts) and not all(_numeric(text) for text in texts)


def _numeric(text):
    cleaned = (
        text.replace("−", "-").replace(",", "").replace("%", "").strip("$")
    )
    try:
        float(cleaned.split("^")[-1].strip("{}"))
    except ValueError:
        return cleaned.startswith(("10", "-10"))
    return True


def _colours_without_key(figure, ax):
    lines = [line for line in ax.lines if len(line.get_xdata()) > 2]
    colours = {to_hex(line.get_color()) for line in lines}
    if len(colours) < 2:
        return False
    keyed = ax.get_legend() is not None or figure.legends or ax.texts
    return not keyed


def _title(figure, panels):
    suptitle = figure._suptitle.get_text() if figure._suptitle else ""
    if suptitle:
        return suptitle
    if len(panels) == 1:
        return next((ax.get_title() for ax in panels[0] if ax.get_title()), "")
    return ""


def _supx(figure):
    return figure._supxlabel.get_text() if figure._supxlabel else ""


def _supy(figure):
    return figure._supylabel.get_text() if figure._supylabel else ""


def _register(shell, light_to_dark):
    from IPython.core.formatters import BaseFormatter
    from traitlets import ObjectName, Unicode

    class DarkPNGFormatter(BaseFormatter):
        format_type = Unicode(DARK_MIME)
        print_method = ObjectName("_repr_dark_png_")

    formatters = shell.display_formatter.formatters
    formatters["image/png"].for_type(Figure, _light_png)
    dark = formatters.setdefault(
        DARK_MIME, DarkPNGFormatter(parent=shell.display_formatter)
    )
    dark.for_type(Figure, lambda figure: _dark_png(figure, light_to_dark))


def _light_png(figure):
    data, (width, height) = _png(figure)
    metadata = {
        "width": width // 2,
        "height": height // 2,
        "alt": describe(figure),
    }
    return data, metadata


def _dark_png(figure, light_to_dark):
    twin = pickle.loads(pickle.dumps(figure))
    _recolour(twin, light_to_dark)
    data, _ = _png(twin)
    plt.close(twin)
    return data


def _png(figure):
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", dpi=DPI, bbox_inches="tight", transparent=True
    )
    data = buffer.getvalue()
    width, height = (
        int.from_bytes(data[16:20], "big"),
        int.from_bytes(data[20:24], "big"),
    )
    return base64.b64encode(data).decode(), (width, height)


def _recolour(figure, light_to_dark):
    """Swap each light-scheme colour of the figure for its dark-scheme twin."""
    table = {to_hex(light): dark for light, dark in light_to_dark.items()}

    def swap(colour):
        rgba = to_rgba(colour)
        dark = table.get(to_hex(rgba))
        return colour if dark is None else to_rgba(dark, rgba[3])

    for artist in figure.findobj():
        for name in (
            "color",
            "facecolor",
            "edgecolor",
            "markerfacecolor",
            "markeredgecolor",
        ):
            getter = getattr(artist, f"get_{name}", None)
            setter = getattr(artist, f"set_{name}", None)
            if getter is None or setter is None:
                continue
            value = getter()
            if (
                value is None
                or isinstance(value, str)
                and value in ("none", "auto")
            ):
                continue
            try:
                if (
                    getattr(value, "ndim", 1) == 2
                ):  # a collection: one per item
                    setter([swap(colour) for colour in value])
                else:
                    setter(swap(value))
            except (TypeError, ValueError):
                continue  # not a colour this artist lets us set
        if (
            isinstance(artist, matplotlib.image.AxesImage)
            and artist.get_cmap().name == "gray_r"
        ):
            artist.set_cmap(
                "gray"
            )  # dark digits on light paper become light on dark


def _save_all():
    folder = Path(sys.argv[0]).resolve().parent / "figures"
    folder.mkdir(exist_ok=True)
    stem = Path(sys.argv[0]).stem or "figure"
    for number in plt.get_fignums():
        count = len(list(folder.glob(f"{stem}-*.png"))) + 1
        path = folder / f"{stem}-{count:02d}.png"
        plt.figure(number).savefig(path, dpi=DPI, bbox_inches="tight")
        print(f"figure saved: {path}")
    plt.close("all")


def _interactive():
    return matplotlib.get_backend().lower() not in (
        "agg",
        "pdf",
        "svg",
        "ps",
        "cairo",
        "template",
    )


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()
