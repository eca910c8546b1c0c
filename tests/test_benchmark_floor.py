"""The benchmark's library floor replays a build exactly (benchmarks/library_floor.py).

The harness compares lkt-excel's time with the time xlsxwriter and
python-calamine alone need for the same workbook; that comparison is only fair
if the replay writes the same workbook. Times themselves are not tested here.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT / "benchmarks" / "library_floor.py"
EXAMPLE = ROOT / "examples" / "contoh-lkt-2021-kabupaten-malang.xlsx"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        # core.xml holds the time of writing: the one part that may differ.
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def test_replay_writes_the_workbook_the_build_wrote(tmp_path):
    calls, built, replayed = tmp_path / "calls.py", tmp_path / "built.xlsx", tmp_path / "r.xlsx"
    for args in (
        ["record", str(EXAMPLE), str(calls), str(built)],
        ["run", str(EXAMPLE), str(calls), str(replayed), "--times", "2"],
    ):
        subprocess.run([sys.executable, str(FLOOR), *args], cwd=ROOT, check=True)
    # The record really wrote the report (its five sheets and the charts of two indicators).
    found = parts(built)
    assert {"xl/worksheets/sheet5.xml", "xl/charts/chart2.xml"} <= set(found)
    assert "Capaian" in found["xl/workbook.xml"].decode()
    assert parts(replayed) == found
