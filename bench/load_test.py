"""Load test: concurrent clients against a real `telusur serve` for a fixed time.

    .venv/bin/python bench/load_test.py [--index DIR | --url URL] [--clients 20] [--duration 60]
                                        [--queries bench/queries.txt] [--out bench/results/load.json]

With ``--index`` (default: Telusur's 25k index in bench/data/baselines-25k/telusur, else
./index) it starts `telusur serve` on a free port of 127.0.0.1 and stops it at the end; with
``--url`` it uses a server that is already running, on this machine only (loopback addresses).

Each client loops until the time is up, one request after another, each time drawing what a
person would do (weights in ``MIX``): search with a query from ``queries.txt``; search with
filters (sort, date range, a person, place or source seen in earlier answers); the second page;
an article as JSON and as its HTML page (ids seen in earlier answers); the HTML search page;
quote search. A request fails when it raises (refused, reset, timed out), answers other than
200, or an API answer is not JSON. Prints requests, errors, throughput and p50/p95/p99 latency,
overall and by kind, and writes them to ``--out``. Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from baselines import index_dir
from common import QUERIES, RESULTS, ROOT, percentiles

# What a request is, and how often clients make it (relative weights).
MIX = {"search": 40, "search_filtered": 15, "search_page_2": 5, "article_json": 12,
       "article_page": 5, "search_page_html": 5, "quotes": 18}
DATE_RANGES = [("2017", "2018"), ("Januari 2018", "Juni 2018"), ("2016-01-01", "2016-12-31"),
               ("", "2017"), ("2018", "")]
QUOTE_WORDS = ["harga", "pemerintah", "kami", "tidak", "akan", "masyarakat", "presiden", "polisi"]


class Seen:
    """What answers have shown so far (article ids, facet values), shared by the clients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ids: list[str] = []
        self.values: dict[str, list[str]] = {"person": [], "place": [], "source": [], "speaker": []}

    def learn(self, answer: dict) -> None:
        facets = answer.get("facets") or {}
        with self.lock:
            for hit in answer.get("results", [])[:3]:
                if "id" in hit and len(self.ids) < 2000:
                    self.ids.append(hit["id"])
            for name, facet in (("person", "persons"), ("place", "places"), ("source", "sources"),
                                ("speaker", "speakers")):
                for entry in (facets.get(facet) or [])[:2]:
                    if len(self.values[name]) < 500:
                        self.values[name].append(entry["value"])

    def pick_id(self, rng: random.Random) -> str | None:
        with self.lock:
            return rng.choice(self.ids) if self.ids else None

    def pick_value(self, rng: random.Random) -> tuple[str, str] | None:
        with self.lock:
            names = [name for name, values in self.values.items() if values]
            if not names:
                return None
            name = rng.choice(names)
            return name, rng.choice(self.values[name])


def next_request(rng: random.Random, queries: list[str], seen: Seen) -> tuple[str, str, bool]:
    """(kind, path and query string, whether the answer is JSON to learn from) of one request."""
    kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
    q = rng.choice(queries)
    params: list[tuple[str, str]] = [("q", q)]
    if kind in ("article_json", "article_page"):
        article_id = seen.pick_id(rng)
        if article_id is not None:
            quoted = urllib.parse.quote(article_id, safe="")
            return kind, (f"/api/articles/{quoted}" if kind == "article_json" else f"/articles/{quoted}"), False
        kind = "search"                              # nothing seen yet: search instead
    if kind == "search_filtered":
        params.append(("sort", rng.choice(["relevance", "newest", "oldest"])))
        first, last = rng.choice(DATE_RANGES)
        params += [(name, value) for name, value in (("from", first), ("to", last)) if value]
        facet = seen.pick_value(rng)
        if facet and facet[0] != "speaker":
            params = [("q", rng.choice(["", q]))] + params[1:] + [facet]
    elif kind == "search_page_2":
        params.append(("page", "2"))
    elif kind == "search_page_html":
        return kind, "/?" + urllib.parse.urlencode(params), False
    elif kind == "quotes":
        params = [("q", rng.choice(QUOTE_WORDS))]
        facet = seen.pick_value(rng)
        if facet and facet[0] == "speaker" and rng.random() < 0.5:
            params.append(facet)
        return kind, "/api/quotes?" + urllib.parse.urlencode(params), True
    return kind, "/api/search?" + urllib.parse.urlencode(params), True


