"""Quality and speed of quote extraction (indexer/quotes.py).

    .venv/bin/python bench/eval_quotes.py            # evaluate; prints a table, writes results
    .venv/bin/python bench/eval_quotes.py --draw     # print the ids the gold articles were drawn from

1. Against bench/data_quotes_gold.jsonl: the seed article and 26 corpus articles (13 from
   IndoSum, 13 from CLICK-ID) drawn at random (``draw``: seed 20240618, among the articles
   whose body has a double quote mark and at most 4,000 characters), annotated by hand before
   the rules were tuned. For each article the gold lists every direct quote (text of four words
   or more in double quote marks that someone said or wrote) and every indirect statement (a
   claim attributed through a verb of saying: mengatakan and its kin, menurut, a parenthetical
   or final "kata X" without quote marks, a passive "Dijelaskan X"), each with its speaker's
   canonical name (the fullest form of the name in the article, as the entity alias table
   spells it; null for an unnamed person) and the first words of its text. Following the
   brief's reading of the seed, writing (menulis), accusing, denying, asking, hoping and
   promising are not statements, and outlets (menurut kantor berita X, demikian Reuters) are
   not speakers; each article's ``note`` records the calls made on it.
2. An extracted item matches a gold item of the same kind when their texts overlap: the
   gold's first four words appear together among the first twelve extracted words, or the
   extracted first four words among the gold's (a parenthetical "kata X" moved out of the
   middle may shift the start). Each extracted item matches at most one gold item, in order.
   Reported per kind: found (recall), precision, and among the found the right speaker (the
   same canonical name, or both null) and the right person (one name's words contain the
   other's: forgives an entity-level canonical error such as ``Zainudin Azis Sp``).
3. Mean milliseconds per article of ``extract_quotes`` alone (``extract_entities`` is run
   before the clock starts) over 1,000 corpus articles, the first 500 of each corpus: the
   median of three passes (each with a cold cache of names read by the entity rules), and the
   95th percentile of all calls; and, as a figure a busy machine disturbs less, the mean over
   the articles of each one's fastest call in the three passes.

Writes bench/results/quotes.json with the scores, every miss, extra and wrong speaker, and the speed.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.article import from_record  # noqa: E402
from indexer.entities import extract_entities  # noqa: E402
from indexer.quotes import _unlisted_name, extract_quotes  # noqa: E402
from indexer.sources import RawRecord, iter_inputs  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPORA = {"indosum": SHARED / "corpus" / "indosum" / "articles.jsonl",
           "click-id": SHARED / "corpus" / "click-id" / "articles.jsonl"}
GOLD = ROOT / "bench" / "data_quotes_gold.jsonl"
RESULTS = ROOT / "bench" / "results" / "quotes.json"
KINDS = ("direct", "indirect")
DRAW_SEED, DRAW_COUNT, DRAW_MAX_CHARS = 20240618, 13, 4000


def draw() -> dict[str, list[str]]:
    """The ids of the gold's corpus articles: per corpus, ``DRAW_COUNT`` drawn with a fixed
    seed among the records whose raw body has a double quote mark and is short enough to read
    whole; the draw knows nothing of the extractor."""
    picks = {}
    for name, path in CORPORA.items():
        with open(path, encoding="utf-8") as f:
            records = (json.loads(line) for line in f)
            ids = [r["id"] for r in records
                   if ("“" in r["body"] or '"' in r["body"]) and len(r["body"]) <= DRAW_MAX_CHARS]
        picks[name] = random.Random(DRAW_SEED).sample(ids, DRAW_COUNT)
    return picks


def articles(paths: list[str], ids: set[str] | None = None, per_file: int | None = None) -> list:
    """Articles as the indexer builds them from the given files: those with the given ids, or
    the first ``per_file`` of each file."""
    found = []
    for path in paths:
        records = (r for r in iter_inputs([path]) if isinstance(r, RawRecord))
        built = (from_record(r) for r in records)
        if ids is not None:
            built = (a for a in built if a.id in ids)
        found.extend(islice(built, per_file))
    return found


def words(text: str | None) -> list[str]:
    """Lowercase words, punctuation dropped."""
    return re.findall(r"\w+", (text or "").lower())


def _holds(haystack: list[str], needle: list[str]) -> bool:
    """True when ``needle`` appears as a contiguous run in ``haystack``."""
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def overlaps(text_start: str, text: str) -> bool:
    """The matching rule of the module docstring (2).

    >>> overlaps("Selain mengamankan upacara pembukaan, sebelumnya akan", "Selain mengamankan upacara pembukaan, sebelumnya")
    True
    >>> overlaps("Semestinya, makalah calon anggota BPK disajikan", "makalah calon anggota BPK disajikan dan dinilai")
    True
    """
    gold, found = words(text_start), words(text)
    return bool(gold and found) and (_holds(found[:12], gold[:4]) or _holds(gold, found[:4]))


def same_person(gold: str | None, found: str | None, lenient: bool) -> bool:
    """Speaker agreement: the same canonical name (or both null); leniently, one name's words
    contain the other's."""
    g, f = words(gold), words(found)
    if not g or not f:
        return not g and not f
    return g == f or (lenient and (set(g) <= set(f) or set(f) <= set(g)))


