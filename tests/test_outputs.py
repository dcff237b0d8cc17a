"""Output cleaning: what an example prints reaches the page as plain, readable text."""

import nbformat

from sitebuild import outputs


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
