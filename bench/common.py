"""What the benchmarks share: the repository's paths, the fixed query set, percentiles.

Importing it also puts the repository on ``sys.path``, so a benchmark run as
``python bench/<script>.py`` can import the project (``webui``, ``indexer``).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"              # indexes the benchmarks build (git-ignored), reused
RESULTS = ROOT / "bench" / "results"        # what they measured, as JSON
QUERIES = ROOT / "bench" / "queries.txt"    # the 300 fixed queries (make_queries.py)
sys.path.insert(0, str(ROOT))


def percentiles(samples: list[float], digits: int = 1) -> dict:
    """p50, p95 and p99 of two or more milliseconds, rounded to ``digits``.

    >>> percentiles([float(ms) for ms in range(1, 101)])
    {'p50': 50.5, 'p95': 96.0, 'p99': 100.0}
    """
    cuts = statistics.quantiles(samples, n=100)
    return {"p50": round(statistics.median(samples), digits), "p95": round(cuts[94], digits),
            "p99": round(cuts[98], digits)}
