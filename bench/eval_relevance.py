"""Relevance of Telusur and the baselines: known-item search and graded topical queries.

    .venv/bin/python bench/eval_relevance.py                # both evaluations, every system
    .venv/bin/python bench/eval_relevance.py --tune         # also tune Telusur on dev (below)
    .venv/bin/python bench/eval_relevance.py --pool FILE    # unjudged pooled top-10s, to judge

All systems search the 25,419 shared articles, with the indexes of bench/baselines.py
(bench/data/baselines-25k/, built when missing). Telusur is `Engine.search` with
`facets=false`; its snippets are skipped (they do not change the ranking).

Known-item search: each IndoSum article whose human summary is in
../shared/corpus/indosum/originals/dev.0*.jsonl (article id `indosum-<IndoSum id>`) is the
target of one query: its summary, sentences joined, detokenized, quote marks and brackets
dropped, cut to its first 40 words (as a user pasting a sentence or two would type it;
`--known-item-words 10` for the opening of a sentence, which separates the systems more).
Reported: MRR@10 and recall@10 over a fixed sample of 500 of the 3,463 (`--known-item-sample 0`
runs all; at 40 words Whoosh takes 0.7-1.5 s a query on this machine). Telusur relaxes such
long queries to best-match, as designed; Whoosh and FTS5 fall back to OR as well
(bench/baselines.py). Writes bench/results/relevance-<words>w.json.

Topical search: the queries of bench/topical_queries.tsv (split dev/holdout fixed before any
result was seen), graded 0/1/2 in bench/judgments.tsv by reading the pooled top 10 of every
system (2 = about the topic, 1 = partly about it or a substantial mention, 0 = not; unjudged
counts as 0). Reported: nDCG@10 (gain 2^grade - 1, ideal from all judged articles of the
query) per system, on dev and holdout separately; queries with no relevant article are left
out and listed.

`--tune` varies one Telusur setting at a time on dev only (field boosts of
webui/query.py TEXT_FIELDS, the `exact` weight, RELAX_BELOW and COMMON_SHARE of
webui/search.py, alias expansion, an added proximity clause, BM25 B/K1), by patching those
module globals in this process over the same index, then a few combinations; it prints the
dev nDCG of every variant. `TUNED` below is the combination chosen from that run; it is
reported beside Telusur (`telusur-tuned`) on dev, holdout and known-item, which is where the
choice is checked.
Prints tables (and writes relevance-topical.json with --no-known-item).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from baselines import SYSTEMS, Telusur, ensure_indexes
from common import RESULTS, ROOT

SHARED = ROOT.parent / "shared" / "corpus"
ORIGINALS = SHARED / "indosum" / "originals"
TOPICAL = ROOT / "bench" / "topical_queries.tsv"
JUDGMENTS = ROOT / "bench" / "judgments.tsv"
KNOWN_ITEM_WORDS = 40
KNOWN_ITEM_SAMPLE = 500       # queries drawn (fixed seed) from the 3,463; 0 = all of them
K = 10

import webui.query  # noqa: E402  (after common put the repository on sys.path)
import webui.search  # noqa: E402
from whoosh import query, scoring  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402

# --- Telusur settings, and variants of them ------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The ranking settings of Telusur a variant may change (None: as the code has it)."""

    text_fields: dict | None = None         # webui.query.TEXT_FIELDS
    relax_below: int | None = None          # webui.search.RELAX_BELOW
    common_share: float | None = None       # webui.search.COMMON_SHARE
    aliases: bool = True                    # webui.query.expand_aliases
    proximity: tuple | None = None          # (slop, boost): an optional phrase clause, title+body
    bm25: dict = field(default_factory=dict)   # BM25F keyword arguments (B, K1, title_B, ...)


CURRENT = Settings()
# The combination chosen by `--tune` on dev (see bench/README.md); checked on holdout and
# known-item. The earlier choices (hyphens inside words, times not read as fields, all-words
# matches first when relaxing) are now in the code, so this is the code as it is.
TUNED = Settings()


