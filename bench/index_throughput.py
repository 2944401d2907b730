"""Indexing throughput of `telusur index`: docs/s, peak memory and index size.

    python bench/index_throughput.py [--sizes 25k 100k] [--jobs 2]

Wall-clock docs/s depends on whatever else the machine runs; docs per CPU second (all processes
of the run together) is the steadier number for comparing configurations.

Corpora: "25k" is the 25,419 shared articles (IndoSum + CLICK-ID, ../shared/corpus);
"100k" is those articles written four times into one JSONL file, each copy with its own id
(`<id>~2`, `<id>~3`, ...) and its paragraphs rotated by the copy number so that copies are not
byte-identical documents. Each size is indexed from scratch into a temporary directory by a
fresh `telusur index` process (`--compare-extraction`: also the same build without date,
entity and quote extraction). Prints a table and writes bench/results/index_throughput.json.
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

from common import RESULTS, ROOT

SHARED = ROOT.parent / "shared" / "corpus"
CORPORA = [SHARED / "indosum" / "articles.jsonl", SHARED / "click-id" / "articles.jsonl"]


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


# The same work as `telusur index --json`, without extraction, for the comparison.
NO_EXTRACT = ("import json, sys; from indexer.build import build_index; "
              "print(json.dumps(build_index([sys.argv[1]], sys.argv[2], jobs=int(sys.argv[3]), "
              "extract=False).to_json()))")


def index_once(corpus: Path, jobs: int, extract: bool) -> dict:
    """Run `telusur index` on `corpus` into a fresh directory; measure it."""
    index_dir = Path(tempfile.mkdtemp(prefix="telusur-bench-"))
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    command = (["-m", "indexer", "index", str(corpus), "--index", str(index_dir), "--jobs", str(jobs),
                "--json"] if extract else ["-c", NO_EXTRACT, str(corpus), str(index_dir), str(jobs)])
    run = subprocess.run([sys.executable, *command], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if run.returncode not in (0, 1):
        raise SystemExit(run.stderr)
    summary = json.loads(run.stdout)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    size = sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())
    shutil.rmtree(index_dir)
    return {"documents": summary["documents"], "seconds": round(seconds, 1),
            "docs_per_s": round(summary["documents"] / seconds, 1),
            "cpu_s": round(cpu, 1), "docs_per_cpu_s": round(summary["documents"] / cpu, 1),
            "peak_rss_mb": round(max(peak, before) / 1024) if peak > before else None,
            "index_mb": round(size / 2**20, 1), "jobs": jobs, "extract": extract}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["25k", "100k"], choices=["25k", "100k"])
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--compare-extraction", action="store_true",
                        help="also index each size without date/entity/quote extraction")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"{size}.jsonl"
            articles = make_corpus(1 if size == "25k" else 4, corpus)
            for jobs, extract in [(j, e) for j in args.jobs
                                  for e in ((True, False) if args.compare_extraction else (True,))]:
                row = {"corpus": size, "articles": articles, **index_once(corpus, jobs, extract)}
                rows.append(row)
                print(f"{row['corpus']:>5} {row['articles']:>7} articles  jobs={jobs}  "
                      f"{'with' if extract else 'without'} extraction  "
                      f"{row['seconds']:>7.1f} s  {row['docs_per_s']:>6.1f} docs/s  "
                      f"{row['cpu_s']:>7.1f} CPU s  {row['docs_per_cpu_s']:>6.1f} docs/CPU s  "
                      f"peak RSS {row['peak_rss_mb']} MB  index {row['index_mb']} MB", flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "index_throughput.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
