"""Output cleaning: what an example prints reaches the page as plain, readable text."""

import base64
import copy
import json

import nbformat
import pytest

from sitebuild import assemble, outputs, settings, sources
from sitebuild.errors import ExampleError


def test_progress_bar_redraws_keep_the_last_state():
    bar = "1/3 [==>....]\r2/3 [=====>..]\r3/3 [========] - loss: 0.1\n"
    assert outputs.clean_text(bar) == "3/3 [========] - loss: 0.1\n"


def test_backspaces_erase_and_colours_go():
    assert outputs.clean_text("abc\b\bX \x1b[1mbold\x1b[0m") == "aX bold"


def test_tensorflow_startup_noise_is_dropped_but_warnings_stay():
    text = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1795637197.779162    1977 port.cc:153] oneDNN custom operations are on.\n"
        "W0000 00:00:1795637197.779162    1977 foo.cc:1] something worth reading\n"
    )
    assert (
        outputs.clean_text(text)
        == "W0000 00:00:1795637197.779162    1977 foo.cc:1] something worth reading\n"
    )


def test_html_is_dropped_for_text_and_rich_rows_merge_into_one_block():
    raw = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/plain": "\x1b[1mrow 1\x1b[0m\n", "text/html": "<b>row 1</b>"},
        ),
        nbformat.v4.new_output(
            "display_data",
            data={"text/plain": "row 2\n", "text/html": "<script>x</script>"},
        ),
        nbformat.v4.new_output(
            "display_data", data={"application/javascript": "alert(1)"}
        ),
    ]
    cleaned = outputs.clean_outputs(raw)
    assert len(cleaned) == 1
    assert cleaned[0].output_type == "stream" and cleaned[0].text == "row 1\nrow 2\n"


def test_snippet_text_prefers_markdown_and_fences_plain_text():
    markdown = [
        nbformat.v4.new_output(
            "execute_result",
            data={"text/markdown": "**1.0**", "text/plain": "<Markdown>"},
            execution_count=1,
        )
    ]
    plain = [nbformat.v4.new_output("stream", name="stdout", text="a  b\n")]
    assert outputs.snippet_text(markdown) == "**1.0**\n"
    assert outputs.snippet_text(plain) == "```text\na  b\n```\n"


PNG = base64.b64encode(b"\x89PNG fake").decode()
PAGE = '"""\nTitle: T\nDescription: D.\n"""\n'


def executed(tmp_path, cells):
    """An example of `cells` ((metadata, outputs) pairs), as a run left it."""
    source = PAGE + "".join(
        f"\n# %%{''.join(f' {k}={json.dumps(v)}' for k, v in meta.items())}\nx = {n}\n"
        for n, (meta, _) in enumerate(cells)
    )
    (tmp_path / "page.py").write_text(source)
    example = sources.load(tmp_path / "page.py")
    notebook = copy.deepcopy(example.notebook)
    for cell, (_, shown) in zip(notebook.cells, cells, strict=True):
        cell.outputs = [nbformat.from_dict(o) for o in shown]
    return example, notebook


def image():
    return {"output_type": "display_data", "data": {"image/png": PNG}, "metadata": {}}


def markdown(text):
    return {
        "output_type": "display_data",
        "data": {"text/markdown": text},
        "metadata": {},
    }


MANIFEST = {
    "versions": {"tensorflow": "x", "keras": "x", "numpy": "x"},
    "environment": {"python": "3.11.7", "machine": "x86_64"},
    "run_date": "2026-12-01T00:00:00",
    "mode": settings.FAST,
    "run_seconds": 1.0,
}


@pytest.mark.parametrize(
    "cells, problem",
    [
        ([({"figure": "a"}, [image()]), ({"figure": "a"}, [image()])],
         "page.py:10 (cell 2): figure 'a' is also the name of a figure of "),
        ([({}, [image()]), ({"figure": "cell01"}, [image()])], "figure 'cell01' is also"),
        ([({"figure": "a-1"}, [image()]), ({"figure": "a"}, [image(), image()])],
         "figure 'a-1' is also"),
        ([({"figure": "lonely"}, [])], "marked figure='lonely' but shows no image"),
        ([({"figure": "a/b"}, [image()])], "figure name 'a/b' should use only"),
        ([({"figure": "a\nb"}, [image()])], "figure name 'a\\nb' should use only"),
        ([({"figure": 1}, [image()])], "figure name 1 should use only"),
        ([({"snippet": "../x"}, [])], "snippet name '../x' should use only"),
        ([({}, [markdown("**ok** <script>alert(1)</script>")])], "raw HTML"),
    ],
)  # fmt: skip
def test_names_that_collide_and_markup_in_markdown_fail_naming_the_cell(
    tmp_path, cells, problem
):
    example, notebook = executed(tmp_path, cells)
    with pytest.raises(ExampleError) as error:
        assemble.assemble(example, notebook, MANIFEST)
    assert problem in str(error.value)
    assert str(error.value).startswith(f"{example.path}:")


def test_markdown_outputs_without_tags_and_code_with_tags_pass(tmp_path):
    shown = markdown("| a |\n| - |\n| `<b>` |\n\n<https://example.org>")
    example, notebook = executed(tmp_path, [({}, [shown])])
    assert assemble.assemble(example, notebook, MANIFEST).page
