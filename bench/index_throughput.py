"""Indexing throughput of `telusur index`: docs/s, peak memory and index size.

    python bench/index_throughput.py [--sizes 25k 100k] [--jobs 2]

Corpora: "25k" is the 25,419 shared articles (IndoSum + CLICK-ID, ../shared/corpus);
"100k" is those articles written four times into one JSONL file, each copy with its own id
(`<id>~2`, `<id>~3`, ...) and its paragraphs rotated by the copy number so that copies are not
byte-identical documents. Each size is indexed from scratch into a temporary directory by a
fresh `telusur index` process. Prints a table and writes bench/results/index_throughput.json.
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
CORPORA = [SHARED / "indosum" / "articles.jsonl", SHARED / "click-id" / "articles.jsonl"]
RESULTS = ROOT / "bench" / "results"


def make_corpus(copies: int, target: Path) -> int:
    """Write the shared articles `copies` times into `target`; return the article count."""
    count = 0
    with open(target, "w", encoding="utf-8") as out:
        for copy in range(copies):
            for corpus in CORPORA:
                with open(corpus, encoding="utf-8") as f:
                    for line in f:
                        record = json.loads(line)
                        if copy:
                            record["id"] = f"{record['id']}~{copy + 1}"
                            paragraphs = record["body"].split("\n\n")
                            shift = copy % len(paragraphs)
                            record["body"] = "\n\n".join(paragraphs[shift:] + paragraphs[:shift])
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
                        count += 1
    return count


def index_once(corpus: Path, jobs: int, extra: list[str]) -> dict:
    """Run `telusur index` on `corpus` into a fresh directory; measure it."""
    index_dir = Path(tempfile.mkdtemp(prefix="telusur-bench-"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "indexer", "index", str(corpus), "--index",
                          str(index_dir), "--jobs", str(jobs), "--json", *extra],
                         capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if run.returncode not in (0, 1):
        raise SystemExit(run.stderr)
    summary = json.loads(run.stdout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    size = sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())
    shutil.rmtree(index_dir)
    return {"documents": summary["documents"], "seconds": round(seconds, 1),
            "docs_per_s": round(summary["documents"] / seconds, 1),
            "peak_rss_mb": round(max(peak, before) / 1024) if peak > before else None,
            "index_mb": round(size / 2**20, 1), "jobs": jobs}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["25k", "100k"], choices=["25k", "100k"])
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"{size}.jsonl"
            articles = make_corpus(1 if size == "25k" else 4, corpus)
            for jobs in args.jobs:
                row = {"corpus": size, "articles": articles, **index_once(corpus, jobs, [])}
                rows.append(row)
                print(f"{row['corpus']:>5} {row['articles']:>7} articles  jobs={jobs}  "
                      f"{row['seconds']:>7.1f} s  {row['docs_per_s']:>6.1f} docs/s  "
                      f"peak RSS {row['peak_rss_mb']} MB  index {row['index_mb']} MB", flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "index_throughput.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
