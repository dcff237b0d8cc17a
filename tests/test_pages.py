"""What readers get from the site: a gallery, a complete nav, provenance,
take-home links and a search index of prose and code.

The site is built from a temporary copy of the sources to which one new example
was added the way a contributor adds one (`build_figures.py new`, then a fast
build), without a nav line: it must show up in the gallery and the nav too.
"""

import html
import json
import re
import sys

import early
import matplotlib.image
import nbformat
import pytest
from checkout import EXAMPLES, REPO, figure_sources
from mkdocs.exceptions import PluginError
from site_project import copy_site, mkdocs_build, run

from sitebuild import catalog, layout, settings

NEW = "early_stopping"
NEW_TITLE = "Early stopping"
NEW_DESCRIPTION = "Stop training when the validation loss stops improving."


@early.fixture(scope="module")
def project(tmp_path_factory):
    """(sources, site): the copied sources with the new example, and their site."""
    tmp = tmp_path_factory.mktemp("pages")
    sources = copy_site(tmp / "project")
    examples = sources / "examples"
    build_figures = [sys.executable, str(REPO / "build_figures.py")]
    created = run(
        *build_figures, "new", NEW_TITLE, "--description", NEW_DESCRIPTION,
        "--examples", examples, cwd=tmp,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    # In full mode, as the site publishes it (the template's full mode is light).
    built = run(
        *build_figures, "--only", NEW, "--examples", examples,
        "--out", sources / "docs" / layout.GENERATED, cwd=tmp,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    result = mkdocs_build(sources, tmp / "site")
    assert result.returncode == 0, result.stderr
    return sources, tmp / "site"


ALL = [*EXAMPLES, NEW]


def test_the_new_example_builds_from_the_template_as_a_complete_page(project):
    sources, _ = project
    facts = manifest(sources, NEW)
    assert facts["title"] == NEW_TITLE and facts["description"] == NEW_DESCRIPTION
    assert {"model_summary", "final_metrics"} <= set(facts["snippets"])
    assert facts["figures"] == ["learning-curves"]  # its gallery thumbnail


def manifest(sources, name):
    return catalog.read_manifest(sources / "docs" / layout.GENERATED, name)


def gallery(site):
    page = (site / "index.html").read_text()
    match = re.search(r'<div class="grid cards gallery">(.*?)</div>', page, re.S)
    assert match, "no gallery on the landing page"
    return match.group(1)


@pytest.mark.parametrize("name", ALL)
def test_gallery_has_a_card_per_example(project, name):
    sources, site = project
    cards = re.findall(r"<li>(.*?)</li>", gallery(site), re.S)
    card = next((c for c in cards if f'href="generated/{name}/"' in c), None)
    assert card, f"no card for {name}"
    facts = manifest(sources, name)
    # As text: the lightbox plugin re-serialises pages, writing ' where it was &#x27;.
    assert facts["title"] in html.unescape(card)
    assert facts["description"] in html.unescape(card)
    if facts["figures"]:
        for source in figure_sources(facts, facts["figures"][:1]):
            thumbnail = f"generated/{name}/{source}"
            assert f'src="{thumbnail}"' in card
            assert (site / thumbnail.split("#")[0]).is_file()
    else:
        assert f'<span class="gallery-text-thumb">{name}.py</span>' in card


def test_gallery_cards_follow_the_reading_order(project):
    _, site = project
    linked = re.findall(r'<strong><a href="generated/([^/]+)/">', gallery(site))
    nav_links = re.findall(
        r'<a href="generated/([^/]+)/" class="md-nav__link',
        (site / "index.html").read_text(),
    )
    in_nav_order = list(dict.fromkeys(nav_links))  # the site's nav, new pages included
    assert sorted(linked) == sorted(ALL)
    assert linked == in_nav_order


@pytest.mark.parametrize("page", ["index.html", "contributing/index.html"])
def test_nav_lists_every_example(project, page):
    _, site = project
    prefix = "../" if "/" in page else ""
    nav = set(
        re.findall(r'<a href="([^"]+)" class="md-nav__link', (site / page).read_text())
    )
    for name in ALL:
        assert f"{prefix}generated/{name}/" in nav, name
    assert NEW not in (REPO / "mkdocs.yml").read_text()  # it got there by itself


def page_text(site, name):
    return re.sub(
        r"\s+",
        " ",
        html.unescape(
            re.sub(
                r"<[^>]+>",
                " ",
                (site / layout.GENERATED / name / "index.html").read_text(),
            )
        ),
    )


@pytest.mark.parametrize("name", ALL)
def test_every_example_page_says_what_produced_it(project, name):
    sources, site = project
    facts = manifest(sources, name)
    text = page_text(site, name)
    versions = facts["versions"]
    expected = [
        f"TensorFlow {versions['tensorflow']}",
        f"Keras {versions['keras']}",
        f"NumPy {versions['numpy']}",
        f"Python {facts['environment']['python']}",
        f"on {facts['run_date'][:10]}",
        f"a {facts['mode']} run",
        f"of {facts['run_seconds']:.0f} s",
    ]
    for fact in expected:
        assert fact in text, fact


def repo_url():
    match = re.search(r"^repo_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(), re.M)
    assert match, "mkdocs.yml sets no repo_url"
    return match.group(1).rstrip("/")


@pytest.mark.parametrize("name", ALL)
def test_example_pages_link_source_notebook_and_colab(project, name):
    sources, site = project
    page = (site / layout.GENERATED / name / "index.html").read_text()
    links = re.search(r'<p class="take-home"[^>]*>(.*?)</p>', page, re.S).group(1)
    hrefs = re.findall(r'href="([^"]+)"', links)
    owner_repo = repo_url().removeprefix("https://github.com/")
    notebook = f"docs/{layout.in_site(name).notebook}"
    colab = (
        f"https://colab.research.google.com/github/{owner_repo}/blob/main/{notebook}"
    )
    assert hrefs == [f"{name}.py", f"{name}.ipynb", colab]
    built = layout.on_disk(site / layout.GENERATED, name)
    assert built.script.is_file()
    assert nbformat.read(built.notebook, as_version=4)
    assert (sources / notebook).is_file()  # the file Colab opens is in the repository
    # The links follow the title cell, before the first code cell.
    assert page.index('class="take-home"') < page.index(
        '<div class="jp-Cell jp-CodeCell'
    )


@pytest.mark.parametrize(
    "url", [None, "https://gitlab.com/o/r", "https://github.com/only-owner"]
)
def test_colab_links_need_a_github_repo_url(url):
    sys.path.insert(0, str(REPO / "hooks"))
    try:
        from example_pages import colab_url
    finally:
        sys.path.remove(str(REPO / "hooks"))
    with pytest.raises(PluginError, match="mkdocs.yml: repo_url"):
        colab_url(url, "main/docs/generated/x/x.ipynb")


def search_text(site, name):
    index = json.loads((site / "search" / "search_index.json").read_text())
    return " ".join(
        doc["text"]
        for doc in index["docs"]
        if doc["location"].startswith(f"generated/{name}/")
    )


@pytest.mark.parametrize("name", ALL)
def test_search_indexes_prose_and_code_not_logs_and_tables(project, name):
    sources, site = project
    text = re.sub(r"\s+", " ", html.unescape(search_text(site, name)))
    assert manifest(sources, name)["description"] in text
    notebook = nbformat.read(
        layout.on_disk(sources / "docs" / layout.GENERATED, name).page, 4
    )
    for cell in notebook.cells:
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "code" and not tags & {"remove-cell", "remove-input"}:
            first_line = next(line for line in cell.source.splitlines() if line.strip())
            assert re.sub(r"\s+", " ", first_line.strip()) in text, first_line
    assert "Total params" not in text  # the model summary, a text output
    assert "/step" not in text  # Keras's training log
    folder = layout.on_disk(sources / "docs" / layout.GENERATED, name).folder
    for snippet in (folder / layout.SNIPPETS).glob("*.md"):
        for line in snippet.read_text().splitlines()[:1]:
            if line.startswith("|"):  # a table: its header row must not be indexed
                header = " ".join(cell.strip() for cell in line.strip("|").split("|"))
                assert header not in text, snippet.name


def published_figures():
    return sorted(settings.PUBLISHED_DIR.glob(f"*/{layout.FIGURES}/*.png"))


@pytest.mark.parametrize("figure", published_figures(), ids=lambda p: p.name)
def test_figures_have_transparent_backgrounds_for_dark_mode(figure):
    pixels = matplotlib.image.imread(figure)
    assert pixels.ndim == 3 and pixels.shape[2] == 4, "no alpha channel"
    assert pixels[0, 0, 3] == 0 and pixels[-1, -1, 3] == 0, "opaque background"
