"""Baselines: Telusur against raw Whoosh, SQLite FTS5 and bm25s, indexing and top-10 latency.

    .venv/bin/python bench/baselines.py [--sizes 25k 100k]

Needs the `bench` extra (`pip install -e .[bench]`, for bm25s). Corpora as in
bench/index_throughput.py: "25k" is the 25,419 shared articles, "100k" the same written four
times. For each size, in one run:

- every system builds its index from the same JSONL file in a fresh process, one after
  the other (wall time of the process, so reading the file and starting Python count for
  all; Telusur is `python -m indexer index CORPUS --index DIR --jobs 2`, the baselines use
  one core, as they come);
- the 300 queries of bench/queries.txt are replayed once to warm up, then once measured,
  interleaved: each query runs on every system (in a rotating order) before the next query,
  so that load from other work on the machine falls on all systems alike.

The systems:

- `whoosh-std`: Whoosh (the same pinned whoosh3) with its StandardAnalyzer over `title` and
  `body`, no extraction, no facets, the default writer and BM25F;
- `fts5`: SQLite FTS5 (the stdlib sqlite3), `tokenize='unicode61'`, ORDER BY bm25; every
  user word is quoted, so no query can be an FTS5 syntax error;
- `bm25s`: bm25s over title + body with PyStemmer's Snowball `indonesian` (no stopwords);
- `telusur`: `Engine.search`, top 10 with facets (`telusur`) and with `facets=false`
  (`telusur-nofacets`), snippets included, as `/api/search` does it; `telusur-bare` is
  `facets=false` without snippets, to show what snippets cost.

Whoosh and FTS5 match all words first and, like Telusur, fall back to any word when that
finds fewer than 10 articles; bm25s ranks any word. The indexes stay in
bench/data/baselines-<size>/ (git-ignored) for the other benchmarks to reuse.
Prints a table and writes bench/results/baselines.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from common import DATA, QUERIES, RESULTS, ROOT, percentiles
from index_throughput import make_corpus

RELAX_BELOW = 10          # the same fallback rule as Telusur's (webui/search.py)


def read_articles(corpus: Path):
    """(id, title, body) of each line of a JSONL corpus."""
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            yield record["id"], record.get("title") or "", record.get("body") or ""


def query_pieces(text: str) -> list[list[str]]:
    """A user query as a list of pieces, each a list of lowercase words: a quoted phrase is
    one piece, every other word another (a hyphenated word is a phrase of its parts).

    >>> query_pieces('Setya Novanto "e-KTP korupsi" KPK')
    [['setya'], ['novanto'], ['e', 'ktp', 'korupsi'], ['kpk']]
    """
    pieces = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        words = re.findall(r"[^\W_]+", (phrase or word).lower())
        if words:
            pieces.append(words)
    return pieces


def dir_mb(path: Path) -> float:
    """Size of a file or of all files under a directory, in MiB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 2**20, 1)


# --- The systems -------------------------------------------------------------------------
# Each has `build(corpus, where)` (run in a fresh process by `index_once`), `__init__(where)`
# opening the built index, and `search(text, k) -> [article id, ...]` best first.


class WhooshStd:
    """Raw Whoosh: StandardAnalyzer over title and body, default writer and BM25F."""

    name = "whoosh-std"

    @staticmethod
    def build(corpus: Path, where: Path) -> int:
        from whoosh import fields, index

        where.mkdir(parents=True)
        schema = fields.Schema(id=fields.ID(stored=True, unique=True), title=fields.TEXT(),
                               body=fields.TEXT())
        writer = index.create_in(where, schema).writer()
        count = 0
        for article_id, title, body in read_articles(corpus):
            writer.add_document(id=article_id, title=title, body=body)
            count += 1
        writer.commit()
        return count

    def __init__(self, where: Path):
        from whoosh import index, qparser

        self.searcher = index.open_dir(where).searcher()
        schema = self.searcher.schema
        self.strict = qparser.MultifieldParser(["title", "body"], schema, group=qparser.AndGroup)
        self.relaxed = qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup)

    def search(self, text: str, k: int = 10) -> list[str]:
        results = self.searcher.search(self.strict.parse(text), limit=k)
        if results.scored_length() < min(k, RELAX_BELOW):
            results = self.searcher.search(self.relaxed.parse(text), limit=k)
        return [hit["id"] for hit in results]


