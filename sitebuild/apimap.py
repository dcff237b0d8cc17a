"""Which API page documents a Keras or TensorFlow name: a read of api_map.json.

The map is data, written by scripts/api_map.py from keras-io's API tree and
TensorFlow's API names, and checked against the installed libraries
(tests/test_api_map.py); nothing here reaches the network. Names are the
ones `apirefs` records: dotted paths from an import (`keras.regularizers.l2`,
`tensorflow.keras.layers.Dense`) and members of an instance
(`keras.Sequential().fit`).
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

MAP_FILE = Path(__file__).resolve().parent / "api_map.json"


@dataclass(frozen=True)
class Entry:
    """A documented object: the name its page gives it, the page, and its keras.io group."""

    name: str
    url: str
    section: str
    subsection: str | None
    group: int  # keras.io's order of its pages, then TensorFlow's modules


class ApiMap:
    def __init__(self, data):
        self.data = data
        self.objects = data["objects"]
        self.aliases = data["aliases"]
        self.classes = data["classes"]
        self.modules = set(data["modules"])

    @property
    def source(self):
        return self.data["source"]

    def entry(self, name):
        """The Entry documenting what `name` names, or None."""
        owner, _, member = name.partition("().")
        if member:  # an attribute of an instance: the class's, or a base's
            owner = self._documented(owner)
            return self._member(owner, member) if self.kind(owner) == "class" else None
        documented = self._documented(name)
        if documented:
            return self._entry(documented)
        owner, _, member = name.rpartition(".")  # a class's attribute: Model.fit
        owner = self._documented(owner)
        return self._member(owner, member) if self.kind(owner) == "class" else None

    def is_module(self, name):
        return self._mirrored(name) in self.modules

    def reason(self, name):
        """Why `name`, which has no entry, links nowhere."""
        owner, _, member = name.partition("().")
        if not member and name.endswith("()"):
            return "an instance, not an API object"
        if any(part.startswith("__") for part in name.split(".")):
            return "a module attribute, not an API object"
        if self.is_module(name):
            return "a module"
        called = bool(member)
        if not called:
            owner, _, member = name.rpartition(".")
        documented = self._documented(owner)
        if self.kind(documented) == "class":
            return f"an attribute of {documented} that has no entry of its own"
        if called and documented is None:
            return f"an attribute of a {owner} object; {owner}: {self.reason(owner)}"
        if called:
            return "the result of a function call, whose type is not known statically"
        if name.split(".")[0] == "keras":
            commit = self.source["keras-io"]["commit"][:7]
            return f"no page in keras.io's API tree (keras-io {commit})"
        return "no page of its own on tensorflow.org (not a class or function)"

    def kind(self, name):
        """class, function, method or property, for a documented name; else None."""
        return self.objects[name][2] if name in self.objects else None

    def _documented(self, name):
        """The documented name `name` is, through tf.keras-style mirrors and aliases."""
        name = self._mirrored(name)
        name = self.aliases.get(name, name)
        return name if name in self.objects else None

    def _mirrored(self, name):
        """tensorflow.keras.X -> keras.X where the object is the very same."""
        for prefix, mirror in self.data["prefixes"].items():
            if name == prefix or name.startswith(prefix + "."):
                rest = name[len(prefix) + 1 :]
                if rest not in mirror["except"]:
                    return mirror["to"] + name[len(prefix) :]
        return name

    def _member(self, owner, member):
        """`owner.member`, documented on owner or on the base it inherits it from."""
        if f"{owner}.{member}" in self.objects:
            return self._entry(f"{owner}.{member}")
        known = self.classes.get(owner, {"bases": [], "overrides": []})
        if member in known["overrides"]:
            return None
        for base in known["bases"]:
            if f"{base}.{member}" in self.objects:
                return self._entry(f"{base}.{member}")
        return None

    def _entry(self, name):
        url, group, _ = self.objects[name]
        section, subsection = self.data["groups"][group]
        return Entry(name, url, section, subsection, group)


@functools.cache
def load(path=MAP_FILE):
    """The map at `path`, read once per process."""
    return ApiMap(json.loads(Path(path).read_text(encoding="utf-8")))
