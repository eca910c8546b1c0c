"""Benchmark lkt-excel against the cost of importing its own libraries.

Run from anywhere with ``python benchmarks/run.py`` (no services, no network).
It writes its inputs with the tool's own contract (``lkt_excel.inputs.template``),
times every command in fresh ``python`` processes, several rounds each, and
reports the median. Rounds are interleaved (one round runs every benchmark
once) so that a busy machine slows all rows alike and the ratios stay fair.
Peak memory is measured in one extra, untimed run per row through a small
probe process that reads ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``.

The table, the ratios with their bounds and the machine are printed and
written as JSON (``--json``, default ``benchmarks/results.json``). The exit
code is 1 when a measured ratio misses its bound.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from lkt_excel import __version__  # noqa: E402
from lkt_excel.inputs import contoh  # noqa: E402
from tests.builders import write_example, write_input  # noqa: E402

PYTHON = sys.executable
FLOOR_IMPORTS = "import pandas, xlsxwriter, python_calamine, typer"  # the performance goal's floor
OWN_IMPORTS = "import xlsxwriter, python_calamine, typer, babel"  # what lkt-excel depends on
COMMAND_NAMES = ("build", "check", "template", "proses", "batch")
LIBRARY_FLOOR = Path(__file__).resolve().parent / "library_floor.py"
LIBRARY_BOUND = 1.5  # our cost over the libraries' own work for the same files (README)
FLOOR_TIMES = 51  # replays of one workbook in the per-file library floor (50 after the first)
MINIMAL_PACKAGE = "lkt_minimal"

# A typer app with the same command names and no work: the --help baseline.
MINIMAL_APP = """
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

{commands}

app()
"""
MINIMAL_COMMAND = '''
@app.command("{name}")
def {function}(path: Annotated[Path, typer.Argument(help="A path.")]) -> None:
    """The {name} command; it does nothing."""
'''

# Runs a command and prints the peak resident memory of its process tree.
MEMORY_PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


# ---------------------------------------------------------------------------
# Inputs, written with the tool's contract
# ---------------------------------------------------------------------------


def _ratio(pembilang: int, penyebut: int) -> Decimal:
    value = Decimal(pembilang) * 100 / Decimal(penyebut)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def workbook_rows(
    indicators: int, per_sasaran: int, instansi: str, seed: int
) -> tuple[list, list, list]:
    """Laporan, Indikator and Data rows of a valid workbook: half ratios in %, half counts.

    Each quarter has a reported realisation; one in 25 differs from the
    computed one, so the cross-check has something to say.
    """
    rng = random.Random(seed)
    laporan = [
        ("Judul", "LAPORAN KINERJA TRIWULAN"),
        ("Instansi", instansi),
        ("Wilayah", "Kabupaten Malang"),
        ("Tahun", 2021),
        ("Triwulan", "IV"),
        ("Desimal", 2),
        ("Pembulatan", "normal"),
    ]
    indikator: list[tuple] = [contoh.INDIKATOR_HEADERS]
    data: list[tuple] = [contoh.DATA_HEADERS]
    for i in range(indicators):
        kode = f"IK{i + 1}"
        sasaran = i // per_sasaran + 1
        ratio = i % 2 == 0
        targets = [rng.randint(1, 90) + rng.randint(0, 99) / 100 for _ in range(4)]
        indikator.append(
            (
                kode,
                sasaran,
                f"Meningkatnya layanan bidang {sasaran} bagi masyarakat",
                f"{'Persentase' if ratio else 'Jumlah'} layanan {i + 1} yang tuntas",
                "%" if ratio else "layanan",
                "positif" if i % 3 else "negatif",
                f"jumlah layanan {i + 1} yang tuntas",
                f"jumlah layanan {i + 1}" if ratio else None,
                *targets,
                None,
                None,
                f"Program {sasaran}",
                contoh.ANALISIS_UMK,
            )
        )
        for q, roman in enumerate(("I", "II", "III", "IV"), start=1):
            pembilang = rng.randint(0, 5000)
            penyebut = pembilang + rng.randint(1, 100000) if ratio else None
            shown = _ratio(pembilang, penyebut) if penyebut else Decimal(pembilang)
            if (i * 4 + q) % 25 == 0:
                shown += Decimal("0.01")
            data.append((kode, roman, pembilang, penyebut, float(shown)))
    return laporan, indikator, data


def write_inputs(folder: Path, indicators: int, files: int, per_file: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    example = write_example(folder / "contoh.xlsx")
    big = write_input(
        folder / f"besar-{indicators}.xlsx", *workbook_rows(indicators, 10, "Dinas Besar", 1)
    )
    many = folder / "folder"
    many.mkdir(exist_ok=True)
    for n in range(files):
        instansi = f"Dinas Nomor {n + 1:03d}"
        write_input(many / f"dinas-{n + 1:03d}.xlsx", *workbook_rows(per_file, 5, instansi, n))
    minimal = folder / MINIMAL_PACKAGE
    minimal.mkdir(exist_ok=True)
    commands = "".join(
        MINIMAL_COMMAND.format(name=name, function=f"command_{name}") for name in COMMAND_NAMES
    )
    (minimal / "__init__.py").write_text("", encoding="utf-8")
    (minimal / "__main__.py").write_text(
        MINIMAL_APP.format(commands=commands).lstrip(), encoding="utf-8"
    )
    unclosed = write_unclosed_cells(folder / "terbuka.xlsx", UNCLOSED_CELLS)
    return {"example": example, "big": big, "folder": many, "unclosed": unclosed}


UNCLOSED_CELLS = 100_000
# `check` of the file of unclosed cells: exit 0 only when it is refused as unreadable.
UNCLOSED_CHECK = (
    "import sys; from lkt_excel import api; problems = api.check(sys.argv[1]); "
    "sys.exit(0 if [p.code for p in problems] == ['berkas-tidak-terbaca'] else 1)"
)


def write_unclosed_cells(path: Path, count: int) -> Path:
    """An .xlsx whose one sheet holds ``count`` unclosed ``<c>`` (a few KB): the pre-scan
    once took minutes on it (issue 13)."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData><row r="1">'
        + "<c>" * count
        + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def write_quarter(folder: Path, files: int, per_file: int) -> Path:
    """The coordinator's folder: ``files`` agencies' workbooks of one quarter."""
    quarter = folder / "kuartal"
    quarter.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        instansi = f"Dinas Kuartal {n + 1:04d}"
        write_input(quarter / f"opd-{n + 1:04d}.xlsx", *workbook_rows(per_file, 5, instansi, n))
    return quarter


