"""Where an example the nav does not list goes, and that the nav's labels stay."""

from sitebuild import site_nav
from sitebuild.catalog import Entry


def entry(name, title):
    return Entry(name, None, {"title": title})


def nav():
    return [
        {"Home": "index.md"},
        {"The blog post": [{"Baseline": "generated/baseline/index.ipynb"}]},
        {"Experiments": [{"Mine, my label": "generated/mine/index.ipynb"}]},
        {"About": "about.md"},
    ]


def test_a_new_page_goes_to_the_last_section_of_examples_and_listed_labels_stay():
    tree = nav()
    added = site_nav.complete(
        tree, [entry("mine", "Manifest title"), entry("new", "New page")]
    )
    assert [e.name for e in added] == ["new"]
    assert tree[2] == {
        "Experiments": [
            {"Mine, my label": "generated/mine/index.ipynb"},
            {"New page": "generated/new/index.ipynb"},
        ]
    }
    assert tree[1] == nav()[1]  # never the blog post's section


def test_a_section_the_config_names_is_used_or_made():
    tree = nav()
    site_nav.complete(tree, [entry("new", "New")], "The blog post")
    assert tree[1]["The blog post"][-1] == {"New": "generated/new/index.ipynb"}
    tree = nav()
    site_nav.complete(tree, [entry("new", "New")], "Drafts")
    assert tree[-1] == {"Drafts": [{"New": "generated/new/index.ipynb"}]}


def test_without_a_section_of_examples_one_is_made():
    tree = [{"Home": "index.md"}]
    site_nav.complete(tree, [entry("new", "New")])
    assert tree[-1] == {"Examples": [{"New": "generated/new/index.ipynb"}]}