def client(number: int, base: str, deadline: float, queries: list[str], seen: Seen,
           seed: int, timeout: float) -> list[tuple[str, float, str | None]]:
    """One client's requests until DEADLINE: (kind, milliseconds, error or None) each."""
    rng = random.Random(seed * 1000 + number)
    done = []
    while time.monotonic() < deadline:
        kind, path, learn = next_request(rng, queries, seen)
        started = time.perf_counter()
        error = None
        try:
            with urllib.request.urlopen(base + path, timeout=timeout) as response:
                body = response.read()
            if learn:
                seen.learn(json.loads(body))
        except urllib.error.HTTPError as failure:
            error = f"HTTP {failure.code} for {path[:120]}"
        except (OSError, ValueError) as failure:   # refused, reset, timeout; broken JSON
            error = f"{type(failure).__name__}: {failure} for {path[:120]}"
        done.append((kind, (time.perf_counter() - started) * 1000, error))
    return done


def latency(samples: list[float]) -> dict:
    """p50, p95, p99 and max of a list of milliseconds."""
    if len(samples) < 2:
        return {"p50": samples[0] if samples else None, "p95": None, "p99": None,
                "max": samples[0] if samples else None}
    return {**percentiles(samples), "max": round(max(samples), 1)}


def summarize(results: list[tuple[str, float, str | None]], seconds: float) -> dict:
    errors = [error for _, _, error in results if error]
    by_kind = {}
    for kind in MIX:
        mine = [(ms, error) for k, ms, error in results if k == kind]
        by_kind[kind] = {"requests": len(mine), "errors": sum(1 for _, e in mine if e),
                         **latency([ms for ms, _ in mine])}
    return {"requests": len(results), "errors": len(errors),
            "throughput_rps": round(len(results) / seconds, 1),
            "latency_ms": latency([ms for _, ms, _ in results]), "by_kind": by_kind,
            "error_samples": errors[:10]}


def run_load(base: str, clients: int, duration: float, queries: list[str], seed: int = 1,
             timeout: float = 30) -> dict:
    """Drive the server at BASE with CLIENTS threads for DURATION seconds."""
    seen = Seen()
    started = time.monotonic()
    deadline = started + duration
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(client, n, base, deadline, queries, seen, seed, timeout)
                   for n in range(clients)]
        results = [item for future in futures for item in future.result()]
    return summarize(results, time.monotonic() - started)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`telusur serve` on a free port of 127.0.0.1, once it accepts connections; its log
    (with the traceback of any 500) goes to LOG."""
    port = free_port()
    with open(log, "w") as stderr:
        server = subprocess.Popen([sys.executable, "-m", "indexer", "serve", "--index",
                                   str(index_dir), "--port", str(port)], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, f"http://127.0.0.1:{port}"
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("telusur serve did not start")
            time.sleep(0.1)


def loopback_only(url: str) -> str:
    """URL without a trailing slash, when its host is this machine; otherwise exit."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        addresses = set()
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"refusing to load-test {url}: only servers on this machine (loopback)")
    return url.rstrip("/")


def default_index() -> Path:
    built = index_dir("25k", "telusur")
    return built if built.exists() else ROOT / "index"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--index", type=Path, help="start `telusur serve` on this index")
    where.add_argument("--url", help="an already running server on this machine")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds (default: 60)")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--out", type=Path, default=RESULTS / "load.json")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30, help="seconds per request")
    args = parser.parse_args(argv)
    queries = [line.strip() for line in args.queries.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    server = None
    log = args.out.with_suffix(".server.log")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.url:
        base, index_dir = loopback_only(args.url), None
    else:
        index_dir = args.index or default_index()
        server, base = start_server(index_dir, log)
    try:
        report = run_load(base, args.clients, args.duration, queries, args.seed, args.timeout)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    report = {"url": base, "index": str(index_dir) if index_dir else None,
              "clients": args.clients, "duration_s": args.duration,
              "started": datetime.now(timezone.utc).isoformat(timespec="seconds"), **report}
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    total = report["latency_ms"]
    print(f"{report['requests']} requests, {report['errors']} errors, "
          f"{report['throughput_rps']} req/s with {args.clients} clients for {args.duration:g} s; "
          f"latency ms p50 {total['p50']} p95 {total['p95']} p99 {total['p99']} max {total['max']}")
    print(f"{'kind':<18}{'requests':>9}{'errors':>8}{'p50':>9}{'p95':>9}{'p99':>9}")
    for kind, row in report["by_kind"].items():
        print(f"{kind:<18}{row['requests']:>9}{row['errors']:>8}{row['p50'] or '-':>9}"
              f"{row['p95'] or '-':>9}{row['p99'] or '-':>9}")
    for sample in report["error_samples"]:
        print(f"error: {sample}")
    if server is not None and report["errors"]:
        print(f"server log: {log}")
    print(f"wrote {args.out}")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
