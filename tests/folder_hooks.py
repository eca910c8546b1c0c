"""Workers for the folder tests: top-level and light, so ``spawn`` imports them quickly."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from lkt_excel.folder.pool import Outcome, Task, build_one

# Set to True by a test in the parent process: a worker started with spawn
# imports this module afresh and sees False; a forked worker would see True.
PARENT_ONLY = False


def recording_worker(task: Task) -> Outcome:
    """build_one, noting this worker's pid and what it saw of PARENT_ONLY."""
    (Path(os.environ["LKT_TEST_PIDS"]) / f"{os.getpid()}").write_text(
        f"{PARENT_ONLY} {multiprocessing.parent_process() is not None}"
    )
    return build_one(task)


def aborting_worker(task: Task) -> Outcome:
    """build_one, except that a file named ``mati*`` kills the worker as calamine can."""
    if Path(task.input).name.startswith("mati"):
        os.abort()
    return build_one(task)
