"""Search latency: p50/p95/p99 of `/api/search` and `telusur search` over bench/queries.txt.

    python bench/search_latency.py [--sizes 25k 100k]

For each size (corpora as in bench/index_throughput.py) Telusur's index is the one
bench/baselines.py keeps in bench/data/baselines-<size>/telusur (built when missing or when
indexer/ has changed), then the 300 queries are replayed:
- `/api/search` through the Flask app in-process (JSON encoding included), top 10, with all
  facets and with `facets=false`, after one warm-up pass;
- `telusur search --queries FILE --json` in one process: its per-query `took_ms`, and the
  process's wall time.
Prints a table and writes bench/results/search_latency.json.
"""

import argparse
import json
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from baselines import ensure_indexes
from common import QUERIES, RESULTS, ROOT, percentiles
from webui.app import create_app


def api_latencies(index_dir: Path, queries: list[str], extra: str) -> list[float]:
    """Milliseconds per `/api/search` request, measured around the whole request."""
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    urls = [f"/api/search?q={urllib.parse.quote(q)}{extra}" for q in queries]
    for url in urls:                                   # warm-up: caches, facet table
        client.get(url)
    timings = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.get_data(as_text=True))
    return timings


def cli_latencies(index_dir: Path) -> tuple[list[float], float]:
    """`took_ms` of each query from one `telusur search --queries` run, and its wall time."""
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "indexer", "search", "--queries", str(QUERIES),
                          "--index", str(index_dir), "--json"], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    wall = time.perf_counter() - started
    return [json.loads(line)["took_ms"] for line in run.stdout.splitlines()], wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["25k", "100k"], choices=["25k", "100k"])
    args = parser.parse_args()
    queries = QUERIES.read_text(encoding="utf-8").splitlines()
    rows = []
    for size in args.sizes:
        index_dir = ensure_indexes(size, ("telusur",))["telusur"]
        for label, extra in (("api, facets", ""), ("api, no facets", "&facets=false")):
            rows.append({"size": size, "what": label, **percentiles(api_latencies(index_dir, queries, extra))})
        took, wall = cli_latencies(index_dir)
        rows.append({"size": size, "what": "cli took_ms", **percentiles(took),
                     "wall_s": round(wall, 1)})
        for row in rows[-3:]:
            print(f"{row['size']:>5}  {row['what']:<15} p50 {row['p50']:>7} ms  p95 {row['p95']:>7} ms"
                  f"  p99 {row['p99']:>7} ms" + (f"  (process {row['wall_s']} s)" if "wall_s" in row else ""),
                  flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search_latency.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
