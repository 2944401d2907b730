"""Quality and speed of entity extraction (indexer/entities.py).

    .venv/bin/python bench/eval_entities.py

1. Entity-level exact-match precision, recall and F1 per type and micro-averaged, on the
   idner-news-2k test split and on all of NER-UI (../shared/ner; PERSON/ORGANIZATION/LOCATION
   are mapped to PER/ORG/LOC): ``find_mentions`` reads each sentence's tokens joined with
   spaces, and a predicted mention is right when its first and last tokens and its type equal
   a gold entity's. NER-UI was never used for tuning: it is the honest cross-corpus check.
2. Article-level micro F1 of ``extract_entities`` against bench/data_entities_gold.jsonl:
   canonical names per article and type, annotated by hand on 20 corpus articles (10 IndoSum,
   10 CLICK-ID, drawn at random) before the rules were tuned.
3. Mean milliseconds per article of ``extract_entities`` over 1,000 corpus articles (the
   first 500 of each corpus) as the indexer builds them, after the word lists are loaded: the
   median of three passes.

Prints a table and writes bench/results/entities.json.
"""

from __future__ import annotations

import bisect
import json
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.article import from_record  # noqa: E402
from indexer.entities import extract_entities, find_mentions  # noqa: E402
from indexer.sources import RawRecord, iter_inputs  # noqa: E402

SHARED = ROOT.parent / "shared"
NER_SETS = {
    "idner-news-2k test": SHARED / "ner" / "idner-news-2k" / "test.txt",
    "NER-UI (all)": SHARED / "ner" / "indolem-nerui" / "nergithub.txt",
}
CORPORA = [SHARED / "corpus" / "indosum" / "articles.jsonl", SHARED / "corpus" / "click-id" / "articles.jsonl"]
GOLD = ROOT / "bench" / "data_entities_gold.jsonl"
RESULTS = ROOT / "bench" / "results" / "entities.json"
TYPES = ("PER", "ORG", "LOC")
LABELS = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
FIELDS = {"PER": "persons", "ORG": "organizations", "LOC": "places"}


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a CoNLL file as (tokens, tags): token first, tag last on each line
    (idner-news-2k: ``token POS TAG`` with spaces; NER-UI: ``token<TAB>TAG``)."""
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if tokens:
                    sentences.append((tokens, tags))
                tokens, tags = [], []
                continue
            tokens.append(parts[0])
            tags.append(parts[-1])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entities of a tag sequence as (first token, last token, type); an I- tag that does not
    continue an entity of its type opens one (IOB1 and BIO alike)."""
    spans, current = set(), None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, label = tag.partition("-")
        kind = LABELS.get(label)
        if current and (prefix != "I" or kind != current[2]):
            spans.add(current)
            current = None
        if kind and current is None:
            current = (i, i, kind)
        elif kind:
            current = (current[0], i, kind)
    return spans


def predicted_spans(tokens: list[str]) -> set[tuple[int, int, str]]:
    """``find_mentions`` on the tokens joined with spaces, as token spans."""
    starts, offset = [], 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    spans = set()
    for mention in find_mentions(" ".join(tokens)):
        first = bisect.bisect_right(starts, mention.start) - 1
        last = bisect.bisect_left(starts, mention.end) - 1
        spans.add((first, last, mention.type))
    return spans


def scores(gold: set, predicted: set) -> dict:
    """Precision, recall and F1 per type and micro-averaged over items ``(..., type)``."""
    table = {}
    for kind in TYPES + ("micro",):
        g = {x for x in gold if kind in ("micro", x[-1])}
        p = {x for x in predicted if kind in ("micro", x[-1])}
        right = len(g & p)
        precision = right / len(p) if p else 0.0
        recall = right / len(g) if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
        table[kind] = {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4),
                       "gold": len(g), "predicted": len(p)}
    return table


def evaluate_ner(path: Path) -> dict:
    """Entity-level scores of ``find_mentions`` on one CoNLL file."""
    gold, predicted = set(), set()
    for n, (tokens, tags) in enumerate(read_conll(path)):
        gold |= {(n, *span) for span in gold_spans(tags)}
        predicted |= {(n, *span) for span in predicted_spans(tokens)}
    return scores(gold, predicted)