class Fts5:
    """SQLite FTS5, unicode61 tokenizer, ranked by its bm25()."""

    name = "fts5"
    SQL = "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?"

    @staticmethod
    def build(corpus: Path, where: Path) -> int:
        where.mkdir(parents=True)
        db = sqlite3.connect(where / "fts5.db")
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
                   "tokenize='unicode61')")
        with db:
            db.executemany("INSERT INTO docs VALUES (?, ?, ?)", read_articles(corpus))
            db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        count = db.execute("SELECT count(*) FROM docs").fetchone()[0]
        db.close()
        return count

    def __init__(self, where: Path):
        self.db = sqlite3.connect(where / "fts5.db", check_same_thread=False)

    @staticmethod
    def match(text: str, operator: str) -> str:
        """An FTS5 MATCH expression: every piece a quoted string, joined by ``operator``.

        >>> Fts5.match('harga "bahan bakar" AND', " OR ")
        '"harga" OR "bahan bakar" OR "and"'
        """
        quoted = ['"' + " ".join(words).replace('"', '""') + '"' for words in query_pieces(text)]
        return operator.join(quoted)

    def search(self, text: str, k: int = 10) -> list[str]:
        strict = self.match(text, " ")
        if not strict:
            return []
        ids = [row[0] for row in self.db.execute(self.SQL, (strict, k))]
        if len(ids) < min(k, RELAX_BELOW):
            ids = [row[0] for row in self.db.execute(self.SQL, (self.match(text, " OR "), k))]
        return ids


