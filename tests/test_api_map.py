"""The API map (sitebuild/api_map.json) against the installed Keras and TensorFlow.

Every entry must name an object that exists, every alias the very same
object as the name it points to, and every name the site's code uses must
have a page or a reason for having none.
"""

import inspect
import re

import pytest
from checkout import EXAMPLES

from sitebuild import apimap, apirefs, catalog, settings

API = apimap.load()
PUBLISHED = settings.PUBLISHED_DIR


@pytest.fixture(scope="module")
def libraries():
    import keras
    import tensorflow as tf

    return {"keras": keras, "tensorflow": tf}


def resolve(libraries, dotted):
    root, *parts = dotted.split(".")
    obj = libraries[root]
    for part in parts:
        obj = getattr(obj, part)
    return obj


def test_the_map_was_made_from_the_installed_versions(libraries):
    source = API.source
    assert source["keras"] == libraries["keras"].__version__
    assert source["tensorflow"] == libraries["tensorflow"].__version__
    assert re.fullmatch(r"[0-9a-f]{40}", source["keras-io"]["commit"])


def test_every_entry_names_an_object_of_its_kind(libraries):
    wrong = []
    for name, (url, _, kind) in API.objects.items():
        try:
            obj = resolve(libraries, name)
        except AttributeError:
            wrong.append(f"{name}: not in the installed library")
            continue
        is_class = inspect.isclass(obj)
        if (kind == "class") != is_class or not (callable(obj) or kind == "property"):
            wrong.append(f"{name}: a {type(obj).__name__}, recorded as a {kind}")
        if url.startswith("https://keras.io/"):
            anchor = name.rsplit(".", 1)[-1].lower().replace("_", "")
            assert url.endswith(f"/#{anchor}-{kind}"), (name, url)
        else:
            assert url.startswith("https://www.tensorflow.org/api_docs/python/tf/")
    assert wrong == []


def test_every_alias_is_the_same_object_as_its_entry(libraries):
    different = [
        alias
        for alias, name in API.aliases.items()
        if resolve(libraries, alias) is not resolve(libraries, name)
    ]
    assert different == []


def test_keras_through_tensorflow_is_the_very_same_keras(libraries):
    checked = 0
    for prefix, mirror in API.data["prefixes"].items():
        for name in API.objects:
            rest = name[len(mirror["to"]) + 1 :]
            if name.startswith(mirror["to"] + ".") and rest not in mirror["except"]:
                through_tf = resolve(libraries, f"{prefix}.{rest}")
                assert through_tf is resolve(libraries, name), (prefix, rest)
                checked += 1
    assert checked > 500


def test_inherited_members_are_inherited_unless_overridden(libraries):
    for name, known in API.classes.items():
        cls = resolve(libraries, name)
        for base in known["bases"]:
            assert issubclass(cls, resolve(libraries, base)), (name, base)
    fit = API.entry("keras.Sequential().fit")
    assert fit.name == "keras.Model.fit"
    assert libraries["keras"].Sequential.fit is libraries["keras"].Model.fit
    assert "get_config" in API.classes["keras.Sequential"]["overrides"]
    assert API.entry("keras.Sequential().get_config") is None


@pytest.mark.parametrize(
    ("name", "documented", "url"),
    [
        (
            "keras.regularizers.l2",
            "keras.regularizers.L2",
            "layers/regularizers/#l2-class",
        ),
        ("tensorflow.keras.layers.Dense", "keras.layers.Dense", "dense/#dense-class"),
        ("keras.models.Sequential", "keras.Sequential", "sequential/#sequential-class"),
        ("keras.utils.set_random_seed", None, "python_utils/#setrandomseed-function"),
        ("keras.Sequential().compile", "keras.Model.compile", "#compile-method"),
        ("keras.Sequential().losses", "keras.layers.Layer.losses", "#losses-property"),
        ("tensorflow.add", "tensorflow.math.add", "python/tf/math/add"),
        ("tensorflow.data.Dataset", None, "python/tf/data/Dataset"),
    ],
)
def test_names_as_code_reaches_them_find_their_page(name, documented, url):
    entry = API.entry(name)
    assert entry.name == (documented or name)
    assert entry.url.endswith(url)


def site_uses():
    """(example, recorded name) of every use the published pages record."""
    for name in EXAMPLES:
        manifest = catalog.read_manifest(PUBLISHED, name)
        for cell in manifest["references"]["cells"].values():
            for use in cell["uses"]:
                yield name, apirefs.parse_use(use)[1]


def test_every_name_the_site_uses_has_a_page_or_a_reason(libraries):
    without = {}
    for example, spans in site_uses():
        if not any(API.entry(name) for _, _, name in spans):
            without.setdefault(spans[0][2], example)
    assert without, "the examples reach names without a page: the test must see some"
    for name, example in without.items():
        reason = API.reason(name)
        owner, _, member = name.partition("().")
        # The reason is about a real object: it exists, and has no entry.
        obj = resolve(libraries, owner)
        if member:
            assert API.kind(owner) != "class" or hasattr(obj, member), (name, reason)
        assert reason and API.entry(name) is None, (example, name)
