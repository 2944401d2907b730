"""Reliability: `telusur index` killed at any moment loses nothing, concurrent runs take
turns, the app keeps answering while the index is rewritten, answers leak nothing of the
machine or the index, and the server holds up under load.

Everything runs real `telusur` processes on real corpus samples, with traffic to 127.0.0.1
only, each step bounded by a timeout.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer.article import from_record
from indexer.build import LOCK_NAME, build_index
from indexer.sources import RawRecord, iter_inputs
from tests.conftest import CLICK_ID, INDOSUM, SEED_ID, SEEDS, corpus_sample
from tests.live import (ROOT, end_group, index, processes_mentioning, request, run, serving, start,
                        telusur)
from webui.search import Engine, SearchRequest

WAITING = "waiting for another `telusur index` run"


# --- A corpus of about 1,500 real articles, in three files ------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """``a.jsonl`` (300 articles), ``b1.jsonl`` (400) and ``b2.jsonl`` (800), and the article
    ids each file holds."""
    folder = tmp_path_factory.mktemp("reliability-corpus")
    click, indosum = corpus_sample(CLICK_ID, 700, 29), corpus_sample(INDOSUM, 800, 4)
    files = {"a": click[:300], "b1": click[300:], "b2": indosum}
    found = {}
    for name, lines in files.items():
        path = folder / f"{name}.jsonl"
        path.write_text("".join(lines), encoding="utf-8")
        found[name] = {from_record(r).id for r in iter_inputs([str(path)]) if isinstance(r, RawRecord)}
        assert len(found[name]) == len(lines)
    assert len(set().union(*found.values())) == 1500
    return {"folder": folder, **{name: folder / f"{name}.jsonl" for name in files},
            "ids": found}


def contents(index_dir: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The article ids of the newest generation (one entry per document) and its quote
    documents as (id, article id)."""
    ix = whoosh_index.open_dir(index_dir)
    articles, quotes = [], []
    with ix.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            if stored["kind"] == "article":
                articles.append(stored["id"])
            else:
                quotes.append((stored["id"], json.loads(stored["record"])["article_id"]))
    return articles, quotes


def assert_whole(index_dir: Path, expected: set[str]) -> None:
    """The index holds exactly EXPECTED, each article once, each quote document once and
    belonging to an article it holds, numbered 1, 2, … within its article."""
    articles, quotes = contents(index_dir)
    duplicates = [i for i, n in Counter(articles).items() if n > 1]
    assert not duplicates, f"articles indexed twice: {duplicates[:5]}"
    assert set(articles) == expected, (f"missing {len(expected - set(articles))}, "
                                       f"unexpected {len(set(articles) - expected)}")
    numbers: dict[str, list[int]] = {}
    for quote_id, parent in quotes:
        head, _, number = quote_id.rpartition("#")
        assert head == parent and parent in expected, quote_id
        numbers.setdefault(parent, []).append(int(number))
    for parent, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), (parent, sorted(found))
    assert quotes, "the sample has quotes"


def assert_answers(index_dir: Path) -> None:
    """A fresh reader opens the index and answers a search, a quote search and an article."""
    engine = Engine(index_dir)
    found = engine.search(SearchRequest(q="pemerintah"))
    assert found["total"] > 0
    assert engine.article(found["results"][0]["id"])["id"] == found["results"][0]["id"]
    engine.quotes(SearchRequest(q="kata"))


def stray_files(index_dir: Path) -> list[str]:
    """Files in the index folder that belong to no generation: what killed runs left."""
    ix = whoosh_index.open_dir(index_dir)
    keep = {f"_MAIN_{ix.latest_generation()}.toc", "MAIN_WRITELOCK", LOCK_NAME}
    segments = tuple(f"{segment.segment_id()}." for segment in ix._segments())
    return sorted(name for name in os.listdir(index_dir)
                  if name not in keep and not name.startswith(segments))


# --- Crash safety ----------------------------------------------------------------------------

def wait_for(condition, process, timeout: float = 120) -> bool:
    """Poll CONDITION every 20 ms until it holds (True) or PROCESS ends first (False)."""
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        if condition():
            return True
        assert time.monotonic() < deadline, "the moment to kill never came"
        time.sleep(0.02)
    return False