def evaluate(gold_rows: list[dict], extracted: dict[str, list[dict]]) -> tuple[dict, dict]:
    """Scores per kind and the errors behind them."""
    counts = {k: {"gold": 0, "predicted": 0, "found": 0, "speaker": 0, "person": 0} for k in KINDS}
    errors = {"missed": [], "extra": [], "wrong_speaker": []}
    for row in gold_rows:
        predicted = extracted[row["id"]]
        used = set()
        for kind in KINDS:
            counts[kind]["predicted"] += sum(q["kind"] == kind for q in predicted)
        for item in row["quotes"]:
            count = counts[item["kind"]]
            count["gold"] += 1
            match = next((i for i, q in enumerate(predicted) if i not in used and q["kind"] == item["kind"]
                          and overlaps(item["text_start"], q["text"])), None)
            if match is None:
                errors["missed"].append(f"{row['id']} | {item['kind']} | {item['speaker']} | {item['text_start']}")
                continue
            used.add(match)
            found = predicted[match]["speaker"]
            count["found"] += 1
            count["speaker"] += same_person(item["speaker"], found, lenient=False)
            count["person"] += same_person(item["speaker"], found, lenient=True)
            if not same_person(item["speaker"], found, lenient=False):
                errors["wrong_speaker"].append(f"{row['id']} | {item['kind']} | gold {item['speaker']} | "
                                               f"got {found} | {item['text_start']}")
        errors["extra"] += [f"{row['id']} | {q['kind']} | {q['speaker']} | {q['text'][:70]}"
                            for i, q in enumerate(predicted) if i not in used]
    scores = {}
    for kind, c in counts.items():
        scores[kind] = {**c, "recall": round(c["found"] / c["gold"], 4) if c["gold"] else 0.0,
                        "precision": round(c["found"] / c["predicted"], 4) if c["predicted"] else 0.0,
                        "right_speaker": round(c["speaker"] / c["found"], 4) if c["found"] else 0.0,
                        "right_person": round(c["person"] / c["found"], 4) if c["found"] else 0.0}
    return scores, errors


def extract_all(gold_rows: list[dict]) -> dict[str, list[dict]]:
    """``extract_quotes`` on each gold article, with the article's own entities."""
    paths = sorted({str((ROOT / row["file"]).resolve()) for row in gold_rows})
    result = {}
    for article in articles(paths, {row["id"] for row in gold_rows}):
        entities = extract_entities(article.title, article.body)
        result[article.id] = extract_quotes(article.body, entities["persons"], entities["organizations"])
    return result


def time_articles(count: int = 1000, rounds: int = 3) -> dict:
    """Milliseconds of ``extract_quotes`` per article beyond ``extract_entities``: the mean
    over ``count`` articles, the median of ``rounds`` passes, and the 95th percentile."""
    built = articles([str(p) for p in CORPORA.values()], per_file=count // 2)
    inputs = [(a.body, extract_entities(a.title, a.body)) for a in built]
    extract_quotes("“Saya datang untuk membantu kalian semua,” kata Budi.", ["Budi"], [])   # loads the lists
    means, times, quotes = [], [], 0
    fastest = [float("inf")] * len(inputs)
    for _ in range(rounds):
        _unlisted_name.cache_clear()        # each pass reads the articles as new ones
        started = time.perf_counter()
        for n, (body, entities) in enumerate(inputs):
            begun = time.perf_counter()
            quotes += len(extract_quotes(body, entities["persons"], entities["organizations"]))
            times.append((time.perf_counter() - begun) * 1000)
            fastest[n] = min(fastest[n], times[-1])
        means.append((time.perf_counter() - started) * 1000 / len(inputs))
    times.sort()
    return {"articles": len(inputs), "rounds": rounds, "mean_ms": round(sorted(means)[rounds // 2], 3),
            "round_means_ms": [round(m, 3) for m in means], "p95_ms": round(times[int(0.95 * len(times))], 3),
            "max_ms": round(times[-1], 3), "fastest_mean_ms": round(sum(fastest) / len(fastest), 3),
            "quotes_per_article": round(quotes / rounds / len(inputs), 2)}


def print_table(results: dict) -> None:
    """The scores as a plain-text table."""
    print(f"{'kind':<9} {'gold':>5} {'pred':>5} {'found':>6} {'precision':>9} {'speaker':>8} {'person':>7}")
    for kind, row in results["scores"].items():
        print(f"{kind:<9} {row['gold']:>5} {row['predicted']:>5} {row['recall']:>6.3f} {row['precision']:>9.3f} "
              f"{row['right_speaker']:>8.3f} {row['right_person']:>7.3f}")
    speed = results["speed"]
    print(f"\n{results['articles']} gold articles. extract_quotes: {speed['mean_ms']:.3f} ms/article mean "
          f"(median of {speed['rounds']} rounds: {speed['round_means_ms']}), {speed['p95_ms']:.3f} ms p95, "
          f"{speed['max_ms']:.1f} ms max, {speed['fastest_mean_ms']:.3f} ms mean of each article's fastest call, "
          f"over {speed['articles']} corpus articles "
          f"({speed['quotes_per_article']} quotes and statements each)")


def main() -> dict:
    """Run the evaluation, print it and write bench/results/quotes.json."""
    gold_rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    scores, errors = evaluate(gold_rows, extract_all(gold_rows))
    results = {"articles": len(gold_rows), "scores": scores, "errors": errors, "speed": time_articles()}
    print_table(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    if "--draw" in sys.argv[1:]:
        print(json.dumps(draw(), indent=2))
    else:
        main()
