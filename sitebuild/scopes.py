"""Visit a cell's syntax tree in the scopes Python runs each part of it in.

`Walker` pairs each function, lambda, class and comprehension of the tree
with the symbol table the compiler made for it (`symtable`), and visits
every part where it runs: a function's defaults and decorators in the
enclosing scope, its body in its own; a comprehension's first iterable
outside it, the rest inside. It reports every name bound (with what it is
bound to) and every name chain read, with the stack of scopes in force;
`apirefs` decides what they mean.
"""

import ast
from collections import deque

UNKNOWN = ("unknown",)  # bound to something static reading cannot know


class Walker(ast.NodeVisitor):
    """Visits a cell in the scopes Python runs each part in, with symtable's tables.

    `binding(name, value, stack)` hears of every name bound, `value` being
    ("ref", dotted) for an import, ("expr", node, stack) for `name = node`,
    ("def", node, stack) for a plain function, else UNKNOWN. `chain(node,
    stack)` hears of every maximal Name/Attribute chain read, and
    `imported(alias, "m.name")` of every name a `from m import name` brings
    (the name in the import is a use too). The binder
    keeps, in `scope_of`, each scope node's table, and notes a star import.
    """

    def __init__(self, binder, module_table, binding=None, chain=None, imported=None):
        self.binder, self.binding, self.chain = binder, binding, chain
        self.imported = imported
        self.stack = (module_table,)
        self._children = {}

    def _bound(self, name, value):
        if self.binding:
            self.binding(name, value, self.stack)

    def _in_scope(self, node, name, body, params=()):
        """Run `body` inside the symbol table Python made for `node`."""
        table = self.stack[-1]
        if table.get_id() not in self._children:
            queues = {}
            for child in table.get_children():
                key = (child.get_name(), child.get_lineno())
                queues.setdefault(key, deque()).append(child)
            self._children[table.get_id()] = queues
        child = self._children[table.get_id()][(name, node.lineno)].popleft()
        self.binder.scope_of[id(node)] = child
        self.stack = (*self.stack, child)
        try:
            for param in params:
                self._bound(param, UNKNOWN)
            body()
        finally:
            self.stack = self.stack[:-1]

    def _visit_all(self, nodes):
        for node in nodes:
            self.visit(node)

    def visit_FunctionDef(self, node):
        self._visit_all(
            [*node.decorator_list, *_defaults(node.args), *_annotations(node)]
        )
        plain = not node.decorator_list and isinstance(node, ast.FunctionDef)
        self._bound(node.name, ("def", node, self.stack) if plain else UNKNOWN)
        body = lambda: self._visit_all(node.body)
        self._in_scope(node, node.name, body, _params(node.args))

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._visit_all(_defaults(node.args))
        body = lambda: self.visit(node.body)
        self._in_scope(node, "lambda", body, _params(node.args))

    def visit_ClassDef(self, node):
        self._visit_all([*node.decorator_list, *node.bases, *node.keywords])
        self._bound(node.name, UNKNOWN)
        self._in_scope(node, node.name, lambda: self._visit_all(node.body))

    def _comprehension(self, node, name, results):
        self.visit(node.generators[0].iter)  # evaluated in the enclosing scope

        def body():
            for index, generator in enumerate(node.generators):
                self.visit(generator.target)
                if index:
                    self.visit(generator.iter)
                self._visit_all(generator.ifs)
            self._visit_all(results)

        self._in_scope(node, name, body)

    def visit_ListComp(self, node):
        self._comprehension(node, "listcomp", [node.elt])

    def visit_SetComp(self, node):
        self._comprehension(node, "setcomp", [node.elt])

    def visit_GeneratorExp(self, node):
        self._comprehension(node, "genexpr", [node.elt])

    def visit_DictComp(self, node):
        self._comprehension(node, "dictcomp", [node.key, node.value])

    def visit_Import(self, node):
        for alias in node.names:
            if alias.asname:
                self._bound(alias.asname, ("ref", alias.name))
            else:  # `import a.b` binds `a`
                root = alias.name.split(".")[0]
                self._bound(root, ("ref", root))

    def visit_ImportFrom(self, node):
        for alias in node.names:
            if alias.name == "*":
                self.binder.star_import |= self.binding is not None
                continue
            if node.level:  # a module of the examples' own
                self._bound(alias.asname or alias.name, UNKNOWN)
                continue
            value = ("ref", f"{node.module}.{alias.name}")
            self._bound(alias.asname or alias.name, value)
            if self.imported:
                self.imported(alias, value[1])

    def _assigned(self, target, value):
        """A plain name keeps the value; any other target binds its names to UNKNOWN."""
        if isinstance(target, ast.Name):
            self._bound(target.id, value)
        else:
            self.visit(target)  # its names are stores; `a[i]`, `a.b` read `a`, `i`

    def visit_Assign(self, node):
        self.visit(node.value)
        for target in node.targets:
            self._assigned(target, ("expr", node.value, self.stack))

    def visit_AnnAssign(self, node):
        self._visit_all(p for p in (node.annotation, node.value) if p is not None)
        value = ("expr", node.value, self.stack) if node.value else UNKNOWN
        self._assigned(node.target, value)

    def visit_NamedExpr(self, node):
        self.visit(node.value)
        self._bound(node.target.id, ("expr", node.value, self.stack))

    def visit_Name(self, node):
        if not isinstance(node.ctx, ast.Load):
            self._bound(node.id, UNKNOWN)  # for, with, del, +=, unpacking
        elif self.chain:
            self.chain(node, self.stack)

    def visit_Attribute(self, node):
        if not (self.chain and isinstance(node.ctx, ast.Load)):
            self.visit(node.value)
            return
        self.chain(node, self.stack)
        inner = node.value  # the chain's own parts came with it; not what it starts on
        while isinstance(inner, ast.Attribute):
            inner = inner.value
        if not isinstance(inner, ast.Name):
            self.visit(inner)

    def visit_ExceptHandler(self, node):
        if node.name:
            self._bound(node.name, UNKNOWN)
        self.generic_visit(node)

    def visit_MatchAs(self, node):
        if node.name:
            self._bound(node.name, UNKNOWN)
        self.generic_visit(node)

    def visit_MatchStar(self, node):
        if node.name:
            self._bound(node.name, UNKNOWN)

    def visit_MatchMapping(self, node):
        if node.rest:
            self._bound(node.rest, UNKNOWN)
        self.generic_visit(node)


def _params(arguments):
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [a for a in (arguments.vararg, arguments.kwarg) if a]
    return [a.arg for a in every]


def _defaults(arguments):
    return [*arguments.defaults, *[d for d in arguments.kw_defaults if d is not None]]


def _annotations(node):
    every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    every += [a for a in (node.args.vararg, node.args.kwarg) if a]
    found = [a.annotation for a in every if a.annotation is not None]
    return found + ([node.returns] if node.returns is not None else [])