def corpus_articles(ids: set[str] | None = None, per_corpus: int | None = None) -> list:
    """Articles of the shared corpora as the indexer builds them: those with the given ids,
    or the first ``per_corpus`` of each corpus."""
    articles = []
    for path in CORPORA:
        records = (r for r in iter_inputs([str(path)]) if isinstance(r, RawRecord))
        if ids is not None:
            records = (r for r in records if r.fields.get("id") in ids)
        articles.extend(from_record(r) for r in islice(records, per_corpus))
    return articles


def evaluate_articles() -> dict:
    """Article-level scores of ``extract_entities`` against the hand-annotated gold file."""
    gold_rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = {a.id: a for a in corpus_articles({row["id"] for row in gold_rows})}
    gold, predicted = set(), set()
    for row in gold_rows:
        found = extract_entities(articles[row["id"]].title, articles[row["id"]].body)
        for kind, field in FIELDS.items():
            gold |= {(row["id"], name, kind) for name in row[field]}
            predicted |= {(row["id"], name, kind) for name in found[field]}
    result = scores(gold, predicted)
    result["articles"] = len(gold_rows)
    result["missed"] = sorted(" | ".join(x) for x in gold - predicted)
    result["extra"] = sorted(" | ".join(x) for x in predicted - gold)
    return result


def time_articles(count: int = 1000, rounds: int = 3) -> dict:
    """Milliseconds of ``extract_entities`` per article: the mean over ``count`` articles,
    taken as the median of ``rounds`` passes (a shared machine is noisy), and the 95th
    percentile of all calls; plus the one-off time to load the word lists."""
    articles = corpus_articles(per_corpus=count // 2)
    started = time.perf_counter()
    extract_entities("", "Presiden Joko Widodo tiba di Jakarta.")     # loads the word lists
    load_ms = (time.perf_counter() - started) * 1000
    means, times = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        for article in articles:
            begun = time.perf_counter()
            extract_entities(article.title, article.body)
            times.append((time.perf_counter() - begun) * 1000)
        means.append((time.perf_counter() - started) * 1000 / len(articles))
    times.sort()
    return {"articles": len(articles), "rounds": rounds, "mean_ms": round(sorted(means)[rounds // 2], 3),
            "round_means_ms": [round(m, 3) for m in means], "p95_ms": round(times[int(0.95 * len(times))], 3),
            "load_ms": round(load_ms, 1), "mean_chars": round(sum(len(a.body) for a in articles) / len(articles))}


def print_table(results: dict) -> None:
    """The scores as a plain-text table."""
    print(f"{'evaluation':<28} {'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
    for name, table in results["scores"].items():
        for kind in TYPES + ("micro",):
            row = table[kind]
            print(f"{name:<28} {kind:<6} {row['p']:>6.3f} {row['r']:>6.3f} {row['f1']:>6.3f} "
                  f"{row['gold']:>6} {row['predicted']:>6}")
    speed = results["speed"]
    print(f"\nextract_entities: {speed['mean_ms']:.3f} ms/article mean (median of {speed['rounds']} rounds: "
          f"{speed['round_means_ms']}), {speed['p95_ms']:.3f} ms p95, over {speed['articles']} corpus articles "
          f"(mean {speed['mean_chars']} chars); word lists load in {speed['load_ms']:.0f} ms")


def main() -> dict:
    """Run all three evaluations, print them and write bench/results/entities.json."""
    speed = time_articles()                 # first, so that loading the word lists is timed
    results = {"scores": {name: evaluate_ner(path) for name, path in NER_SETS.items()}}
    articles = evaluate_articles()
    results["scores"]["articles (20, canonical)"] = {k: articles[k] for k in TYPES + ("micro",)}
    results["article_errors"] = {"missed": articles["missed"], "extra": articles["extra"]}
    results["speed"] = speed
    print_table(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
