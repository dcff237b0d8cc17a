"""The Keras and TensorFlow names each visible code cell uses, resolved as Python binds them.

A page's code cells run in one kernel, in order, sharing one global
namespace; each cell is compiled on its own. So the cells are read as
Python reads them: each one's syntax tree, with the stdlib's own symbol
table (`symtable`) saying, for every name in every scope, whether it is
local, global or free. A name refers to an API object only when every
binding it can have there is the same import, or the same expression over
imports: `layers` after `from keras import layers` is `keras.layers`; a
local variable called `layers`, or a module-level `layers` rebound anywhere
(a loop, a second import, `global layers` in a function), is nothing.

What static reading can tell, and what it cannot:

- attribute chains over imports: `keras.utils.set_random_seed`,
  `K.layers.Dropout` after `import keras as K`, `L.Dense` after
  `from keras import layers as L`, names in `from keras.layers import Dense`;
- one step past a call: a name bound only to `keras.Sequential(...)` (or to
  a local function whose every `return` gives one) holds its instance, so
  `model.fit` is recorded as `keras.Sequential().fit`; whether Sequential is
  a class, and whose `fit` that is, the site's API map decides;
- not: values from loops, containers, arguments, attributes of attributes,
  results of functions that are not defined in the page, `exec`, names set
  through `globals()`; a page with `from x import *` resolves no global.

Only names rooted in API_PACKAGES are recorded. Positions are in characters
of the cell's source, 0-based columns, 1-based lines, so that the site can
put each link on its token.
"""

import ast
import re
import symtable
from collections import deque

from . import scopes
from .scopes import UNKNOWN

API_PACKAGES = ("keras", "tensorflow")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
HIDDEN_TAGS = ("remove-cell", "remove-input")
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def references(notebook, added_key):
    """What each visible code cell of `notebook` uses, by cell id.

    {"cells": {id: {"section": heading or None, "uses": [use, ...]}}}. A
    use is one string, `"line:start-end name start-end name"`: the
    candidate spans of one name chain on one line, the longest first
    (`"12:0-27 keras.utils.set_random_seed 0-11 keras.utils"`); the site
    links the first whose name has a page (`parse_use` reads it back).
    Cells the build added (`added_key` in their metadata) are no code of
    the example.
    """
    cells = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and added_key not in cell.metadata
    ]
    binder = Binder()
    try:
        scopes = [binder.bind(cell.source) for cell in cells]
    except SyntaxError as error:
        # IPython syntax (magics) is not Python: what it binds cannot be read.
        return {"cells": {}, "unread": f"a code cell is not Python ({error.msg})"}
    found = {}
    sections = _sections(notebook, cells)
    for cell, scope, section in zip(cells, scopes, sections, strict=True):
        tags = cell.metadata.get("tags", [])
        if any(tag in tags for tag in HIDDEN_TAGS):
            continue
        uses = binder.uses(*scope, cell.source)
        if uses:
            found[cell.id] = {"section": section, "uses": uses}
    return {"cells": found}


def parse_use(use):
    """(line, [(start, end, name), ...]) from a use string of `references`."""
    line, _, spans = use.partition(":")
    parts = spans.split(" ")
    found = []
    for span, name in zip(parts[::2], parts[1::2], strict=True):
        start, _, end = span.partition("-")
        found.append((int(start), int(end), name))
    return int(line), found


def _sections(notebook, cells):
    """The last Markdown heading above each of `cells` (None above the first)."""
    wanted, heading, found = {id(cell) for cell in cells}, None, []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = HEADING.match(line)
                if match and len(match[1]) > 1:  # the page title is no section
                    heading = match[2]
        elif id(cell) in wanted:
            found.append(heading)
    return found