def files_in(index_dir: Path) -> set[str]:
    return {str(p.relative_to(index_dir)) for p in index_dir.rglob("*")}


def new_files(index_dir: Path, before: set[str], pattern: str) -> bool:
    """Whether a file matching PATTERN appeared in the index folder since BEFORE."""
    return any(str(p.relative_to(index_dir)) not in before for p in index_dir.glob(pattern))


def test_kill_9_at_any_moment_leaves_a_working_index_and_the_next_run_finishes_the_job(corpus, tmp_path):
    """Index 300 articles, then add 1,200 more in runs killed with SIGKILL while reading,
    while analysing, while committing and while publishing (one of them a --rebuild). After
    each kill the worker processes are gone, the index opens and answers, and it holds the old
    generation exactly (or the new one, when the run had published it): never a mix. A last
    run, which must not wait for a lock, then finishes the job: every article once, quotes
    with their articles, no files left over from the killed runs."""
    rng = random.Random(os.environ.get("TELUSUR_CRASH_SEED") or time.time_ns())
    index_dir = tmp_path / "index"
    old = corpus["ids"]["a"]
    everything = old | corpus["ids"]["b1"] | corpus["ids"]["b2"]
    done = index(str(corpus["a"]), "--index", str(index_dir))
    assert done.returncode == 0, done.stderr
    inputs = [str(corpus["a"]), str(corpus["b1"]), str(corpus["b2"])]

    moments = [  # (name, extra arguments, when to kill: a condition on the index folder, delay)
        ("reading", [], lambda before: lambda: True, rng.uniform(0.3, 1.5)),
        ("analysis", [], lambda before: lambda: new_files(index_dir, before, "MAIN.tmp/*"),
         rng.uniform(0.0, 2.0)),
        ("commit", ["--rebuild"], lambda before: lambda: new_files(index_dir, before, "*.col"),
         rng.uniform(0.0, 0.3)),
        ("publishing", [], lambda before: lambda: new_files(index_dir, before, "*.seg"), 0.0),
    ]
    for name, extra, condition, delay in moments:
        before = files_in(index_dir)
        stderr = tmp_path / f"{name}.err"
        with open(stderr, "w") as err:        # a file, not a pipe: orphans could hold a pipe open
            killed = start(telusur("index", *inputs, "--index", str(index_dir), *extra),
                           stdout=subprocess.DEVNULL, stderr=err)
        try:
            if wait_for(condition(before), killed):
                time.sleep(delay)
                killed.send_signal(signal.SIGKILL)        # the run only: its workers are on their own
            killed.wait(timeout=60)
            assert WAITING not in stderr.read_text()
            print(f"kill during {name} after {delay:.2f} s: "
                  f"{'the run had already published' if killed.returncode == 0 else 'killed'}")
            deadline = time.monotonic() + 10
            while processes_mentioning(str(index_dir)):    # the workers die with the run
                assert time.monotonic() < deadline, f"orphans: {processes_mentioning(str(index_dir))}"
                time.sleep(0.1)
        finally:
            end_group(killed)
        articles, _ = contents(index_dir)
        assert set(articles) in (old, everything), f"a mix after a kill during {name}"
        assert_answers(index_dir)
        old = set(articles)

    assert (index_dir / "MAIN_WRITELOCK").exists()          # left behind, and harmless:
    started = time.monotonic()
    last = index(*inputs, "--index", str(index_dir), timeout=300)
    assert last.returncode == 0, last.stderr
    assert WAITING not in last.stderr                       # no stale lock to wait for
    print(f"the next run: {last.stdout.strip()} in {time.monotonic() - started:.1f} s")
    assert_whole(index_dir, everything)
    assert_answers(index_dir)
    assert stray_files(index_dir) == []


FAILING_RUN = """
import sys
import indexer.build as build
from indexer.cli import main

calls, enrich = 0, build.enrich

def enrich_until_the_disk_is_full(article):
    global calls
    calls += 1
    if calls > 150:
        raise OSError(28, "No space left on device")
    return enrich(article)

build.enrich = enrich_until_the_disk_is_full
sys.exit(main(["index", *sys.argv[1:]]))
"""


