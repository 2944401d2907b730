"""The Indonesian analyzer: tokens, acronyms, clitics, stopwords and the stemmer word table."""

from pathlib import Path

import pytest

from indexer.analysis import (exact_analyzer, indonesian_analyzer, lexicon, snowball_stem,
                              split_clitic, stem)

STEM_TABLE = Path(__file__).parent / "data" / "stem_table.tsv"


def terms(text, analyzer=None, **kwargs):
    """The indexed terms of ``text``."""
    return [t.text for t in (analyzer or indonesian_analyzer())(text, **kwargs)]


def stem_table():
    """(form, expected root) rows of the hand-judged word table."""
    rows = []
    for line in STEM_TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, root = line.split("\t")[:2]
            rows.append((form.strip(), root.strip()))
    return rows


def test_numbers_keep_their_separators():
    assert terms("lebih dari 11.000 kontainer, naik 70% sejak 18/6/2024 pukul 10:30") == [
        "11.000", "kontainer", "naik", "70%", "18/6/2024", "pukul", "10:30"]


def test_rupiah_amount_is_a_number():
    assert terms("senilai Rp1,5 triliun") == ["nilai", "rp", "1,5", "triliun"]


def test_reduplication_also_indexes_the_word():
    assert terms("negara-negara") == ["negara", "negara", "negara"]
    assert terms("negara-negara", exact_analyzer()) == ["negara-negara", "negara", "negara"]
    assert terms("bermain-main") == ["main", "main", "main"]


def test_hyphenated_names_are_kept_whole_and_in_parts():
    assert terms("Karine Jean-Pierre") == ["karine", "jean-pierre", "jean", "pierre"]
    assert "korut" in terms("kerja sama Rusia-Korut")
    assert "rusia-korut" in terms("kerja sama Rusia-Korut")


def test_hyphenated_parts_take_consecutive_positions():
    tokens = [(t.text, t.pos) for t in indonesian_analyzer()("Karine Jean-Pierre berkata", positions=True)]
    assert tokens == [("karine", 0), ("jean-pierre", 1), ("jean", 1), ("pierre", 2), ("kata", 2)]


def test_queries_keep_hyphenated_words_whole():
    assert terms("Jean-Pierre", mode="query") == ["jean-pierre"]


def test_acronym_that_is_a_word_keeps_its_capitals():
    assert terms("AS") == ["AS"]
    assert terms("as roda") == ["as", "roda"]
    assert terms("Menteri Luar Negeri AS") == ["menteri", "luar", "negeri", "AS"]


def test_other_acronyms_are_lowercased_and_not_stemmed():
    assert terms("KPK memeriksa pejabat BUMN") == ["kpk", "periksa", "jabat", "bumn"]
    assert terms("kpk") == ["kpk"]


def test_all_capital_headline_is_not_a_row_of_acronyms():
    assert terms("PRESIDEN TIDAK BERTEMU MENTERI PERTAHANAN") == [
        "presiden", "tidak", "temu", "menteri", "tahan"]


def test_names_are_protected_from_the_stemmer():
    assert terms("Jokowi dan Megawati") == ["jokowi", "megawati"]
    assert terms("jokowi megawati pemilu") == ["jokowi", "megawati", "pemilu"]


def test_negations_are_not_stopwords():
    assert terms("tidak setuju, bukan dia, belum ada, tak mau") == [
        "tidak", "setuju", "bukan", "belum", "tak", "mau"]
    assert {"tidak", "bukan", "belum", "tak"}.isdisjoint(lexicon("stopwords"))


def test_clitics_are_split_when_the_rest_is_a_word():
    assert [split_clitic(w) for w in ["rumahnya", "bukumu", "merekapun", "bacalah", "benarkah"]] == [
        "rumah", "buku", "mereka", "baca", "benar"]
    assert [split_clitic(w) for w in ["tanya", "punya", "bertemu", "sekolah", "langkah"]] == [
        "tanya", "punya", "bertemu", "sekolah", "langkah"]


def test_exact_analyzer_does_not_stem():
    assert terms("Pertemuan para menteri pertahanan", exact_analyzer()) == [
        "pertemuan", "menteri", "pertahanan"]


@pytest.mark.parametrize("words", [
    ["bertemu", "pertemuan", "menemui"],
    ["memperkuat", "kekuatan"],
    ["memasok", "dipasok", "pemasok", "pasokan"],
    ["pertahanan", "mempertahankan"],
])
def test_word_families_conflate(words):
    assert len({stem(w) for w in words}) == 1, {w: stem(w) for w in words}


@pytest.mark.parametrize("word,wrong", [
    ("bertemu", "berte"), ("menemui", "emu"), ("memperkuat", "perkuat"), ("pasokan", "paso"),
    ("mengatakan", "ata"), ("kepercayaan", "caya"), ("menteri", "teri"), ("berita", "ita"),
    ("kepala", "pala"), ("pesawat", "sawat"), ("mereka", "reka"), ("merekapun", "reka"),
    ("jokowi", "jokow"), ("megawati", "gawat"), ("pemilu", "pilu"),
])
def test_snowball_failures_are_corrected(word, wrong):
    assert snowball_stem(word) == wrong
    assert stem(word) != wrong


def test_stem_table_accuracy_beats_snowball():
    """The hand-judged table: ours must be right on at least 95% of it and beat raw Snowball."""
    rows = stem_table()
    assert len(rows) >= 150
    ours = sum(stem(form) == root for form, root in rows) / len(rows)
    raw = sum(snowball_stem(form) == root for form, root in rows) / len(rows)
    wrong = [(form, root, stem(form)) for form, root in rows if stem(form) != root]
    print(f"\nstem table: {len(rows)} words; Telusur {ours:.1%}, raw Snowball {raw:.1%}")
    assert ours >= 0.95, wrong
    assert ours > raw + 0.2
