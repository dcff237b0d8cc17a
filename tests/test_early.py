"""The early fixtures' set-up (tests/early.py): run once, by whoever comes
first, and what it returned or raised reaches the fixture unchanged."""

import threading
from types import SimpleNamespace

import early
import pytest


def counted(outcome):
    """A set-up that notes each call and returns `outcome` (or raises it)."""
    calls = []

    def setup(tmp_path_factory):
        calls.append(threading.get_ident())
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return early._SetUp(setup), calls


def test_a_set_up_the_thread_ran_is_not_run_again(tmp_path_factory):
    setup, calls = counted("deployed")
    ran = threading.Thread(target=setup.run_if_unclaimed, args=(tmp_path_factory,))
    ran.start()
    ran.join()
    assert setup.result(tmp_path_factory) == "deployed"
    assert calls == [ran.ident]


def test_a_set_up_not_yet_reached_is_run_by_its_fixture(tmp_path_factory):
    setup, calls = counted("built")
    assert setup.result(tmp_path_factory) == "built"
    setup.run_if_unclaimed(tmp_path_factory)  # the thread, arriving late
    assert calls == [threading.get_ident()]


def test_what_a_set_up_raised_is_raised_by_its_fixture(tmp_path_factory):
    setup, calls = counted(AssertionError("stale artifacts"))
    setup.run_if_unclaimed(tmp_path_factory)
    for _ in range(2):  # every test of the fixture sees it
        with pytest.raises(AssertionError, match="stale artifacts"):
            setup.result(tmp_path_factory)
    assert len(calls) == 1


def item(module, *fixtures):
    return SimpleNamespace(
        module=SimpleNamespace(__name__=module), fixturenames=fixtures
    )


def test_a_test_modules_fixture_is_needed_only_by_its_own_tests():
    def project(tmp_path_factory): ...

    def gh_pages(tmp_path_factory): ...

    gh_pages.__module__ = "browser_site"  # a shared fixture, as the browser tests'
    own, shared = early._SetUp(project), early._SetUp(gh_pages)
    assert own.needed_by(item(__name__, "project"))
    assert not own.needed_by(item("test_build", "project"))  # its own `project`
    assert not own.needed_by(item(__name__, "tmp_path"))
    assert shared.needed_by(item("test_browser_phone", "gh_pages"))