def test_an_error_inside_a_run_ends_it_at_once_and_keeps_the_index(corpus, tmp_path):
    """A run that fails half way (here: the disk is full after 150 articles, with two worker
    processes busy) exits with the error instead of hanging, stops its workers and releases
    its locks; the index keeps its old generation and the next run completes it."""
    index_dir = tmp_path / "index"
    build_index([str(SEEDS)], index_dir)
    started = time.monotonic()
    failed = run([sys.executable, "-c", FAILING_RUN, str(corpus["a"]), str(corpus["b1"]),
                  "--index", str(index_dir), "--jobs", "2"], timeout=60)
    assert failed.returncode != 0 and "No space left on device" in failed.stderr
    assert time.monotonic() - started < 60
    assert processes_mentioning(str(index_dir)) == []
    assert contents(index_dir)[0] == [SEED_ID]
    done = index(str(corpus["a"]), "--index", str(index_dir), timeout=120)
    assert done.returncode == 0 and WAITING not in done.stderr, done.stderr
    assert_whole(index_dir, corpus["ids"]["a"])


def test_two_concurrent_runs_take_turns_and_the_second_finds_nothing_to_do(corpus, tmp_path):
    index_dir = tmp_path / "index"
    inputs = [str(corpus["a"]), str(corpus["b1"]), "--index", str(index_dir)]
    first = start(telusur("index", *inputs), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = None
    try:
        assert wait_for(lambda: (index_dir / "MAIN_WRITELOCK").exists(), first), "first run ended early"
        second = start(telusur("index", *inputs), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
        out1, err1 = first.communicate(timeout=180)
        out2, err2 = second.communicate(timeout=180)
    finally:
        for process in (first, second):
            if process is not None:
                end_group(process)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    assert WAITING in err2
    assert out1.startswith("added 700, updated 0, removed 0, unchanged 0, rejected 0")
    assert out2.startswith("added 0, updated 0, removed 0, unchanged 700, rejected 0")
    assert_whole(index_dir, corpus["ids"]["a"] | corpus["ids"]["b1"])


# --- Concurrent searches ---------------------------------------------------------------------

def test_concurrent_searches_on_one_engine_answer_as_one_at_a_time(sample_index):
    """The server's threads share one engine. Eight threads searching at once, with Python
    switching threads as often as it can, get exactly the answers of one search at a time
    (a shared Whoosh searcher read each other's bytes: "Damaged postings block", TypeError)."""
    engine = Engine(sample_index)
    requests = [{"q": [q], "sort": [sort], "from": [first], "to": [last]}
                for q in ("", "pemerintah", "banjir jakarta") for sort in ("newest", "relevance")
                for first, last in (("2017", ""), ("", "2017"), ("2016-01-01", "2018-12-31"))]

    def answer(args) -> str:
        result = engine.search(SearchRequest.from_args(args))
        result.pop("took_ms")
        return json.dumps(result, sort_keys=True)

    expected = [answer(args) for args in requests]
    failures: list[str] = []

    def client(number: int) -> None:
        for k in range(12):
            j = (number * 5 + k) % len(requests)
            try:
                if answer(requests[j]) != expected[j]:
                    failures.append(f"a different answer to {requests[j]}")
            except Exception as error:
                failures.append(repr(error)[:200])

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert failures == []


# --- Serving while the index is rewritten ----------------------------------------------------

class Hammer(threading.Thread):
    """A client asking the API one thing after another until stopped; records every answer."""

    def __init__(self, base: str, known_id: str):
        super().__init__(daemon=True)
        self.base, self.stop = base, threading.Event()
        self.paths = ["/api/search?q=pemerintah", "/api/search?q=", "/api/search?q=banjir&sort=newest",
                      f"/api/articles/{urllib.parse.quote(known_id)}", "/api/quotes?q=kata",
                      "/?q=harga"]
        self.failures: list[str] = []
        self.totals: set[int] = set()
        self.requests = 0

    def run(self):
        while not self.stop.is_set():
            for path in self.paths:
                try:
                    status, _, body = request(self.base + path, timeout=30)
                    if status != 200:
                        self.failures.append(f"{path}: {status} {body[:200]!r}")
                    elif path == "/api/search?q=":
                        self.totals.add(json.loads(body)["total"])
                    elif path.startswith("/api/"):
                        json.loads(body)
                except Exception as error:                 # anything at all is a failure
                    self.failures.append(f"{path}: {error!r}")
                self.requests += 1


def test_the_app_answers_without_errors_while_the_index_is_rewritten(corpus, tmp_path):
    """A real server keeps answering a client that never pauses, with no error, while the
    index grows from 300 to 700 articles and is then rebuilt; searches see the old generation
    or the new one, never a mix, and the new articles appear without a restart."""
    index_dir = tmp_path / "index"
    assert index(str(corpus["a"]), "--index", str(index_dir)).returncode == 0
    a, b1 = corpus["ids"]["a"], corpus["ids"]["b1"]
    new_id = sorted(b1)[0]
    with serving(index_dir, log=tmp_path / "serve.log") as base:
        hammer = Hammer(base, known_id=sorted(a)[0])
        hammer.start()
        try:
            time.sleep(1)
            status, _, _ = request(f"{base}/api/articles/{urllib.parse.quote(new_id)}")
            assert status == 404
            grown = index(str(corpus["a"]), str(corpus["b1"]), "--index", str(index_dir))
            assert grown.returncode == 0, grown.stderr
            seen_at = time.monotonic()
            while request(f"{base}/api/articles/{urllib.parse.quote(new_id)}")[0] != 200:
                assert time.monotonic() - seen_at < 10, "the new generation is not served"
                time.sleep(0.1)
            rebuilt = index(str(corpus["a"]), str(corpus["b1"]), "--index", str(index_dir), "--rebuild")
            assert rebuilt.returncode == 0, rebuilt.stderr
            time.sleep(1)
        finally:
            hammer.stop.set()
            hammer.join(timeout=60)
        assert hammer.failures == [], hammer.failures[:5]
        assert hammer.requests > 50
        assert hammer.totals <= {len(a), len(a | b1)} and len(a | b1) in hammer.totals
        total = json.loads(request(f"{base}/api/search?q=")[2])["total"]
        assert total == len(a | b1)
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


# --- Nothing leaks ---------------------------------------------------------------------------

# What an answer must never show: where things are on this machine, a traceback, how the index
# is made (its internal field names as JSON keys, Whoosh's classes).
LEAKS = ["/work", "/tmp", "/root", "/home", "site-packages", ".venv", "Traceback", 'File "',
         "whoosh", "Whoosh", "Searcher", "SegmentReader", "FileStorage", "IndexError", "KeyError",
         "ValueError", "Exception", '"hash"', '"record"', "_stored", "MAIN_"]


def assert_no_leaks(what: str, body: bytes, *extra: str) -> None:
    text = body.decode("utf-8", "replace")
    for leak in [*LEAKS, *extra]:
        assert leak not in text, f"{what} shows {leak!r}: {text[:300]}"


BAD_REQUESTS = [
    "/api/search?q=%22tidak+ditutup", "/api/search?q=((banjir", "/api/search?q=tanggal:%5B2024+TO",
    "/api/search?q=tanggal:9999", "/api/search?page=abc", "/api/search?page=0",
    "/api/search?per_page=1000", "/api/search?sort=terbaik", "/api/search?from=kapan-kapan",
    "/api/search?from=2024&to=2020", "/api/search?facets=mungkin", "/api/search?mentioned=kapan-kapan",
    "/api/search?q=" + "x" * 600, "/api/quotes?q=%22", "/api/quotes?page=-1",
    "/api/articles/tidak-ada", "/api/articles/..%2F..%2Fetc%2Fpasswd", "/api/articles/%00",
    "/api/articles/" + "a" * 5000, "/api/nope", "/api/search/extra", "/api/", "/api",
    "/nope", "/articles/tidak-ada", "/static/../../etc/passwd", "/static/nope.css",
    "/?q=%22tidak+ditutup", "/?page=abc", "/?from=kapan-kapan", "/quotes?q=((",
    "/%2e%2e/%2e%2e/etc/passwd", "/index/_MAIN_1.toc", "/.git/config",
]


def test_error_answers_leak_no_paths_tracebacks_or_internals(live, sample_index):
    for path in BAD_REQUESTS:
        status, headers, body = request(live + path)
        assert status < 500, (path, status)
        assert_no_leaks(path, body, str(sample_index), str(ROOT))
        if path.startswith("/api/"):
            assert 400 <= status < 500 and headers["Content-Type"] == "application/json", path
            error = json.loads(body)["error"]
            assert set(error) == {"code", "message"}, path
    for path in ("/api/search?q=banjir", "/api/quotes?q=kata", f"/api/articles/{SEED_ID}",
                 "/", "/?q=banjir", f"/articles/{SEED_ID}", "/quotes?q=kata"):
        status, headers, body = request(live + path)
        assert status == 200, path
        assert_no_leaks(path, body, str(sample_index), str(ROOT))
        assert "Server" not in headers or headers["Server"] == "telusur"


def test_only_get_and_head_are_served(live, sample_index):
    for path in ("/", "/api/search?q=banjir", f"/api/articles/{SEED_ID}", "/api/quotes",
                 "/api/openapi.json", "/quotes", f"/articles/{SEED_ID}", "/static/telusur.css"):
        assert request(live + path, "HEAD")[0] == 200, path
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
            status, headers, body = request(live + path, method)
            assert status == 405, (method, path, status)
            assert headers["Allow"] == "GET, HEAD", (method, path)
            assert_no_leaks(f"{method} {path}", body, str(sample_index))
            if path.startswith("/api/"):
                assert json.loads(body)["error"]["code"] == "method_not_allowed"


def test_a_broken_index_under_a_running_app_gives_clean_json_errors(tmp_path):
    """The index folder removed, then replaced by garbage, under a running server: the API
    answers a 503 and then a 500 in its JSON error shape, naming no path; the log, for the
    operator, keeps the traceback."""
    index_dir = tmp_path / "index"
    build_index([str(SEEDS)], index_dir)
    log = tmp_path / "serve.log"
    with serving(index_dir, log=log) as base:
        assert request(f"{base}/api/search?q=amunisi")[0] == 200
        shutil.rmtree(index_dir)
        for path in ("/api/search?q=amunisi", f"/api/articles/{SEED_ID}", "/api/quotes?q=kata"):
            status, headers, body = request(base + path)
            assert status == 503 and headers["Content-Type"] == "application/json", path
            assert json.loads(body)["error"]["code"] == "index_missing"
            assert_no_leaks(path, body, str(tmp_path))
        status, _, body = request(f"{base}/?q=amunisi")
        assert status == 503
        assert_no_leaks("/", body, str(tmp_path))

        index_dir.mkdir()
        (index_dir / "_MAIN_9.toc").write_bytes(b"\x00garbage, not a table of contents")
        for path in ("/api/search?q=amunisi", f"/api/articles/{SEED_ID}"):
            status, headers, body = request(base + path)
            assert status == 500 and headers["Content-Type"] == "application/json", path
            assert json.loads(body) == {"error": {"code": "internal_error",
                                                  "message": "the server failed to answer this request"}}
            assert_no_leaks(path, body, str(tmp_path))
        status, _, body = request(f"{base}/?q=amunisi")
        assert status == 500
        assert_no_leaks("/", body, str(tmp_path))
    assert "Traceback" in log.read_text()


# --- Load ------------------------------------------------------------------------------------

def test_the_load_test_runs_20_clients_without_an_error(sample_index, tmp_path):
    """bench/load_test.py, briefly: 20 concurrent clients for 10 s against a real server."""
    out = tmp_path / "load.json"
    done = run([sys.executable, "bench/load_test.py", "--index", str(sample_index),
                "--clients", "20", "--duration", "10", "--out", str(out)], timeout=120)
    print(done.stdout)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert done.returncode == 0 and report["errors"] == 0, report["error_samples"]
    assert report["requests"] > 100 and report["throughput_rps"] > 0
    assert all(row["requests"] > 0 for row in report["by_kind"].values()), report["by_kind"]
    assert report["latency_ms"]["p99"] is not None
