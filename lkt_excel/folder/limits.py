"""Limits of the folder workflow that the command line checks before it loads.

Nothing is imported here, so the CLI can validate ``--jobs`` while ``--help``
stays light.
"""

# At most this many worker processes: ProcessPoolExecutor's limit on Windows,
# and far more processes than any office machine has cores.
MAX_JOBS = 61