@contextlib.contextmanager
def applied(settings: Settings, engine):
    """Run Telusur with ``settings``: patch the module globals, give the engine a searcher
    with the BM25F parameters; undo it all afterwards."""
    with contextlib.ExitStack() as stack:
        if settings.text_fields is not None:
            stack.enter_context(fields_replaced(settings.text_fields))
        if settings.relax_below is not None:
            stack.enter_context(mock.patch.object(webui.search, "RELAX_BELOW", settings.relax_below))
        if settings.common_share is not None:
            stack.enter_context(mock.patch.object(webui.search, "COMMON_SHARE", settings.common_share))
        if not settings.aliases:
            stack.enter_context(mock.patch.object(webui.query, "expand_aliases", lambda text, *_: text))
        if settings.proximity is not None:
            stack.enter_context(mock.patch.object(
                webui.search, "parse_query", with_proximity(webui.search.parse_query, *settings.proximity)))
        ix = whoosh_index.open_dir(engine.index_dir)
        engine._searcher = ix.searcher(weighting=scoring.BM25F(**settings.bm25))
        try:
            yield
        finally:
            engine._searcher = None


@contextlib.contextmanager
def fields_replaced(fields: dict):
    """Give webui.query.TEXT_FIELDS other weights, in place: parse_query may hold the dict
    as a default argument, so rebinding the name would not reach it."""
    current = webui.query.TEXT_FIELDS
    saved = dict(current)
    current.clear()
    current.update(fields)
    try:
        yield
    finally:
        current.clear()
        current.update(saved)


def with_proximity(parse, slop: int, boost: float):
    """``parse_query`` that adds, to a plain list of two or more words, an optional clause
    rewarding articles where the words stand within ``slop`` of each other (title or body;
    all-words matching only)."""
    def parse_query(text, schema, values_for, *args, **kwargs):
        parsed = parse(text, schema, values_for, *args, **kwargs)
        words = [t.text for t in schema["body"].analyzer(text.replace('"', " "), mode="query")]
        if len(words) < 2 or not parsed.units:
            return parsed
        near = query.Or([query.Phrase(name, words, slop=slop, boost=boost) for name in ("title", "body")])
        parsed.strict = query.AndMaybe(parsed.strict, near)
        return parsed
    return parse_query


# --- Queries and judgments -----------------------------------------------------------------


def detokenize(tokens: list[str]) -> str:
    """IndoSum's word tokens as a query a user could have typed: words, numbers and the
    punctuation inside them; quote marks, brackets and stray punctuation dropped.

    >>> detokenize(['Ketua', 'MPR', '"', 'Zulkifli', '"', '(', '27', '/', '3', ')', 'menilai', ','])
    'Ketua MPR Zulkifli 27 / 3 menilai'
    """
    words = []
    for token in tokens:
        token = re.sub(r"[\"“”‘’'`()\[\]{}]", "", token).lstrip("+-")
        if re.search(r"[^\W_]", token) or token == "/":
            words.append(token)
    return " ".join(words)


def known_items(words: int = KNOWN_ITEM_WORDS, sample: int = 0) -> list[tuple[str, str]]:
    """(query, target article id) for each IndoSum summary: the first ``words`` words; with
    ``sample``, that many of them drawn with a fixed seed (the same ones on every run)."""
    items = {}
    for path in sorted(ORIGINALS.glob("dev.0*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                tokens = [t for sentence in record["summary"] for t in sentence]
                text = " ".join(detokenize(tokens).split()[:words])
                items.setdefault(f"indosum-{record['id']}", text)
    pairs = [(text, target) for target, text in sorted(items.items())]
    return random.Random(2024).sample(pairs, sample) if 0 < sample < len(pairs) else pairs


def topical_queries() -> list[dict]:
    """The rows of topical_queries.tsv: id, query, split."""
    with open(TOPICAL, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def judgments() -> dict[str, dict[str, int]]:
    """query id -> article id -> grade, from judgments.tsv."""
    graded: dict[str, dict[str, int]] = {}
    if JUDGMENTS.exists():
        with open(JUDGMENTS, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                graded.setdefault(row["query"], {})[row["article"]] = int(row["grade"])
    return graded


# --- Metrics -------------------------------------------------------------------------------


def reciprocal_rank(ranked: list[str], target: str) -> float:
    """1/rank of ``target`` in the top K, else 0."""
    return 1 / (ranked.index(target) + 1) if target in ranked[:K] else 0.0


def ndcg(ranked: list[str], grades: dict[str, int]) -> float | None:
    """nDCG@K with gain 2^grade - 1; None when nothing is relevant.

    >>> round(ndcg(["a", "b", "c"], {"b": 2, "c": 1}), 3)
    0.659
    """
    def dcg(gains):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:K]))
    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(doc, 0) for doc in ranked]) / ideal if ideal else None


def mean(values) -> float:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else float("nan")


# --- Running the systems -------------------------------------------------------------------


