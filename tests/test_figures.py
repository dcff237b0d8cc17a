"""Every figure is checked before it is shown, and drawn for both colour schemes.

The checks of tutorial/figures.py, on matplotlib figures made here; then a
build of a tiny example that plants a blank panel and a mislabelled grid,
which must fail naming the cell, and one good figure, which must come out
with its dark twin and its alt text.
"""

import shutil

import matplotlib
import pytest
from checkout import REPO, run_build

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sitebuild import layout  # noqa: E402
from tutorial import figures, style  # noqa: E402

style.use()


def good_figure():
    fig, (left, right) = plt.subplots(1, 2)
    fig.suptitle("Two panels")
    for ax, title in ((left, "left"), (right, "right")):
        ax.plot([1, 2, 3], [1, 4, 9], color=style.color("l2"), label="squares")
        ax.plot([1, 2, 3], [1, 2, 3], color=style.color("l1"), label="line")
        ax.set(title=title, xlabel="step", ylabel="loss (nats)")
        ax.legend()
    return fig


def problems_of(fig):
    try:
        figures.check(fig)
    except figures.FigureProblem as problem:
        return str(problem)
    finally:
        plt.close(fig)
    return ""


def test_a_good_figure_passes():
    assert problems_of(good_figure()) == ""


def test_a_blank_panel_is_refused():
    fig = good_figure()
    fig.axes[1].lines[0].remove()
    fig.axes[1].lines[0].remove()
    assert "panel 2 (right): nothing is drawn in it" in problems_of(fig)


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (
            lambda fig: fig.axes[0].set_xlabel(""),
            "panel 1 (left): its x axis has no label",
        ),
        (lambda fig: fig.axes[1].set_title(""), "a panel of a grid needs a title"),
        (lambda fig: fig.suptitle(""), "the figure has no title"),
        (lambda fig: fig.axes[0].get_legend().remove(), "there is no legend"),
    ],
    ids=["axis label", "panel title", "figure title", "legend"],
)
def test_a_mislabelled_figure_is_refused(spoil, says):
    fig = good_figure()
    spoil(fig)
    assert says in problems_of(fig)


def test_a_shared_categorical_axis_is_refused():
    fig, axes = plt.subplots(1, 2, sharey=True)
    fig.suptitle("Rows per panel")
    for ax, rows in zip(axes, (["a", "b"], ["c", "d", "e"]), strict=True):
        ax.plot(range(len(rows)), range(len(rows)))
        ax.set_yticks(range(len(rows)), rows)
        ax.set(title="panel", xlabel="difference (points)")
    assert "shares a categorical y axis" in problems_of(fig)


def test_twin_axes_are_one_panel():
    fig, ax = plt.subplots()
    ax.bar([0.5], [0.5])
    ax.set(title="one panel, two y axes", xlabel="confidence", ylabel="accuracy")
    twin = ax.twinx()
    twin.step([0, 1], [1, 10])
    twin.set_ylabel("digits")
    assert problems_of(fig) == ""


def test_the_dark_twin_swaps_the_ink_and_the_palette():
    fig = good_figure()
    figures._recolour(fig, style.DARK)
    ink = matplotlib.colors.to_hex(fig.axes[0].xaxis.label.get_color())
    line = matplotlib.colors.to_hex(fig.axes[0].lines[0].get_color())
    plt.close(fig)
    assert ink == style.DARK[style.INK] and line == style.DARK[style.color("l2")]


def test_the_alt_text_says_what_the_figure_shows():
    fig = good_figure()
    text = figures.describe(fig)
    plt.close(fig)
    assert (
        text
        == "Two panels. left; loss (nats) against step. right; loss (nats) against step."
    )


PLANTED = '''\
"""
Title: Figures
Description: One good figure and one with a blank panel.
"""

# %%
import matplotlib.pyplot as plt

from tutorial import style

style.use()

# %% figure="good"
fig, ax = plt.subplots()
ax.plot([1, 2, 3], [3, 1, 2])
ax.set(title="A good figure", xlabel="step", ylabel="loss (nats)")
plt.show()

# %% figure="blank"
fig, (left, right) = plt.subplots(1, 2)
fig.suptitle("A blank panel")
left.plot([1, 2], [1, 2])
for ax in (left, right):
    ax.set(title="panel", xlabel="step", ylabel="loss (nats)")
plt.show()
'''


def test_a_planted_blank_panel_fails_the_build_naming_the_cell(tmp_path):
    examples = tmp_path / "examples"
    examples.mkdir()
    shutil.copytree(REPO / "examples" / "tutorial", examples / "tutorial")
    (examples / "figures_demo.py").write_text(PLANTED)
    out = tmp_path / "out"
    result = run_build("--fast", "--examples", examples, "--out", out)
    assert result.returncode == 1
    assert "figures_demo.py:25 (cell 3)" in result.stderr
    assert "panel 2 (panel): nothing is drawn in it" in result.stderr
    assert not (out / "figures_demo").exists()  # nothing published

    (examples / "figures_demo.py").write_text(PLANTED.split('# %% figure="blank"')[0])
    result = run_build("--fast", "--examples", examples, "--out", out)
    assert result.returncode == 0, result.stderr
    folder = layout.on_disk(out, "figures_demo")
    assert folder.figure("good").is_file() and folder.dark_figure("good").is_file()
    page = folder.page.read_text()
    assert (
        "![A good figure. loss (nats) against step.](figures/good.png#only-light)"
        in page
    )
    assert "figures/good.dark.png#only-dark" in page
