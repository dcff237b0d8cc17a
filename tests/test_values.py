"""Named values in prose: filled outside code, formatted, and missing ones named."""

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from hooks import page_values
from sitebuild import catalog, settings, values
from sitebuild.errors import ExampleError
from tutorial import glue

VALUES = {
    "accuracy": 0.98123,
    "count": 12345,
    "name": "L2(0.001)",
    "comparison": {"verdict": "better", "low": 0.0123},
    "seeds": [1, 2, 3],
}


@pytest.mark.parametrize(
    "text, filled",
    [
        ("It scores {accuracy:.2%}.", "It scores 98.12%."),
        ("{count:,} images", "12,345 images"),
        ("{name} is {comparison.verdict}", "L2(0.001) is better"),
        ("low {comparison.low:+.3f}", "low +0.012"),
        ("seed {seeds.1}", "seed 2"),
        ("code `{accuracy}` stays", "code `{accuracy}` stays"),
        ("```python\nd = {accuracy}\n```\n", "```python\nd = {accuracy}\n```\n"),
        ("a dict {'a': 1} stays", "a dict {'a': 1} stays"),
    ],
)
def test_references_are_filled_outside_code(text, filled):
    assert values.fill(text, VALUES, "x.py:3 (cell 1)") == filled


def test_a_missing_name_is_named_with_where_and_what_was_recorded():
    with pytest.raises(ExampleError) as error:
        values.fill("It scores {acuracy:.2%}.", VALUES, "x.py:3 (cell 1)")
    message = str(error.value)
    assert message.startswith("x.py:3 (cell 1): the prose refers to {acuracy}")
    assert "recorded: accuracy, comparison, count, name, seeds" in message


def test_a_missing_key_and_a_bad_format_are_named():
    with pytest.raises(ExampleError, match=r"no 'comparison.high'"):
        values.fill("{comparison.high}", VALUES, "x.py:3 (cell 1)")
    with pytest.raises(ExampleError, match=r"formats \{name\} as '.2%'"):
        values.fill("{name:.2%}", VALUES, "x.py:3 (cell 1)")


def test_the_examples_record_under_the_type_the_build_reads():
    assert glue.MIME == values.MIME


def test_glue_records_plain_json_values():
    import numpy as np

    assert glue.plain({"a": np.float32(0.5), "b": np.arange(2), "c": (1, "x")}) == {
        "a": 0.5,
        "b": [0, 1],
        "c": [1, "x"],
    }
    with pytest.raises(TypeError, match="cannot record"):
        glue.plain(object())


@pytest.mark.parametrize(
    "text, filled",
    [
        ("{product}", "2\\*3\\*4"),  # shows as 2*3*4, not as emphasis
        ("a {tag} b", "a &lt;script&gt; b"),  # shows as <script>, runs nothing
        ("{pipe} and {link}", "a \\| b and \\[x\\](y)"),
        ("{negative} and\n{negative}", "\u22120.5 and\n\u22120.5"),
        ("{dash}", "\\- a list item it is not"),
        ("{heading}", "\\# not a heading"),
        ("{table!md}", "| a |\n| - |"),  # Markdown on purpose, said so
        ("\\{product} stays", "\\{product} stays"),
    ],
)
def test_values_are_text_unless_they_say_they_are_markdown(text, filled):
    recorded = {
        "product": "2*3*4",
        "tag": "<script>",
        "pipe": "a | b",
        "link": "[x](y)",
        "negative": -0.5,
        "dash": "- a list item it is not",
        "heading": "# not a heading",
        "table": "| a |\n| - |",
    }
    assert values.fill(text, recorded, "x.py:3 (cell 1)") == filled


def test_markdown_values_may_not_carry_raw_html():
    with pytest.raises(
        ExampleError, match=r"x.py:3 \(cell 1\): \{html!md\} holds raw HTML"
    ):
        values.fill(
            "{html!md}", {"html": "<img src=x onerror=alert(1)>"}, "x.py:3 (cell 1)"
        )


@pytest.mark.parametrize("text", ["{test accuracy}", "{accuracy!x}", "{a-b}"])
def test_a_brace_group_that_does_not_parse_names_the_cell(text):
    with pytest.raises(
        ExampleError, match=r"^x.py:3 \(cell 1\): .* to show a brace, write"
    ):
        values.fill(text, VALUES, "x.py:3 (cell 1)")


def test_an_overflowing_format_is_an_example_error():
    with pytest.raises(ExampleError, match="does not fit"):
        values.fill("{accuracy:.99999999999f}", VALUES, "x.py:3 (cell 1)")


def test_recorded_arrays_round_trip_through_the_type_the_build_reads(monkeypatch):
    import base64
    import io

    import numpy as np

    shown = []
    monkeypatch.setattr(glue, "get_ipython", lambda: object())
    monkeypatch.setattr(glue, "display", lambda data, raw: shown.append(data))
    glue.glue_array("correct", np.array([1, 0, 1], dtype=np.uint8))
    [data] = shown
    assert glue.ARRAY_MIME == values.ARRAY_MIME
    assert data["text/plain"] == "correct: array of shape (3,), uint8"
    assert data[glue.ARRAY_MIME]["name"] == "correct"
    loaded = np.load(io.BytesIO(base64.b64decode(data[glue.ARRAY_MIME]["npy"])))
    assert loaded.tolist() == [1, 0, 1] and loaded.dtype == np.uint8


def markdown_page(source):
    """Fill `source` as hooks/page_values.py fills a Markdown page of the
    published site that sets `values: true`."""
    page = SimpleNamespace(meta={"values": True}, file=SimpleNamespace(src_uri="x.md"))
    config = {"docs_dir": str(settings.PUBLISHED_DIR.parent)}
    return page_values.on_page_markdown(source, page, config, files=None)


def test_a_markdown_page_quotes_what_an_example_recorded():
    recorded = catalog.read_values(settings.PUBLISHED_DIR, "baseline")
    assert markdown_page("{baseline.loss_gap}") == str(recorded["loss_gap"])


def test_a_markdown_page_quoting_an_unrecorded_name_fails_naming_page_and_name():
    with pytest.raises(PluginError) as error:
        markdown_page("It scores {baseline.no_such_value}.")
    message = str(error.value)
    where = f"{settings.PUBLISHED_DIR.parent}/x.md"
    assert message.startswith(
        f"{where}: the prose refers to {{baseline.no_such_value}}"
    )
    assert message.endswith("(values come from each example's values.json)")
