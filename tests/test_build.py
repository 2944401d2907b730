"""Indexing from the command line: the seed end to end, incremental runs, bad input, show, stats."""

import gzip
import json
import shutil
import subprocess
import sys

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term

from indexer.cli import main
from tests.conftest import CLICK_ID, INDOSUM, ROOT, SEED_ID, SEEDS, shared



def run(capsys, *argv):
    """Run ``telusur`` in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def index_json(capsys, *argv):
    """``telusur index ... --json``: (exit code, summary, stderr)."""
    code, out, err = run(capsys, "index", *argv, "--json")
    return code, json.loads(out), err


def corpus_lines(path, n, start=0):
    """``n`` real article lines from a shared corpus."""
    with open(shared(path), encoding="utf-8") as f:
        lines = f.readlines()[start:start + n]
    assert len(lines) == n
    return lines


def stemmed_terms(index_dir, field):
    """The set of terms Whoosh holds for ``field``."""
    with whoosh_index.open_dir(index_dir).reader() as reader:
        return {term.decode() if isinstance(term, bytes) else term
                for term in reader.lexicon(field)}


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory):
    """The seed folder indexed once for the tests that only read it."""
    index_dir = tmp_path_factory.mktemp("seed") / "index"
    assert main(["index", str(SEEDS), "--index", str(index_dir)]) == 0
    return index_dir


def test_seed_end_to_end(seed_index, capsys):
    code, out, _ = run(capsys, "show", SEED_ID, "--index", seed_index, "--json")
    assert code == 0
    article = json.loads(out)
    assert article["id"] == SEED_ID
    assert article["source"] == "Bisnis.com"
    assert article["city"] == "Jakarta"
    assert article["path"] == f"{SEED_ID}.txt"
    assert article["title"].startswith("Presiden Rusia Vladimir Putin tiba di Pyongyang")
    body = article["body"]
    assert body.startswith("Presiden Rusia Vladimir Putin")          # dateline removed
    assert "Bisnis.com, JAKARTA" not in body
    for boilerplate in ("Baca Juga", "Putin Puji Dukungan", "Editor:", "Simak Google News"):
        assert boilerplate not in body, boilerplate
    assert "“Kami tentu saja juga prihatin" in body
    assert article["published"].startswith("2024-06-18T00:00:00+07:00")
    assert article["published_inferred"] is True
    assert article["dates"] == ["2024-06-18", "2024-06-19"]
    for field in ("persons", "organizations", "places", "quotes"):
        assert isinstance(article[field], list)


def test_seed_is_indexed_with_indonesian_stems(seed_index):
    body = stemmed_terms(seed_index, "body")
    assert {"temu", "pasok", "kuat", "percaya", "menteri", "berita", "kepala", "pesawat",
            "negara", "jean-pierre", "pierre", "rusia-korut", "korut", "AS",
            "11.000", "18/6/2024", "tidak"} <= body
    assert not {"berte", "emu", "paso", "teri", "ita", "pala", "sawat", "reka", "as"} & body
    exact = stemmed_terms(seed_index, "exact")
    assert {"bertemu", "menemui", "memperkuat", "pasokan", "kepercayaan", "negara-negara"} <= exact


def test_show_text_and_unknown_id(seed_index, capsys):
    code, out, _ = run(capsys, "show", SEED_ID, "--index", seed_index)
    assert code == 0 and "source: Bisnis.com" in out and "Stoltenberg" in out
    code, _, err = run(capsys, "show", "no-such-article", "--index", seed_index)
    assert code == 1 and "no article with id 'no-such-article'" in err


def test_stats_json(seed_index, capsys):
    code, out, _ = run(capsys, "stats", "--index", seed_index, "--json")
    stats = json.loads(out)
    assert code == 0
    assert stats["documents"] == 1
    assert stats["sources"] == {"Bisnis.com": 1}
    assert stats["published"]["missing"] == 0
    assert stats["published"]["first"].startswith("2024-06-18")


def test_incremental_runs_add_update_remove_and_leave_alone(tmp_path, capsys):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    lines = corpus_lines(INDOSUM, 40)
    (corpus / "a.jsonl").write_text("".join(lines[:20]), encoding="utf-8")
    (corpus / "b.jsonl").write_text("".join(lines[20:]), encoding="utf-8")
    shutil.copy(SEEDS / f"{SEED_ID}.txt", corpus)

    code, summary, _ = index_json(capsys, corpus, "--index", index_dir)
    assert code == 0
    assert (summary["added"], summary["documents"]) == (41, 41)

    # Same inputs: nothing is written, not even a new index generation.
    generation = whoosh_index.open_dir(index_dir).latest_generation()
    code, summary, _ = index_json(capsys, corpus, "--index", index_dir)
    assert (summary["added"], summary["updated"], summary["removed"], summary["unchanged"]) == (0, 0, 0, 41)
    assert whoosh_index.open_dir(index_dir).latest_generation() == generation

    # Change one article, remove a file, add new articles.
    changed = json.loads(lines[0])
    changed["body"] += "\n\nParagraf tambahan tentang pemasok amunisi."
    (corpus / "a.jsonl").write_text(json.dumps(changed) + "\n" + "".join(lines[1:20]), encoding="utf-8")
    (corpus / "b.jsonl").unlink()
    (corpus / "c.jsonl").write_text("".join(corpus_lines(CLICK_ID, 5)), encoding="utf-8")
    code, summary, _ = index_json(capsys, corpus, "--index", index_dir)
    assert (summary["added"], summary["updated"], summary["removed"], summary["unchanged"]) == (5, 1, 20, 20)
    assert summary["documents"] == 26

    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        assert len(searcher.search(Term("id", changed["id"]))) == 1          # replaced, not doubled
        stored = json.loads(searcher.document(id=changed["id"])["record"])
        assert stored["body"].endswith("pemasok amunisi.")
        assert searcher.document(id=json.loads(lines[25])["id"]) is None    # removed with b.jsonl


def test_rebuild_starts_over(tmp_path, capsys):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text("".join(corpus_lines(INDOSUM, 10, 100)), encoding="utf-8")
    index_json(capsys, corpus, "--index", index_dir)
    code, summary, _ = index_json(capsys, corpus, "--index", index_dir, "--rebuild")
    assert (code, summary["added"], summary["unchanged"], summary["documents"]) == (0, 10, 0, 10)


def test_two_jobs_index_the_same_as_one(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(corpus_lines(CLICK_ID, 300, 1000)), encoding="utf-8")
    _, one, _ = index_json(capsys, corpus, "--index", tmp_path / "one", "--jobs", "1")
    _, two, _ = index_json(capsys, corpus, "--index", tmp_path / "two", "--jobs", "2")
    assert one["documents"] == two["documents"] == 300
    assert stemmed_terms(tmp_path / "one", "body") == stemmed_terms(tmp_path / "two", "body")


def test_bad_input_is_reported_and_the_rest_indexed(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = corpus_lines(INDOSUM, 3, 500)
    (corpus / "mixed.jsonl").write_text(good[0] + '{"id": "broken", "body": \n' + good[1], encoding="utf-8")
    (corpus / "latin1.txt").write_bytes("Bisnis.com, JAKARTA - Harga naik di Bandung café".encode("latin-1"))
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 10)
    (corpus / "rows.csv").write_text("id,title,body\nc1,Judul,\"Isi berita yang cukup panjang.\"\nc2,Tanpa isi,\n",
                                     encoding="utf-8")
    with gzip.open(corpus / "more.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(good[2])

    code, summary, err = index_json(capsys, corpus, "--index", tmp_path / "index")
    assert code == 1
    assert summary["documents"] == 4          # two good lines, one CSV row, the gzipped line
    rejected = {(r["path"], r["line"]) for r in summary["rejections"]}
    assert rejected == {("mixed.jsonl", 2), ("latin1.txt", 1), ("binary.txt", None), ("rows.csv", 3)}
    assert "rejected mixed.jsonl:2:" in err and "rejected rows.csv:3:" in err
    assert "Traceback" not in err


def test_missing_path_and_usage_errors(tmp_path, capsys):
    code, summary, err = index_json(capsys, tmp_path / "nowhere", "--index", tmp_path / "index")
    assert code == 1 and summary["rejected"] == 1 and "nowhere" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["index", "--jobs", "zero"])
    assert exit_info.value.code == 2


def test_python_dash_m_indexer_is_the_same_command(tmp_path):
    run = subprocess.run([sys.executable, "-m", "indexer", "index", str(SEEDS), "--index",
                          str(tmp_path / "index"), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["added"] == 1
