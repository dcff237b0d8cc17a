"""Fixtures whose set-up needs nothing from the session, started as it starts.

Three fixtures spend half a minute each running processes that read only
the repository and a folder of their own: deploying the site with mike for
the browser tests (tests/browser_site.py), building a new example and its
site (tests/test_pages.py), publishing two releases with `make publish`
(tests/test_publish.py). Tests run one after another, so each of those
waits was spent in front of every later test. (The tiny projects that test
modules build once take seconds, while the cores are busy anyway: made
early too, they saved nothing measurable.) A fixture made with
`early.fixture` has its set-up run in one background thread from the
session's first test on (tests/conftest.py), in the order its tests come;
the fixture then returns what the set-up returned, or raises what it
raised, as if it had run it itself. If its tests come before the thread
gets to it, the fixture runs the set-up itself; in a session without its
tests it never runs.

A set-up's processes inherit the test process's environment when they
start, so a test that changes it (with `monkeypatch`: a dead proxy, an
empty data folder) first waits for every set-up to end (`wait_all`, from
tests/conftest.py): none of them ever sees its changes.
"""

import threading

import pytest

_setups = []  # every early fixture's set-up, in the order they were made
_session = {}  # the session's one thread running them, once started


class _SetUp:
    """One set-up `function(tmp_path_factory)`, run once, by whoever claims it first."""

    def __init__(self, function):
        self.function = function
        self.name, self.module = function.__name__, function.__module__
        self._claimed = threading.Lock()
        self._done = threading.Event()
        self._outcome = None  # ("returned", value) or ("raised", error)

    def needed_by(self, item):
        """Whether `item` uses this fixture: by its name, in the module that
        defines it (a test module's own fixture) or anywhere (a shared one)."""
        of_a_test_module = self.module.startswith("test_")
        return self.name in item.fixturenames and (
            not of_a_test_module or item.module.__name__ == self.module
        )

    def run_if_unclaimed(self, tmp_path_factory):
        if not self._claimed.acquire(blocking=False):
            return
        try:
            self._outcome = ("returned", self.function(tmp_path_factory))
        except BaseException as error:  # raised again in the fixture
            self._outcome = ("raised", error)
        finally:
            self._done.set()

    def result(self, tmp_path_factory):
        self.run_if_unclaimed(tmp_path_factory)
        self._done.wait()
        kind, value = self._outcome
        if kind == "raised":
            raise value
        return value


def fixture(scope):
    """Make `function(tmp_path_factory)` a fixture of `scope` whose set-up
    starts as the session starts (see the module's docstring)."""

    def make(function):
        setup = _SetUp(function)
        _setups.append(setup)

        @pytest.fixture(scope=scope, name=function.__name__)
        def early_fixture(tmp_path_factory):
            return setup.result(tmp_path_factory)

        early_fixture.__doc__ = function.__doc__
        return early_fixture

    return make


def wait_all():
    """Wait until the thread has run every set-up it was given."""
    if "thread" in _session:
        _session["thread"].join()


def start(items, tmp_path_factory):
    """Run, in one thread, the set-ups that `items` (the session's tests, in
    order) need, in the order they first need them."""
    needed = []
    for item in items:
        needed += [s for s in _setups if s not in needed and s.needed_by(item)]
    if needed:
        tmp_path_factory.getbasetemp()  # made here, not raced by the thread
        _session["thread"] = threading.Thread(
            target=lambda: [s.run_if_unclaimed(tmp_path_factory) for s in needed],
            daemon=True,
        )
        _session["thread"].start()