def open_systems(dirs: dict) -> dict:
    """Open searchers: Telusur without facets (and without snippets), and each baseline."""
    systems = {"telusur": Telusur(dirs["telusur"], facets=False, snippets=False)}
    for name in ("whoosh-std", "fts5", "bm25s"):
        systems[name] = SYSTEMS[name](dirs[name])
    return systems


def rankings(system, texts: list[str], settings: Settings | None = None, label="") -> list[list[str]]:
    """The top K of every query; a Telusur ``system`` runs under ``settings``."""
    context = applied(settings, system.engine) if settings is not None else contextlib.nullcontext()
    ranked, started = [], time.perf_counter()
    with context:
        for i, text in enumerate(texts):
            try:
                ranked.append(system.search(text, K))
            except webui.query.QueryError:
                ranked.append([])
            if label and (i + 1) % 500 == 0:
                print(f"  {label}: {i + 1}/{len(texts)} queries, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
    return ranked


def run_all(systems: dict, texts: list[str], label: str) -> dict[str, list[list[str]]]:
    """Rankings of every system (Telusur as it is and with TUNED) for ``texts``."""
    runs = {}
    for name, system in systems.items():
        runs[name] = rankings(system, texts, CURRENT if name == "telusur" else None, f"{label} {name}")
        if name == "telusur" and TUNED != CURRENT:
            runs["telusur-tuned"] = rankings(system, texts, TUNED, f"{label} telusur-tuned")
    return runs


def known_item_eval(systems: dict, sample: int, words: int) -> dict:
    """MRR@10 and recall@10 per system over (a fixed sample of) the IndoSum summaries, each
    cut to its first ``words`` words."""
    items = known_items(words, sample)
    runs = run_all(systems, [text for text, _ in items], "known-item")
    results = {}
    for name, ranked in runs.items():
        ranks = [reciprocal_rank(r, target) for r, (_, target) in zip(ranked, items)]
        results[name] = {"queries": len(items), "mrr10": mean(ranks),
                         "recall10": mean([1.0 if rr else 0.0 for rr in ranks])}
    return results


def topical_scores(ranked: list[list[str]], rows: list[dict], graded: dict) -> dict[str, float | None]:
    """nDCG@10 of each topical query."""
    return {row["id"]: ndcg(r, graded.get(row["id"], {})) for r, row in zip(ranked, rows)}


def topical_eval(systems: dict, rows: list[dict], graded: dict) -> dict:
    """nDCG@10 per system on dev and holdout, with the per-query values."""
    runs = run_all(systems, [row["query"] for row in rows], "")
    results = {}
    for name, ranked in runs.items():
        per_query = topical_scores(ranked, rows, graded)
        results[name] = {split: mean(per_query[r["id"]] for r in rows if r["split"] == split)
                         for split in ("dev", "holdout")}
        results[name]["per_query"] = {q: (round(v, 4) if v is not None else None)
                                      for q, v in per_query.items()}
    return results


# --- Tuning on dev -------------------------------------------------------------------------


def variants() -> list[tuple[str, Settings]]:
    """One setting changed at a time from the current code."""
    fields = dict(webui.query.TEXT_FIELDS)

    def boosts(**changes):
        changed = {**fields, **changes}
        return {k: v for k, v in changed.items() if v}            # 0 drops the field

    out = [("current", CURRENT),
           ("HEAD boosts title=3 quotes=1.2 exact=1.5",
            Settings(text_fields=boosts(title=3.0, quotes=1.2, exact=1.5)))]
    for title in (1.0, 2.0, 5.0, 8.0):
        out.append((f"title={title}", Settings(text_fields=boosts(title=title))))
    for exact in (0, 0.5, 1.0, 3.0):
        out.append((f"exact={exact}", Settings(text_fields=boosts(exact=exact))))
    for quotes in (0, 0.5, 2.0):
        out.append((f"quotes={quotes}", Settings(text_fields=boosts(quotes=quotes))))
    for relax in (0, 1, 3, 30, 100):
        out.append((f"relax_below={relax}", Settings(relax_below=relax)))
    for share in (0.01, 0.02, 0.1, 0.2, 1.0):
        out.append((f"common_share={share}", Settings(common_share=share)))
    out.append(("aliases=off", Settings(aliases=False)))
    for slop, boost in ((1, 1.0), (3, 1.0), (5, 2.0), (10, 1.0)):
        out.append((f"proximity slop={slop} boost={boost}", Settings(proximity=(slop, boost))))
    for b, k1 in ((0.5, 1.2), (0.9, 1.2), (0.75, 0.8), (0.75, 2.0)):
        out.append((f"bm25 B={b} K1={k1}", Settings(bm25={"B": b, "K1": k1})))
    out.append(("bm25 title_B=0.3", Settings(bm25={"title_B": 0.3})))
    return out


def tune(telusur, rows: list[dict], graded: dict) -> list[dict]:
    """Dev nDCG@10 of every variant (holdout is not looked at here)."""
    dev = [row for row in rows if row["split"] == "dev"]
    table = []
    for name, settings in variants() + [("TUNED", TUNED)]:
        scores = topical_scores(rankings(telusur, [r["query"] for r in dev], settings), dev, graded)
        table.append({"variant": name, "dev_ndcg10": mean(scores.values())})
        print(f"| {name} | {table[-1]['dev_ndcg10']:.4f} |", flush=True)
    return table


# --- Pooling for judgment ------------------------------------------------------------------


def write_pool(systems: dict, rows: list[dict], graded: dict, path: Path) -> None:
    """The unjudged articles of every system's top 10 (TUNED included), by query, in id
    order so that no system can be told from the list, with the start of each article."""
    runs = run_all(systems, [row["query"] for row in rows], "pool")
    with open(path, "w", encoding="utf-8") as out:
        for i, row in enumerate(rows):
            pooled = sorted({doc for ranked in runs.values() for doc in ranked[i]}
                            - set(graded.get(row["id"], {})))
            out.write(f"\n##### {row['id']}  {row['query']}  ({len(pooled)} to judge)\n")
            for doc in pooled:
                record = systems["telusur"].engine.article(doc)
                body = " ".join(record["body"].split())[:700]
                out.write(f"\n[{row['id']}] {doc}\n  TITLE: {record['title']}\n  {record['published']}"
                          f" {record['source']}\n  {body}\n")


# --- Output --------------------------------------------------------------------------------


def print_tables(known: dict | None, topical: dict, skipped: list[str]) -> None:
    """Markdown tables of both evaluations."""
    if known:
        print("\n| system | known-item MRR@10 | recall@10 | queries |\n|---|---|---|---|")
        for name, r in known.items():
            print(f"| {name} | {r['mrr10']:.4f} | {r['recall10']:.4f} | {r['queries']} |")
    print("\n| system | nDCG@10 dev | nDCG@10 holdout |\n|---|---|---|")
    for name, r in topical.items():
        print(f"| {name} | {r['dev']:.4f} | {r['holdout']:.4f} |")
    if skipped:
        print(f"\n(left out, nothing relevant judged: {', '.join(skipped)})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="vary Telusur's settings on dev")
    parser.add_argument("--pool", type=Path, metavar="FILE", help="write unjudged pooled results")
    parser.add_argument("--no-known-item", action="store_true", help="topical queries only")
    parser.add_argument("--known-item-words", type=int, default=KNOWN_ITEM_WORDS, metavar="N",
                        help=f"words of each summary used as the query (default {KNOWN_ITEM_WORDS})")
    parser.add_argument("--known-item-sample", type=int, default=KNOWN_ITEM_SAMPLE, metavar="N",
                        help=f"known-item queries to run (default {KNOWN_ITEM_SAMPLE}; 0 = all 3,463)")
    args = parser.parse_args()
    systems = open_systems(ensure_indexes("25k"))
    rows, graded = topical_queries(), judgments()
    if args.pool:
        write_pool(systems, rows, graded, args.pool)
        return
    output = {"settings": {"current": repr(CURRENT), "tuned": repr(TUNED)},
              "known_item_words": args.known_item_words}
    if args.tune:
        print("| variant (dev only) | nDCG@10 dev |\n|---|---|")
        output["tuning"] = tune(systems["telusur"], rows, graded)
    topical = topical_eval(systems, rows, graded)
    known = None if args.no_known_item else known_item_eval(systems, args.known_item_sample, args.known_item_words)
    skipped = [r["id"] for r in rows if not any(graded.get(r["id"], {}).values())]
    print_tables(known, topical, skipped)
    output.update({"known_item": known, "topical": topical, "left_out": skipped})
    RESULTS.mkdir(exist_ok=True)
    name = "relevance-topical.json" if args.no_known_item else f"relevance-{args.known_item_words}w.json"
    (RESULTS / name).write_text(json.dumps(output, indent=2) + "\n")


if __name__ == "__main__":
    main()