class Bm25s:
    """bm25s (numpy backend) over title + body, Snowball Indonesian stems, no stopwords."""

    name = "bm25s"

    @staticmethod
    def tokenizer():
        import Stemmer
        from bm25s.tokenization import Tokenizer

        return Tokenizer(lower=True, stopwords=[], stemmer=Stemmer.Stemmer("indonesian").stemWord)

    @classmethod
    def build(cls, corpus: Path, where: Path) -> int:
        import bm25s

        ids, texts = [], []
        for article_id, title, body in read_articles(corpus):
            ids.append(article_id)
            texts.append(f"{title}\n{body}")
        tokenizer = cls.tokenizer()
        tokens = tokenizer.tokenize(texts, update_vocab=True, return_as="ids", show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        retriever.save(where)
        tokenizer.save_vocab(where)
        (where / "ids.json").write_text(json.dumps(ids))
        return len(ids)

    def __init__(self, where: Path):
        import bm25s

        self.retriever = bm25s.BM25.load(where)
        self.tokens = self.tokenizer()
        self.tokens.load_vocab(where)
        self.ids = json.loads((where / "ids.json").read_text())

    def search(self, text: str, k: int = 10) -> list[str]:
        query = self.tokens.tokenize([text], update_vocab=False, return_as="ids",
                                     show_progress=False)
        docs, scores = self.retriever.retrieve(query, k=k, show_progress=False, n_threads=0)
        return [self.ids[d] for d, s in zip(docs[0], scores[0]) if s > 0]


class Telusur:
    """Telusur itself: `python -m indexer index` to build, `Engine.search` to query."""

    name = "telusur"

    @staticmethod
    def build(corpus: Path, where: Path) -> int:
        run = subprocess.run([sys.executable, "-m", "indexer", "index", str(corpus), "--index",
                              str(where), "--jobs", "2", "--json"],
                             capture_output=True, text=True, cwd=ROOT)
        if run.returncode not in (0, 1) or not run.stdout.startswith("{"):
            raise SystemExit(run.stderr)                # 1 is also Python's exit on a crash
        return json.loads(run.stdout)["documents"]

    def __init__(self, where: Path, facets: bool = True, snippets: bool = True):
        from webui.search import Engine

        self.engine = Engine(where)
        self.facets = facets
        self.snippets = snippets

    def search(self, text: str, k: int = 10) -> list[str]:
        import webui.search
        from webui.search import SearchRequest

        args = {"q": [text], "per_page": [str(k)], "facets": ["true" if self.facets else "false"]}
        request = SearchRequest.from_args(args)
        if self.snippets:
            found = self.engine.search(request)
        else:                                   # only to see what snippets cost
            with mock.patch.object(webui.search, "_hit", lambda hit, *_: {"id": hit["id"]}):
                found = self.engine.search(request)
        return [hit["id"] for hit in found["results"]]


SYSTEMS = {cls.name: cls for cls in (Telusur, WhooshStd, Fts5, Bm25s)}


def index_dir(size: str, name: str) -> Path:
    """Where the index of one system over one corpus size lives."""
    return DATA / f"baselines-{size}" / name


def index_once(name: str, corpus: Path, where: Path) -> dict:
    """Build one system's index in a fresh process; its wall time, peak RSS and size."""
    shutil.rmtree(where, ignore_errors=True)
    where.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen([sys.executable, __file__, "--build", name, str(corpus),
                                  str(where)], stdout=out, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"building {name} failed")
        documents = json.loads(out.read())["documents"]
    return {"documents": documents, "seconds": round(seconds, 1),
            "docs_per_s": round(documents / seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "index_mb": dir_mb(where)}


def code_version(name: str) -> str:
    """What an index was built by: for Telusur a hash of indexer/ (code and word lists), so
    that a changed indexer means a rebuilt index; for a baseline its name."""
    if name != "telusur":
        return name
    digest = hashlib.sha1()
    for path in sorted((ROOT / "indexer").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt"):
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return f"telusur {digest.hexdigest()[:12]}"


def mark_built(size: str, name: str) -> None:
    """Record which code built an index."""
    (index_dir(size, name) / ".built").write_text(code_version(name))


def is_current(size: str, name: str) -> bool:
    """True when the index exists and was built by the code as it is now."""
    marker = index_dir(size, name) / ".built"
    return marker.exists() and marker.read_text() == code_version(name)


def ensure_indexes(size: str = "25k", names=tuple(SYSTEMS)) -> dict[str, Path]:
    """The index directory of each system for a corpus size, built when missing or, for
    Telusur, when indexer/ has changed since."""
    missing = [n for n in names if not is_current(size, n)]
    if missing:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / f"{size}.jsonl"
            make_corpus(1 if size == "25k" else 4, corpus)
            for name in missing:
                print(f"building {name} ({size}) ...", file=sys.stderr, flush=True)
                index_once(name, corpus, index_dir(size, name))
                mark_built(size, name)
    return {n: index_dir(size, n) for n in names}


# --- Latency -----------------------------------------------------------------------------


def open_searchers(dirs: dict[str, Path]) -> dict:
    """One open searcher per measured configuration (Telusur twice: with and without facets)."""
    searchers = {"telusur": Telusur(dirs["telusur"]),
                 "telusur-nofacets": Telusur(dirs["telusur"], facets=False),
                 "telusur-bare": Telusur(dirs["telusur"], facets=False, snippets=False)}
    for name in ("whoosh-std", "fts5", "bm25s"):
        searchers[name] = SYSTEMS[name](dirs[name])
    return searchers


def interleaved_latency(searchers: dict, queries: list[str]) -> dict[str, list[float]]:
    """Milliseconds per query and system: a warm-up pass, then one measured pass in which
    each query runs on all systems (the order rotating by query) before the next query."""
    names = list(searchers)
    for text in queries:
        for name in names:
            searchers[name].search(text)
    timings = {name: [] for name in names}
    for i, text in enumerate(queries):
        for name in names[i % len(names):] + names[:i % len(names)]:
            started = time.perf_counter()
            searchers[name].search(text)
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


# --- The run -----------------------------------------------------------------------------


def measure_size(size: str, queries: list[str]) -> list[dict]:
    """Index every system on one corpus size, then measure query latency on all of them."""
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / f"{size}.jsonl"
        articles = make_corpus(1 if size == "25k" else 4, corpus)
        for name in SYSTEMS:
            rows[name] = {"size": size, "articles": articles, "system": name,
                          **index_once(name, corpus, index_dir(size, name))}
            mark_built(size, name)
            print(f"  indexed {size} with {name}: {rows[name]['docs_per_s']} docs/s", flush=True)
    searchers = open_searchers({name: index_dir(size, name) for name in SYSTEMS})
    timings = interleaved_latency(searchers, queries)
    for name in ("telusur-nofacets", "telusur-bare"):
        rows[name] = {"size": size, "articles": articles, "system": name}
    for name, samples in timings.items():
        rows[name].update(percentiles(samples, digits=2))
    add_ratios(rows)
    return [rows[n] for n in ("telusur", "telusur-nofacets", "telusur-bare", "whoosh-std", "fts5",
                              "bm25s")]


def add_ratios(rows: dict[str, dict]) -> None:
    """Each system's indexing speed and p50/p95 as multiples of Telusur's (top 10 with facets
    for `p50_x`, `p95_x`; without facets for `p50_x_nofacets`)."""
    base, nofacets = rows["telusur"], rows["telusur-nofacets"]
    for row in rows.values():
        if "docs_per_s" in row:
            row["docs_per_s_x"] = round(row["docs_per_s"] / base["docs_per_s"], 2)
            row["index_mb_x"] = round(row["index_mb"] / base["index_mb"], 2)
        row["p50_x"] = round(row["p50"] / base["p50"], 3)
        row["p95_x"] = round(row["p95"] / base["p95"], 3)
        row["p50_x_nofacets"] = round(row["p50"] / nofacets["p50"], 3)


def print_table(rows: list[dict]) -> None:
    """The rows as a Markdown table."""
    print("| size | system | docs/s (×T) | index MB (×T) | p50 ms | p95 ms | p99 ms "
          "| p50 ×T | p50 ×T-nofacets |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        indexing = (f"{r['docs_per_s']:.0f} ({r['docs_per_s_x']}) | {r['index_mb']} ({r['index_mb_x']})"
                    if "docs_per_s" in r else "(same index) | ")
        print(f"| {r['size']} | {r['system']} | {indexing} | {r['p50']} | {r['p95']} | {r['p99']} "
              f"| {r['p50_x']} | {r['p50_x_nofacets']} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["25k"], choices=["25k", "100k"])
    parser.add_argument("--build", nargs=3, metavar=("SYSTEM", "CORPUS", "DIR"),
                        help=argparse.SUPPRESS)       # the child process of index_once
    args = parser.parse_args()
    if args.build:
        name, corpus, where = args.build
        print(json.dumps({"documents": SYSTEMS[name].build(Path(corpus), Path(where))}))
        return
    queries = QUERIES.read_text(encoding="utf-8").splitlines()
    rows = []
    for size in args.sizes:
        rows.extend(measure_size(size, queries))
    print_table(rows)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "baselines.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