class Binder:
    """Every binding of every name in a page's cells, then what its uses resolve to.

    Values: ("ref", dotted) a name reached from an import; ("instance",
    dotted) what calling it returned; ("member", "dotted().attr") an
    attribute of that; ("def", node, stack) a function the page defines.
    """

    def __init__(self):
        self.bindings = {}  # (scope key, name) -> [binding]
        self.scope_of = {}  # id(scope node) -> its symbol table
        self.star_import = False
        self._resolving = set()

    def bind(self, source):
        """Record what each name in this cell is bound to; (tree, table) for `uses`."""
        tree = ast.parse(source)
        table = symtable.symtable(source, "<cell>", "exec")
        scopes.Walker(self, table, binding=self._bind).visit(tree)
        return tree, table

    def uses(self, tree, table, source):
        """This cell's API uses, in order, as `references` describes them."""
        lines, found = source.splitlines(), []

        def chain(node, stack):
            found.extend(self._use(self._candidates(node, stack), lines))

        def imported(alias, name):  # `from keras.layers import Dense`: `Dense`
            start = alias.col_offset
            span = (alias.lineno, start, start + len(alias.name.encode()), name)
            found.extend(self._use([span], lines))

        scopes.Walker(self, table, chain=chain, imported=imported).visit(tree)
        return [
            f"{line}:" + " ".join(f"{start}-{end} {name}" for start, end, name in spans)
            for line, spans in sorted(found)
        ]

    def _bind(self, name, value, stack):
        table = _owners(stack, name)[0]  # a class body binds in its own scope
        self.bindings.setdefault((_key(table), name), []).append(value)

    def value(self, node, stack):
        """What an expression's value is (see the class docstring), or None."""
        if isinstance(node, ast.Name):
            return self.name_value(node.id, stack)
        if isinstance(node, ast.Attribute):
            base = self.value(node.value, stack)
            if base and base[0] == "ref":
                return ("ref", f"{base[1]}.{node.attr}")
            if base and base[0] == "instance":
                return ("member", f"{base[1]}().{node.attr}")
            return None
        if isinstance(node, ast.Call):
            called = self.value(node.func, stack)
            if called and called[0] == "ref":
                return ("instance", called[1])
            if called and called[0] == "def":
                return self._guarded(
                    ("returns", called[1]), self._returned, *called[1:]
                )
        return None

    def name_value(self, name, stack):
        """The one value `name` has in every binding this scope can see, or None."""
        owners = _owners(stack, name)
        if self.star_import and _key(owners[-1]) == MODULE:
            return None
        key = (tuple(_key(t) for t in owners), name)
        return self._guarded(key, self._one_value, owners, name)

    def _one_value(self, owners, name):
        values = {
            self._binding_value(binding)
            for table in owners
            for binding in self.bindings.get((_key(table), name), [])
        }
        return values.pop() if len(values) == 1 else None

    def _guarded(self, key, compute, *args):
        """compute(*args), or None if it is already being computed (a cycle)."""
        if key in self._resolving:
            return None
        self._resolving.add(key)
        try:
            return compute(*args)
        finally:
            self._resolving.discard(key)

    def _binding_value(self, binding):
        if binding[0] == "expr":
            return self.value(binding[1], binding[2])
        return None if binding is UNKNOWN else binding

    def _returned(self, function, stack):
        """The one value every `return` of a function the page defines gives, or None."""
        own = list(
            _own_nodes(function, ast.Return, ast.Yield, ast.YieldFrom, ast.Await)
        )
        if not own or any(
            not isinstance(n, ast.Return) or n.value is None for n in own
        ):
            return None
        inner = (*stack, self.scope_of[id(function)])
        values = {self.value(n.value, inner) for n in own}
        value = values.pop() if len(values) == 1 else None
        return value if value and value[0] != "def" else None

    def _candidates(self, node, stack):
        """(line, start, end, name) of each part of a chain that is an API name."""
        candidates = []  # UTF-8 byte columns, as ast gives them
        for part in _chain(node):
            value = self.value(part, stack)
            if value and value[0] == "member":  # the attribute's token
                end = part.end_col_offset
                start = end - len(part.attr.encode())
                candidates.append((part.end_lineno, start, end, value[1]))
            elif value and value[0] == "ref" and part.end_lineno == part.lineno:
                end = part.end_col_offset
                candidates.append((part.lineno, part.col_offset, end, value[1]))
        return candidates

    def _use(self, candidates, lines):
        """One use: its candidate spans, longest first, on the line of the first."""
        # The package itself (`keras`, `tensorflow`) is never an API object.
        kept = [c for c in candidates if _root(c[3]) in API_PACKAGES and "." in c[3]]
        if not kept:
            return []
        line = kept[0][0]
        text = lines[line - 1].encode()
        spans = [
            [_chars(text, start), _chars(text, end), name]
            for at, start, end, name in kept
            if at == line
        ]
        return [[line, spans]]


MODULE = "module"


def _key(table):
    """Every cell's module scope is the one global namespace of the kernel."""
    return MODULE if table.get_type() == MODULE else table.get_id()


def _chain(node):
    """The node and its attribute bases: keras.utils.f -> [keras.utils.f, keras.utils, keras]."""
    parts = [node]
    while isinstance(parts[-1], ast.Attribute) and isinstance(
        parts[-1].value, ast.Name | ast.Attribute
    ):
        parts.append(parts[-1].value)
    return parts


def _root(name):
    return name.split(".")[0].removesuffix("()")


def _chars(text, offset):
    """ast's UTF-8 byte offset -> a character offset in that line."""
    return len(text[:offset].decode("utf-8"))


def _owners(stack, name):
    """The scopes whose bindings of `name` a use in the innermost scope may see.

    Python's rules, as symtable records them: a local of a function is its
    own; a global is the module's; a free name is the nearest enclosing
    function's. A class body sees its own binding, or else the global one.
    """
    table, module = stack[-1], stack[0]
    if table is module:
        return [module]
    symbol = table.lookup(name)
    if symbol.is_global() or symbol.is_declared_global():
        return [module]
    if symbol.is_free() or symbol.is_nonlocal():
        for outer in reversed(stack[1:-1]):
            if outer.get_type() == "function" and name in outer.get_identifiers():
                found = outer.lookup(name)
                if found.is_local() and not found.is_free():
                    return [outer]
        return [module]
    if table.get_type() == "class":
        return [table, module]
    return [table]


def _own_nodes(scope, *types):
    """Nodes of `types` in a function's body, not inside the scopes nested in it."""
    pending = deque(scope.body)
    while pending:
        node = pending.popleft()
        if isinstance(node, types):
            yield node
        if not isinstance(node, SCOPES + COMPREHENSIONS):
            pending.extend(ast.iter_child_nodes(node))
