#!/usr/bin/env python3
"""Write sitebuild/api_map.json: the API page of every Keras and TensorFlow object.

    .venv/bin/python scripts/api_map.py KERAS_IO [--commit SHA]

KERAS_IO is a copy of keras-team/keras-io (only its scripts/api_master.py is
read, as data: never imported or run); its commit is read with git, or given
with --commit when the copy is no checkout. The site build never runs this
script and never reaches the network: it reads the JSON this writes.

- Keras: keras-io's API tree (`API_MASTER`) places each documented object on
  a page; the anchor follows keras-io's own rule (`autogen.py`,
  make_symbol_to_link_map): the last name lower-cased without underscores,
  then `-class`, `-function`, `-method` or `-property` as the installed
  object is. The other names Keras exports for the same object (its
  `keras_export` paths, such as `keras.regularizers.l2` for `L2`) become
  aliases; so do names under `tf.keras` and `tf.losses`... that are the very
  same object in the installed TensorFlow (checked one by one).
- Inherited members: `model.fit` on a `keras.Sequential` is keras.io's
  `keras.Model.fit` when Sequential does not override it. Each documented
  class records its documented bases, and which of their documented members
  it overrides.
- TensorFlow: every public class and function (tf.compat, tf.raw_ops and the
  Keras parts left out) on its tensorflow.org page, named as TensorFlow names
  it (`tf_export`'s canonical name: `tf.add` is documented as `tf.math.add`).

Every entry is checked against the installed Keras and TensorFlow, whose
versions are recorded with keras-io's commit.
"""

import argparse
import ast
import hashlib
import inspect
import json
import os
import subprocess
import sys
import types
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