# The recap alone, as a run makes it: the manifest and the recap records read,
# every agency's figures worked out, rekap.xlsx written (argv: output folder, target).
RECAP_ALONE = """
import sys
from pathlib import Path
from lkt_excel.folder.manifest import MANIFEST_NAME, Manifest
from lkt_excel.folder.recap_data import STORE_NAME, RecapStore, agency_of
from lkt_excel.folder.rekap import write_recap
out = Path(sys.argv[1])
manifest = Manifest.load(out / MANIFEST_NAME)
store = RecapStore.load(out / STORE_NAME)
agencies = [
    agency_of(label, manifest.inputs[label].output or "", stored.record)
    for label, stored in store.entries.items()
    if label in manifest.inputs
]
assert agencies, "no recap records: run the unchanged re-run row first"
write_recap(agencies, Path(sys.argv[2]))
"""


def record_floors(work: Path, inputs: dict[str, Path], env: dict[str, str]) -> dict[str, Path]:
    """Log the xlsxwriter calls of the big report and of one folder workbook (library_floor.py)."""
    one = sorted(inputs["folder"].glob("*.xlsx"))[0]
    calls = {}
    for key, source in (("big", inputs["big"]), ("one", one)):
        calls[key] = work / f"calls_{key}.py"
        subprocess.run(
            [
                PYTHON,
                str(LIBRARY_FLOOR),
                "record",
                str(source),
                str(calls[key]),
                str(work / f"recorded-{key}.xlsx"),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return {**inputs, "one": one, "calls_big": calls["big"], "calls_one": calls["one"]}


def compiled_env() -> dict[str, str]:
    """The children's environment, with lkt-excel's bytecode compiled as an install leaves it.

    ``pip install`` compiles every module; an environment that sets
    PYTHONDONTWRITEBYTECODE would instead make each run compile lkt-excel from
    source (about 0.1 s a build here), which no user pays.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    package = Path(__import__("lkt_excel").__file__).resolve().parent
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(package)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


@dataclass
class Bench:
    key: str
    label: str
    argv: list[str]  # `{out}` is replaced by a fresh folder for each run
    rounds: int
    times: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    # Peak memory is not the libraries' for the replay rows: their compiled calls
    # (150,000 lines for the big report) are most of it, so it is not shown.
    probe_memory: bool = True
    skipped: str | None = None  # why it was not measured
    failed: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


class Runner:
    def __init__(self, work: Path, env: dict[str, str]):
        self.work = work
        self.env = env
        self.counter = 0

    def argv(self, bench: Bench) -> list[str]:
        self.counter += 1
        out = self.work / "out" / f"{bench.key}-{self.counter}"
        out.mkdir(parents=True)
        return [a.replace("{out}", str(out)) for a in bench.argv]

    def run(self, argv: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            argv, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def time(self, bench: Bench) -> None:
        if bench.skipped or bench.failed:
            return
        argv = self.argv(bench)
        start = time.perf_counter()
        done = self.run(argv)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            bench.failed = _tail(done.stderr)
        else:
            bench.times.append(elapsed)

    def memory(self, bench: Bench) -> None:
        """One untimed run through the probe; it also warms caches for the timed rounds."""
        if bench.skipped:
            return
        argv = self.argv(bench)
        if memory_unavailable() or not bench.probe_memory:
            done = self.run(argv)
        else:
            done = subprocess.run(
                [PYTHON, "-c", MEMORY_PROBE, *argv],
                cwd=ROOT,
                env=self.env,
                capture_output=True,
                text=True,
            )
            if done.returncode == 0:
                # Linux reports KiB, macOS bytes.
                unit = 1 if sys.platform == "darwin" else 1024
                bench.peak_mb = int(done.stdout.split()[-1]) * unit / 1e6
        if done.returncode != 0:
            bench.failed = _tail(done.stderr)


def memory_unavailable() -> str | None:
    try:
        import resource  # noqa: F401
    except ImportError:
        return "no `resource` module on this platform (Windows): peak memory is not measured"
    return None


def _tail(stderr: bytes | str | None, lines: int = 6) -> str:
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    return "\n".join((stderr or "").strip().splitlines()[-lines:]) or "(no message)"


def has_module(name: str) -> bool:
    done = subprocess.run([PYTHON, "-c", f"import {name}"], capture_output=True)
    return done.returncode == 0


def has_command(env: dict[str, str], name: str) -> bool:
    done = subprocess.run(
        [PYTHON, "-m", "lkt_excel", name, "--help"], cwd=ROOT, env=env, capture_output=True
    )
    return done.returncode == 0


def benches(inputs: dict[str, Path], env: dict[str, str], args) -> list[Bench]:
    jobs = os.cpu_count() or 1
    r, rf = args.repeat, args.repeat_folder
    tool = [PYTHON, "-m", "lkt_excel"]
    py = [PYTHON]
    rows = [
        Bench("python", "python -c pass (interpreter start)", [*py, "-c", "pass"], r),
        Bench("floor", f"import floor: {FLOOR_IMPORTS}", [*py, "-c", FLOOR_IMPORTS], r),
        Bench("own_floor", f"own libraries: {OWN_IMPORTS}", [*py, "-c", OWN_IMPORTS], r),
        Bench("typer", "import typer", [*py, "-c", "import typer"], r),
        Bench(
            "minimal_help", "minimal typer app --help", [*py, "-m", MINIMAL_PACKAGE, "--help"], r
        ),
        Bench(
            "minimal_run",
            "minimal typer app running one command that does nothing",
            [*py, "-m", MINIMAL_PACKAGE, "build", str(inputs["example"])],
            r,
        ),
        Bench("help", "python -m lkt_excel --help", [*tool, "--help"], r),
        Bench(
            "build_example",
            "build (example, 2 indicators)",
            [*tool, "build", str(inputs["example"]), "-o", "{out}"],
            r,
        ),
        Bench(
            "build_big",
            f"build ({args.indicators} indicators, {args.indicators * 4} Data rows)",
            [*tool, "build", str(inputs["big"]), "-o", "{out}"],
            r,
        ),
        Bench(
            "check_unclosed",
            f"check of {UNCLOSED_CELLS:,} unclosed <c> ({inputs['unclosed'].stat().st_size:,} "
            "bytes): refused",
            [*py, "-c", UNCLOSED_CHECK, str(inputs["unclosed"])],
            r,
        ),
    ]
    proses = [
        Bench(
            f"proses_{name}",
            f"proses ({args.files} workbooks, {args.per_file} indicators each), --jobs {n}",
            [*tool, "proses", str(inputs["folder"]), "-o", "{out}", "--jobs", str(n), "--semua"],
            rf,
        )
        for name, n in (("one", 1), ("all", jobs))
    ]
    floor = [PYTHON, str(LIBRARY_FLOOR), "run"]
    rows += proses + [
        Bench(
            "libs_big",
            f"libraries alone: read + write the {args.indicators}-indicator report",
            [*floor, str(inputs["big"]), str(inputs["calls_big"]), "{out}/report.xlsx"],
            r,
            probe_memory=False,
        ),
        Bench(
            "libs_one",
            f"libraries alone: read + write one {args.per_file}-indicator workbook",
            [*floor, str(inputs["one"]), str(inputs["calls_one"]), "{out}/report.xlsx"],
            r,
            probe_memory=False,
        ),
        Bench(
            "libs_many",
            f"libraries alone: the same, {FLOOR_TIMES} times in one process",
            [
                *floor,
                str(inputs["one"]),
                str(inputs["calls_one"]),
                "{out}/report.xlsx",
                "--times",
                str(FLOOR_TIMES),
            ],
            r,
            probe_memory=False,
        ),
    ]
    rows += quarter_benches(inputs, args, tool)
    if not has_module("pandas"):
        rows[1].skipped = "pandas is not installed: the floor falls back to our own libraries"
    if not has_command(env, "proses"):
        for bench in proses:
            bench.skipped = "this version of lkt-excel has no `proses` command"
    script = shutil.which("lkt-excel")
    if script:
        label = "lkt-excel --help (installed console script)"
        rows.insert(7, Bench("help_script", label, [script, "--help"], r))
    return rows


def quarter_benches(inputs: dict[str, Path], args, tool: list[str]) -> list[Bench]:
    """The coordinator's rows: a full run with the recap, the same folder unchanged, the
    recap alone. The unchanged row's untimed first run (see Runner.memory) builds its
    fixed output folder, so its timed rounds are re-runs; the recap row reads it."""
    quarter = inputs.get("quarter")
    if quarter is None:
        return []
    jobs = str(os.cpu_count() or 1)
    kept = quarter.parent / "kuartal-hasil"
    what = f"{args.quarter_files} workbooks, {args.per_file} indicators each"
    return [
        Bench(
            "quarter_full",
            f"proses with rekap.xlsx ({what}), --jobs {jobs}",
            [*tool, "proses", str(quarter), "-o", "{out}", "--jobs", jobs, "--semua"],
            args.repeat_folder,
        ),
        Bench(
            "quarter_rerun",
            "the same folder unchanged, rekap.xlsx included",
            [*tool, "proses", str(quarter), "-o", str(kept), "--jobs", jobs],
            args.repeat,
            probe_memory=False,
        ),
        Bench(
            "quarter_recap",
            f"rekap.xlsx alone ({args.quarter_files} reports' records)",
            [PYTHON, "-c", RECAP_ALONE, str(kept), "{out}/rekap.xlsx"],
            args.repeat,
        ),
    ]


def measure(rows: list[Bench], runner: Runner) -> None:
    for bench in rows:
        runner.memory(bench)
    rounds = max(b.rounds for b in rows)
    for round_ in range(rounds):
        for bench in rows:
            if round_ < bench.rounds:
                runner.time(bench)
        print(f"  round {round_ + 1}/{rounds} done", file=sys.stderr)


# ---------------------------------------------------------------------------
# Ratios and report
# ---------------------------------------------------------------------------


@dataclass
class Ratio:
    name: str
    value: float | None
    bound: str
    ok: bool | None  # None: not measured
    own: float | None = None  # the same ratio over the floor of our own libraries (information)


def median_of(by: dict[str, Bench], key: str) -> float | None:
    bench = by.get(key)
    return bench.median if bench else None


def ratios(by: dict[str, Bench], files: int, indicators: int) -> tuple[list[Ratio], str]:
    """The performance goal's ratios, over its floor (with pandas) when pandas is installed."""

    def m(key: str) -> float | None:
        return median_of(by, key)

    def div(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    floor_key = "floor" if m("floor") is not None else "own_floor"
    floor, own = m(floor_key), m("own_floor")
    found: list[Ratio] = []

    def add(name, value, limit, below=True, unit="x", own_value=None) -> None:
        shown = f"{'<=' if below else '>='} {limit:g}{unit}"
        ok = None if value is None else (value <= limit if below else value >= limit)
        found.append(Ratio(name, value, shown, ok, own_value))

    add("lkt-excel --help / minimal typer app --help", div(m("help"), m("minimal_help")), 1.2)
    for key, name, limit in (
        ("build_example", "build example / floor", 1.15),
        ("build_big", f"build {indicators:,} indicators / floor", 2.0),
    ):
        add(name, div(m(key), floor), limit, own_value=div(m(key), own))
    add(f"build {indicators:,} indicators: peak memory", by["build_big"].peak_mb, 300, unit=" MB")
    add("proses: --jobs 1 / --jobs all", div(m("proses_one"), m("proses_all")), 1.6, below=False)
    one = m("proses_one")

    def per_file(base: float | None) -> float | None:
        return (one - base) / files * 1000 if one is not None and base is not None else None

    add("proses: per-file cost, --jobs 1", per_file(floor), 40, unit=" ms", own_value=per_file(own))
    add("proses unchanged re-run, rekap included", m("quarter_rerun"), 2, unit=" s")
    recap, full, start = m("quarter_recap"), m("quarter_full"), m("python") or 0.0
    share = (recap - start) / full * 100 if recap is not None and full else None
    add("rekap.xlsx alone (less python start) / full run", share, 5, unit=" %")
    return found, floor_key


def library_ratios(by: dict[str, Bench], files: int, indicators: int) -> list[Ratio]:
    """The same costs over what python-calamine and xlsxwriter alone need for the same files.

    These bounds are lkt-excel's own (see README, Performance): the tool's work
    beyond reading and writing the workbooks stays small beside the libraries'.
    """

    def m(key: str) -> float | None:
        return median_of(by, key)

    found: list[Ratio] = []
    big, libs_big = m("build_big"), m("libs_big")
    floor = m("floor") or m("own_floor")
    if libs_big and floor:  # beside the goal's bound of 2x
        found.append(
            Ratio(
                f"libraries alone, {indicators:,} indicators / import floor",
                libs_big / floor,
                "(goal: 2x)",
                None,
            )
        )
    value = big / libs_big if big and libs_big else None
    found.append(
        Ratio(
            f"build {indicators:,} indicators / libraries alone",
            value,
            f"<= {LIBRARY_BOUND:g}x",
            None if value is None else value <= LIBRARY_BOUND,
        )
    )
    one, own = m("proses_one"), m("own_floor")  # proses imports our libraries, not pandas
    libs_one, libs_many = m("libs_one"), m("libs_many")
    ours = (one - own) / files if one and own else None
    libs = (libs_many - libs_one) / (FLOOR_TIMES - 1) if libs_many and libs_one else None
    if libs:
        found.append(Ratio("libraries alone, per file (ms)", libs * 1000, "(goal: 40)", None))
    value = ours / libs if ours and libs else None
    name = f"proses per-file cost ({_ms(ours)}) / libraries' ({_ms(libs)})"
    found.append(
        Ratio(
            name, value, f"<= {LIBRARY_BOUND:g}x", None if value is None else value <= LIBRARY_BOUND
        )
    )
    return found


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def report(
    rows: list[Bench], found: list[Ratio], floor_key: str, machine: dict, libs: list[Ratio]
) -> str:
    lines = [
        f"lkt-excel {__version__} ({machine['commit']}) on {machine['platform']}, "
        f"Python {machine['python']}, "
        f"{machine['cpus']} CPUs, load average {machine['load_before']} before, "
        f"{machine['load_after']} after",
        "",
        f"{'benchmark':<64} {'median s':>8} {'min s':>6} {'max s':>6} {'runs':>4} {'peak MB':>7}",
    ]
    for b in rows:
        if b.skipped or b.failed or not b.times:
            why = f"skipped: {b.skipped}" if b.skipped else f"FAILED: {b.failed}"
            lines.append(f"{b.label:<64} {why}")
            continue
        peak = f"{b.peak_mb:7.0f}" if b.peak_mb is not None else f"{'-':>7}"
        lines.append(
            f"{b.label:<64} {b.median:8.3f} {min(b.times):6.3f} {max(b.times):6.3f} "
            f"{len(b.times):4d} {peak}"
        )
    floor_words = {
        "floor": f"the performance goal's floor ({FLOOR_IMPORTS})",
        "own_floor": f"our own libraries ({OWN_IMPORTS}); pandas is not installed",
    }
    lines += ["", f"Ratios over {floor_words[floor_key]}, medians of the same run:", ""]
    lines.append(f"{'ratio':<46} {'value':>8} {'bound':>10}  {'result':<7} {'own floor':>9}")
    for r in found:
        value = "-" if r.value is None else f"{r.value:8.2f}"
        own = "" if r.own is None else f"{r.own:9.2f}"
        result = "skipped" if r.ok is None else ("pass" if r.ok else "FAIL")
        lines.append(f"{r.name:<46} {value:>8} {r.bound:>10}  {result:<7} {own:>9}".rstrip())
    lines.append(
        "('own floor': the same ratio over the import of our own libraries, for information.)"
    )
    lines += [
        "",
        "Over the libraries' own work for the same files (python-calamine reading,",
        "xlsxwriter writing the same calls; benchmarks/library_floor.py):",
        "",
    ]
    for r in libs:
        value = "-" if r.value is None else f"{r.value:8.2f}"
        result = "" if r.bound.startswith("(") else "pass" if r.ok else "FAIL"
        result = "skipped" if r.value is None else result
        lines.append(f"{r.name:<56} {value:>8} {r.bound:>11}  {result}".rstrip())
    notes = [f"{b.label}: {b.skipped}" for b in rows if b.skipped]
    notes += [f"{b.label}: failed" for b in rows if b.failed]
    if memory_unavailable():
        notes.append(str(memory_unavailable()))
    if notes:
        lines += ["", *(f"note: {n}" for n in notes)]
    return "\n".join(lines)


def machine_info() -> dict:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        commit = done.stdout.strip() if done.returncode == 0 else "unknown"
    except OSError:  # no git on this machine
        commit = "unknown"
    return {
        "commit": commit,
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_before": _load(),
    }


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds per benchmark")
    parser.add_argument("--repeat-folder", type=int, default=3, help="timed rounds of proses")
    parser.add_argument("--indicators", type=int, default=2000, help="size of the big workbook")
    parser.add_argument("--files", type=int, default=200, help="workbooks in the folder")
    parser.add_argument("--per-file", type=int, default=25, help="indicators per workbook")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results.json", help="results file"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs")
    parser.add_argument(
        "--quarter-files", type=int, default=1000, help="workbooks in the coordinator's folder"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated benchmark keys to run (e.g. python,quarter_full,quarter_rerun,"
        "quarter_recap); the others are skipped",
    )
    args = parser.parse_args(argv)

    machine = machine_info()
    work = Path(tempfile.mkdtemp(prefix="lkt-bench-"))
    env = compiled_env()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(work), env.get("PYTHONPATH")) if p)
    env["COLUMNS"] = "100"
    try:
        print(f"writing inputs in {work} ...", file=sys.stderr)
        inputs = write_inputs(work, args.indicators, args.files, args.per_file)
        inputs = record_floors(work, inputs, env)
        only = {key.strip() for key in args.only.split(",") if key.strip()}
        if not only or only & {"quarter_full", "quarter_rerun", "quarter_recap"}:
            inputs["quarter"] = write_quarter(work, args.quarter_files, args.per_file)
        rows = benches(inputs, env, args)
        for bench in rows:
            if only and bench.key not in only:
                bench.skipped = "not selected (--only)"
        print("measuring (peak-memory run, then timed rounds) ...", file=sys.stderr)
        measure(rows, Runner(work, env))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    machine["load_after"] = _load()
    by = {b.key: b for b in rows}
    found, floor_key = ratios(by, args.files, args.indicators)
    libs = library_ratios(by, args.files, args.indicators)
    print(report(rows, found, floor_key, machine, libs))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "machine": machine,
                "floor_used": floor_key,
                "repeat": args.repeat,
                "repeat_folder": args.repeat_folder,
                "benchmarks": [
                    {
                        "key": b.key,
                        "label": b.label,
                        "command": " ".join(b.argv),
                        "median_s": b.median,
                        "times_s": b.times,
                        "peak_mb": b.peak_mb,
                        "skipped": b.skipped,
                        "failed": b.failed,
                    }
                    for b in rows
                ],
                "ratios": [r.__dict__ for r in found],
                "library_ratios": [r.__dict__ for r in libs],
                "memory_note": memory_unavailable(),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"\nwritten: {args.json}", file=sys.stderr)
    failed = any(r.ok is False for r in (*found, *libs)) or any(b.failed for b in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
