"""The library as a program uses it: ``from lkt_excel import ...``, and no side effects."""

from __future__ import annotations

import gc

import pytest

import lkt_excel
from lkt_excel import api


def test_the_api_functions_are_the_package_names():
    from lkt_excel import build, check, load, template

    assert (build, check, load, template) == (api.build, api.check, api.load, api.template)
    assert set(lkt_excel.__all__) == {"__version__", "build", "check", "load", "template"}
    assert {"build", "check", "load", "template"} <= set(dir(lkt_excel))
    with pytest.raises(AttributeError, match="no attribute 'bogus'"):
        lkt_excel.bogus  # noqa: B018


def test_build_and_check_leave_the_garbage_collector_alone(rows, make_input, tmp_path, monkeypatch):
    """The collector belongs to the host program: the library neither stops nor starts it."""

    def touched(*args):
        raise AssertionError("the library switched the garbage collector")

    path = make_input(rows)
    monkeypatch.setattr(gc, "disable", touched)
    monkeypatch.setattr(gc, "enable", touched)
    assert lkt_excel.build(path, tmp_path / "laporan.xlsx").output.is_file()
    assert lkt_excel.check(path)
    assert gc.isenabled()


def test_collector_paused_restores_what_it_found():
    assert gc.isenabled()
    with api.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with api.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a host that runs with the collector off keeps it off
    finally:
        gc.enable()