OUT = Path(__file__).resolve().parents[1] / "sitebuild" / "api_map.json"
KERAS_IO = "https://keras.io/"
TF_DOCS = "https://www.tensorflow.org/api_docs/python/"
# Not mapped to tensorflow.org: the v1 compatibility API, the generated op
# wrappers, and tf.keras, which is Keras (mapped to keras.io through "prefixes").
TF_LEFT_OUT = ("tf.compat", "tf.raw_ops", "tf.keras")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keras_io", type=Path, help="a copy of keras-team/keras-io")
    parser.add_argument(
        "--commit", help="keras-io's commit, if the copy is no checkout"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    master_path = args.keras_io / "scripts" / "api_master.py"
    if not master_path.is_file():
        sys.exit(f"{master_path}: not found; name a copy of keras-team/keras-io")
    text = master_path.read_text(encoding="utf-8")
    commit = args.commit or _git_commit(args.keras_io)

    import keras
    import tensorflow as tf

    entries, pages = keras_entries(_api_master(text), keras)
    data = {
        "source": {
            "keras-io": {
                "repository": "keras-team/keras-io",
                "commit": commit,
                "file": "scripts/api_master.py",
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
            },
            "keras": keras.__version__,
            "tensorflow": tf.__version__,
            "script": "scripts/api_map.py",
        },
        "groups": [],
        "objects": {},
        "aliases": keras_aliases(entries, keras),
        "classes": keras_classes(entries, keras),
        "prefixes": tf_keras_prefixes(entries, tf, keras),
        "modules": sorted(public_modules(keras, "keras") | tf_modules(tf)),
    }
    groups = {}  # numbered in keras.io's order, then TensorFlow's modules
    tf_objects, tf_aliases = tf_entries(tf)
    for name, entry in [*entries.items(), *sorted(tf_objects.items())]:
        group = _group(groups, entry["group"])
        data["objects"][name] = [entry["url"], group, entry["kind"]]
    data["aliases"].update(tf_aliases)
    data["groups"] = [list(group) for group in groups]
    args.out.write_text(_dumps(data), encoding="utf-8")
    print(
        f"{args.out}: {len(entries)} Keras objects on {pages} keras.io pages, "
        f"{len(tf_objects)} TensorFlow objects, {len(data['aliases'])} aliases "
        f"(keras-io {commit[:12]}, Keras {keras.__version__}, TF {tf.__version__})"
    )


def _api_master(text):
    """API_MASTER's value, read as a literal: keras-io's file is data here."""
    module = ast.parse(text)
    for statement in module.body:
        if isinstance(statement, ast.Assign) and [
            t.id for t in statement.targets if isinstance(t, ast.Name)
        ] == ["API_MASTER"]:
            return ast.literal_eval(statement.value)
    sys.exit("scripts/api_master.py: no `API_MASTER = {...}` found")


def _git_commit(folder):
    try:
        return subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        sys.exit(f"{folder} is no git checkout: name its commit with --commit SHA")


def keras_entries(master, keras):
    """Each documented symbol -> its URL and group; the last page listing it wins, as on keras.io."""
    entries, pages = {}, 0

    def visit(node, path, titles):
        nonlocal pages
        path = [*path, node["path"].strip("/")]
        titles = [*titles, node["title"]]
        if node.get("generate"):
            pages += 1
            page = KERAS_IO + "/".join(path) + "/"
            for symbol in node["generate"]:
                try:
                    kind = keras_kind(resolve(keras, symbol), symbol)
                except AttributeError:  # documented for another Keras version
                    print(f"skipped {symbol}: not in Keras {keras.__version__}")
                    continue
                anchor = symbol.rsplit(".", 1)[-1].lower().replace("_", "")
                entries[symbol] = {
                    "url": f"{page}#{anchor}-{kind}",
                    "group": _keras_group(node, titles),
                    "kind": kind,
                }
        for child in node.get("children", []):
            visit(child, path, titles)

    visit(master, [], [])
    return entries, pages


def _keras_group(node, titles):
    """(section, subsection) as keras.io's API index shows them.

    The section is the top-level title (Layers API, Optimizers...); the
    subsection the second-level page, unless that page documents one object
    alone (each optimizer has its own page: they are listed together).
    """
    section = titles[1] if len(titles) > 1 else titles[0]
    if len(titles) < 3:
        return section, None
    alone = len(titles) == 3 and len(node.get("generate", [])) == 1
    return section, None if alone else titles[2]


def resolve(root, dotted):
    """The object `dotted` names, reached attribute by attribute from `root`.

    The first part of `dotted` names `root` itself (`keras`, `tf`).
    """
    obj = root
    for part in dotted.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def keras_kind(obj, symbol):
    """class, method, property or function: keras-io's kinds, for its anchors."""
    if inspect.isclass(obj):
        return "class"
    if hasattr(obj, "fget"):
        return "property"
    function = getattr(obj, "__func__", obj)
    owner = function.__qualname__.split(".<locals>")[0].rpartition(".")[0]
    if owner and isinstance(getattr(inspect.getmodule(function), owner, None), type):
        return "method"
    if inspect.isfunction(function) or inspect.isbuiltin(function):
        return "function"
    raise TypeError(f"{symbol}: {obj!r} is no class, method, property or function")


def _export_paths(obj):
    paths = vars(obj).get("_api_export_path") if inspect.isclass(obj) else None
    if paths is None and not inspect.isclass(obj):
        paths = getattr(obj, "_api_export_path", None)
    return [paths] if isinstance(paths, str) else list(paths or [])


def keras_aliases(entries, keras):
    """Every other name Keras exports a documented object under -> the documented name."""
    aliases = {}
    for symbol in sorted(entries):
        obj = resolve(keras, symbol)
        for name in _export_paths(obj):
            if name not in entries and _same(keras, name, obj):
                aliases[name] = symbol
    return aliases


def _same(root, name, obj):
    try:
        return resolve(root, name) is obj
    except AttributeError:
        return False


def keras_classes(entries, keras):
    """Each documented class: its documented bases, and their members it overrides."""
    classes = {
        name: resolve(keras, name)
        for name in entries
        if inspect.isclass(resolve(keras, name))
    }
    members = {}
    for name in entries:
        owner, _, member = name.rpartition(".")
        if owner in classes:
            members.setdefault(owner, []).append(member)
    found = {}
    for name, cls in sorted(classes.items()):
        bases = [
            base_name
            for base in cls.__mro__[1:]
            for base_name, other in classes.items()
            if other is base
        ]
        overrides = sorted(
            member
            for base in bases
            for member in members.get(base, [])
            if inspect.getattr_static(cls, member, None)
            is not inspect.getattr_static(classes[base], member, None)
        )
        if bases:
            found[name] = {"bases": bases, "overrides": overrides}
    return found


def tf_keras_prefixes(entries, tf, keras):
    """tf modules that are Keras's (tf.keras, tf.losses...) -> the Keras module they mirror.

    Each documented object reached through such a module is checked: one
    that is not the very same object is listed as an exception.
    """
    prefixes = {}
    for name in sorted(dir(tf)):
        module = getattr(tf, name)
        if not isinstance(module, types.ModuleType) or not module.__name__.startswith(
            "keras."
        ):
            continue
        mirrored = module.__name__.replace("keras._tf_keras.keras", "keras", 1)
        exceptions = []
        for symbol in sorted(s for s in entries if s.startswith(mirrored + ".")):
            through_tf = f"{name}{symbol[len(mirrored) :]}"
            try:
                same = resolve(module, through_tf) is resolve(keras, symbol)
            except AttributeError:
                same = False
            if not same:
                exceptions.append(symbol[len(mirrored) + 1 :])
        prefixes[f"tensorflow.{name}"] = {"to": mirrored, "except": exceptions}
    return prefixes


def public_modules(module, path, seen=None):
    """Dotted paths of `module`'s public submodules (Keras's own, not its sources)."""
    seen = set() if seen is None else seen
    found = {path}
    for name in dir(module):
        child = getattr(module, name, None)
        if name.startswith("_") or not isinstance(child, types.ModuleType):
            continue
        if ".src" in child.__name__ or child.__name__.split(".")[0] != "keras":
            continue
        if id(child) not in seen:
            seen.add(id(child))
            found |= public_modules(child, f"{path}.{name}", seen)
    return found


def tf_public(tf):
    """(dotted name, object) of every public TensorFlow name outside TF_LEFT_OUT."""
    pending, seen = [("tf", tf)], set()
    while pending:
        path, module = pending.pop()
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            child, dotted = getattr(module, name), f"{path}.{name}"
            if isinstance(child, types.ModuleType):
                # TensorFlow's API modules, generated under tensorflow/_api/v2/;
                # its implementation packages show up as attributes too.
                own = f"{os.sep}_api{os.sep}v2{os.sep}" in (child.__file__ or "")
                if own and dotted not in TF_LEFT_OUT and id(child) not in seen:
                    seen.add(id(child))
                    pending.append((dotted, child))
                    yield dotted, child
            else:
                yield dotted, child


def tf_modules(tf):
    return {
        "tensorflow" + path[2:]
        for path, obj in tf_public(tf)
        if isinstance(obj, types.ModuleType)
    } | {"tensorflow"}


def tf_entries(tf):
    """TensorFlow's classes and functions on their pages, and every other name they have."""
    from tensorflow.python.util import tf_decorator, tf_export

    objects, aliases = {}, {}
    for path, obj in tf_public(tf):
        if isinstance(obj, types.ModuleType) or not callable(obj):
            continue
        # The export records sit on the function under TF's dispatch wrappers;
        # the first name is the canonical one, where tensorflow.org has its page.
        names = tf_export.get_v2_names(tf_decorator.unwrap(obj)[1])
        canonical = names[0] if names else None
        if canonical is None or not _same(tf, "tf." + canonical, obj):
            continue  # not TensorFlow's own (Keras's, through tf.losses...)
        module, _, _ = canonical.rpartition(".")
        name = f"tensorflow.{canonical}"
        objects[name] = {
            "url": TF_DOCS + "tf/" + canonical.replace(".", "/"),
            "group": ("TensorFlow", f"tf.{module}" if module else None),
            "kind": "class" if inspect.isclass(obj) else "function",
        }
        if path != "tf." + canonical:
            aliases["tensorflow" + path[2:]] = name
    return objects, aliases


def _group(groups, group):
    return groups.setdefault(tuple(group), len(groups))


def _dumps(data):
    """JSON with one entry per line, sorted, so that a re-generation diffs by entry."""
    lines = ["{"]
    for index, (key, value) in enumerate(data.items()):
        comma = "," if index < len(data) - 1 else ""
        if isinstance(value, dict) and key != "source":
            body = ",\n".join(
                f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True)}"
                for k, v in sorted(value.items())
            )
            lines.append(f"{json.dumps(key)}: {{\n{body}\n}}{comma}")
        elif isinstance(value, list) and key != "source":
            body = ",\n".join(f"  {json.dumps(v)}" for v in value)
            lines.append(f"{json.dumps(key)}: [\n{body}\n]{comma}")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, indent=1)}{comma}")
    return "\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    main()
