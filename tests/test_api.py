"""The library as a program uses it: no side effects on the host process."""

from __future__ import annotations

import gc

from lkt_excel import api


def test_build_and_check_leave_the_garbage_collector_alone(rows, make_input, tmp_path, monkeypatch):
    """The collector belongs to the host program: the library neither stops nor starts it."""

    def touched(*args):
        raise AssertionError("the library switched the garbage collector")

    path = make_input(rows)
    monkeypatch.setattr(gc, "disable", touched)
    monkeypatch.setattr(gc, "enable", touched)
    assert api.build(path, tmp_path / "laporan.xlsx").output.is_file()
    assert api.check(path)
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
