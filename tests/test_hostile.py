"""Hostile input: random and adversarial queries, parameters, dates, files and records never
raise anything but the documented errors; the live API, fuzzed from its own OpenAPI
description, never answers 5xx or outside its schema; huge inputs are refused in bounded
memory and time.

Property-based tests use Hypothesis with a bounded number of examples each, so the module
stays within a few tens of seconds; a failure prints the smallest input that shows it.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import urllib.parse
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from indexer.article import RECORD_KEYS, ArticleError, from_record
from indexer.build import build_index, document_hash, to_documents
from indexer.dates import (PLAUSIBLE_YEARS, DateFilterError, infer_published, mentioned_dates,
                           parse_date_filter)
from indexer.extract import enrich
from indexer.sources import MAX_ARTICLE_CHARS, MAX_LINE_BYTES, RawRecord, Rejection, iter_inputs
from tests.conftest import SEED_ID, SEEDS
from tests.live import request, run
from webui.query import MAX_QUERY_CHARS, QueryError
from webui.search import FILTERS, Engine, SearchRequest

# Every property test: bounded, no deadline (the machine is shared and noisy), no example
# database in the work tree.
BOUNDED = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --- Strategies ------------------------------------------------------------------------------

# Pieces of the query language and of text that has broken parsers before: operators, field
# prefixes, ranges, escapes, and Unicode whose case mapping changes its length ("İ".lower() has
# two characters), invisible and direction characters, NUL, emoji.
QUERY_PIECES = ['"', "(", ")", " OR ", " AND ", " NOT ", "NOT ", "OR", "-", "+", "*", "?", "~",
                "^2", ":", "person:", "org:", "place:", "source:", "speaker:", "tanggal:",
                "date:", "[", "]", "{", "}", " TO ", "\\", "/", "'", "banjir", "Jakarta", "AS",
                "KPK", "Jokowi", "Korut", "pemasok amunisi", "2024-06-18", "18/6/2024",
                "Juni 2024", "kemarin", "pekan lalu", "7 hari terakhir", "9999", "0", "İ", "ẞ",
                "ﬁ", "ß", "\u200b", "\u202e", "\ufeff", "\x00", "\n", "\t", " ", "%", "<mark>",
                "&amp;", "👍🏽", "e\u0301", "ـ"]
queries = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(QUERY_PIECES), st.text(max_size=5)), max_size=12).map("".join),
)

DATE_PIECES = ["Senin", "Selasa", "rabu", "(", ")", "/", "-", ".", ",", " ", "18", "6", "06",
               "2024", "19", "99", "0", "00", "31", "29", "2", "12", "13", "Juni", "Jun",
               "februari", "Des", "tanggal", "hari ini", "pukul", "19.30", "WIB", "WITA",
               "kemarin", "pekan", "minggu", "lalu", "ini", "terakhir", "hari", "bulan", "tahun",
               "9999", "1900", "2100", "2101", "1899", "0000", "\n", "İ", "١٢"]
date_texts = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(DATE_PIECES), st.text(max_size=3)), max_size=10).map("".join),
)
plausible_days = st.dates(min_value=date(PLAUSIBLE_YEARS[0], 1, 1),
                          max_value=date(PLAUSIBLE_YEARS[-1], 12, 31))
moments = st.one_of(st.none(), st.datetimes(
    min_value=datetime(PLAUSIBLE_YEARS[0], 1, 2), max_value=datetime(PLAUSIBLE_YEARS[-1], 12, 30),
    timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=7)),
                               timezone(timedelta(hours=-12))])))

# Article text that reaches deep into cleaning and extraction: datelines, boilerplate, quote
# marks and speech verbs, titles and names, dates.
TEXT_PIECES = ["Bisnis.com, JAKARTA - ", "JAKARTA (ANTARA) - ", "KOMPAS.com - ", "Baca juga:",
               "Baca Juga", "Editor:", "Simak video", "“", "”", '"', "‘", "’", "'", " kata ",
               " ujar ", " ungkapnya.", "Presiden ", "Joko Widodo", "Menteri ", "Sri Mulyani",
               "KPK", "AS", "Korut", "Jakarta", "Selasa (18/6/2024)", "Rabu (19/6)", "18 Juni 2024",
               "pukul 10.30 WIB", "Dr. ", "H. ", "\n", "\n\n", ". ", ", ", " ", "—", "(", ")", ":",
               "\u200b", "İ", "ﬁ", "\x00", "\r", "\x0b", "\x1c"]
article_texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(TEXT_PIECES), st.text(max_size=6)), max_size=30).map("".join),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=5), children, max_size=3)),
    max_leaves=8)
record_fields = st.one_of(
    st.fixed_dictionaries({"body": article_texts}, optional={
        **{key: st.one_of(article_texts, json_values) for key in RECORD_KEYS if key != "body"},
        "extra": json_values}),
    st.dictionaries(st.one_of(st.sampled_from(RECORD_KEYS), st.text(max_size=6)),
                    st.one_of(article_texts, json_values), max_size=9),
)

# Lines of input files: good and broken JSON, CSV, text, and bytes that are not UTF-8 (an
# encoded surrogate, a lone continuation byte, a BOM in the middle, NUL, bare CR).
LINE_PIECES = [b'{"id": "a", "body": "Banjir melanda Jakarta."}', b'{"body": "\\ud800 x"}',
               b'{"body": "\\ud83d\\ude00 emoji"}', b'{"body": ', b"[", b"]", b",", b"{}",
               b"null", b'"x"', b"id,title,body", b'a,"b ""q""",c', b'"unclosed', b"\xed\xa0\x80",
               b"\xff\xfe", b"\x80", b"\xef\xbb\xbf", b"\x00", b"\r", b"\r\n", b"\n",
               b"Bisnis.com, JAKARTA - Harga naik."]
lines = st.one_of(
    st.binary(max_size=40),
    st.lists(st.one_of(st.sampled_from(LINE_PIECES), json_values.map(lambda v: json.dumps(v).encode()),
                       record_fields.map(lambda r: json.dumps(r).encode())), max_size=6)
    .map(b"".join),
    record_fields.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
)
file_contents = st.lists(lines, max_size=6).map(b"\n".join)
extensions = st.sampled_from([".txt", ".jsonl", ".json", ".csv", ".jsonl.gz", ".csv.gz", ".txt.gz"])


@st.composite
def input_files(draw):
    """(file name, bytes) pairs: gzip files may be real, truncated or not gzip at all."""
    files = []
    for number in range(draw(st.integers(1, 4))):
        extension, content = draw(extensions), draw(file_contents)
        if extension.endswith(".gz"):
            how = draw(st.sampled_from(["gzip", "truncated", "plain"]))
            if how != "plain":
                content = gzip.compress(content)
                if how == "truncated":
                    content = content[:draw(st.integers(0, max(0, len(content) - 1)))]
        files.append((f"f{number}{extension}", content))
    return files


# --- The query parser and the request parameters --------------------------------------------

@settings(max_examples=300, **BOUNDED)
@given(q=queries, sort=st.sampled_from(["relevance", "newest", "oldest"]), page=st.integers(1, 3))
def test_any_query_is_answered_or_refused_with_query_error(engine, q, sort, page):
    try:
        result = engine.search(SearchRequest(q=q, sort=sort, page=page))
    except QueryError as error:
        assert str(error)
        event("refused")
        return
    event("answered" if result["total"] else "answered: nothing found")
    assert result["total"] >= len(result["results"])
    assert len(q) <= MAX_QUERY_CHARS


@settings(max_examples=100, **BOUNDED)
@given(q=queries, speaker=st.one_of(st.sampled_from(["Kirby", "Jens Stoltenberg", ""]), queries))
def test_any_quote_query_is_answered_or_refused_with_query_error(engine, q, speaker):
    try:
        result = engine.quotes(SearchRequest(q=q, filters={"speaker": [speaker]} if speaker else {}))
    except QueryError:
        return
    assert result["total"] >= len(result["results"])


PARAMETERS = ["q", "page", "per_page", "sort", "from", "to", "facets", *FILTERS, "unknown"]
PARAMETER_VALUES = ["0", "-1", "1", "100", "101", " 5 ", "1e3", "1_000", "+2", "١٢", "99999999999",
                    "true", "FALSE", "1", "newest", "2024-02-30", "29/2/2024", "Juni 2024",
                    "kemarin", "2101", "9999 hari terakhir", "Joko Widodo", "Jakarta", "\x00"]


@settings(max_examples=200, **BOUNDED)
@given(args=st.dictionaries(st.sampled_from(PARAMETERS),
                            st.lists(st.one_of(st.sampled_from(PARAMETER_VALUES), queries), max_size=3),
                            max_size=6))
def test_any_parameters_are_validated_with_query_error(engine, args):
    try:
        request = SearchRequest.from_args(args)
    except QueryError:
        return
    assert request.page >= 1 and 1 <= request.per_page <= 100
    try:
        engine.search(request)
    except QueryError:
        pass


# --- Dates -----------------------------------------------------------------------------------

@settings(max_examples=500, **BOUNDED)
@given(text=date_texts, today=plausible_days)
def test_any_date_filter_is_a_period_or_a_date_filter_error(text, today):
    try:
        first, last = parse_date_filter(text, today)
    except DateFilterError as error:
        assert str(error)
        return
    assert first <= last
    assert first.year in PLAUSIBLE_YEARS and last.year in PLAUSIBLE_YEARS


@settings(max_examples=500, **BOUNDED)
@given(text=st.one_of(date_texts, article_texts), published=moments)
def test_mentioned_dates_and_inferred_publication_never_fail(text, published):
    days = mentioned_dates(text, published)
    assert days == sorted(set(days)) and all(day.year in PLAUSIBLE_YEARS for day in days)
    inferred = infer_published(text)
    assert inferred is None or inferred.tzinfo is not None


# --- Records and files -----------------------------------------------------------------------

@settings(max_examples=300, **BOUNDED)
@given(fields=record_fields)
def test_any_record_becomes_an_article_or_an_article_error(fields):
    try:
        article = from_record(RawRecord(fields, "a.jsonl", 1, "jsonl"))
    except ArticleError as error:
        assert str(error)
        event("ArticleError")
        return
    assert article.id and article.body and isinstance(article.title, str)
    enrich(article)                                   # extraction never fails either
    event("article with quotes" if article.quotes else "article")
    documents = to_documents(article, document_hash(article))
    assert [d["id"] for d in documents[1:]] == [f"{article.id}#{n}" for n in range(1, len(documents))]
    json.dumps(article.to_json(), ensure_ascii=False).encode("utf-8")


@settings(max_examples=80, **BOUNDED)
@given(files=input_files())
def test_any_files_are_read_indexed_or_rejected(files):
    """The whole write path on random files: readers yield records or rejections, and
    ``build_index`` indexes what they let through without failing."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for name, content in files:
            (corpus / name).write_bytes(content)
        items = list(iter_inputs([str(corpus)]))
        assert all(isinstance(item, (RawRecord, Rejection)) for item in items)
        assert len({item.path for item in items}) <= len(files)
        summary = build_index([str(corpus)], Path(tmp) / "index")
        records = sum(isinstance(item, RawRecord) for item in items)
        event("some records" if records else "all rejected")
        assert summary.added + len(summary.rejections) >= records
        assert summary.documents == summary.added
        Engine(Path(tmp) / "index").search(SearchRequest(q="banjir"))


@settings(max_examples=150, **BOUNDED)
@given(content=file_contents, extension=extensions)
def test_a_file_given_by_name_is_read_or_rejected(content, extension):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{extension}"
        path.write_bytes(content)
        for item in iter_inputs([str(path), str(Path(tmp) / "missing.jsonl"), tmp + "/"]):
            assert isinstance(item, (RawRecord, Rejection))
            if isinstance(item, Rejection):
                assert item.reason and "Traceback" not in item.reason


def test_an_article_id_that_looks_like_a_quote_id_takes_no_other_article_s_quote(tmp_path):
    """Quote documents have ids ``<article id>#<n>``; an article whose own id is ``x#1``,
    when it changes, is replaced alone, and article ``x`` keeps its quote."""
    body = ("Presiden Joko Widodo mengatakan, “Kami akan membangun jalan tol baru tahun depan,” "
            "kata Jokowi di Jakarta, Senin.")
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()

    def index_with(other_body: str) -> list[tuple[str, str]]:
        records = [{"id": "x", "body": body}, {"id": "x#1", "body": other_body}]
        (corpus / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        build_index([str(corpus)], index_dir)
        searcher = Engine(index_dir).searcher()
        return sorted((d["id"], d["kind"]) for d in searcher.all_stored_fields())

    first = index_with("Banjir melanda Jakarta pada Senin pagi.")
    assert ("x#1", "quote") in first and ("x#1", "article") in first
    assert index_with("Banjir besar melanda Jakarta pada Selasa pagi.") == first


# --- The live API, fuzzed from its OpenAPI description ---------------------------------------

# Two leniencies of the contract that Schemathesis would report: not every string the
# description allows is accepted (it cannot say which strings are dates, ``from=kemarin``, or
# well-formed queries; the others get a documented 400), and an empty parameter means "not
# given", as an HTML form sends it (``sort=&page=``), rather than a value to refuse.
LENIENCIES = [positive_data_acceptance, negative_data_rejection]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid-parameters", "invalid-parameters"])
def test_api_fuzzing_finds_no_5xx_and_no_response_outside_the_schema(live, mode):
    """Schemathesis reads /api/openapi.json from the running app and, for every operation in
    it, sends parameters that the description allows (and, in the second run, parameters it
    forbids); every answer must be no 5xx and match the status codes, content types and JSON
    schemas the description promises.

    Its answers to invalid parameters are checked in the same way; two checks of how strict
    the app is are left out on purpose (``LENIENCIES``).
    """
    schema = schemathesis.openapi.from_url(f"{live}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/search", "/api/quotes", "/api/articles/{id}"}
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not any(
                p.location.value == "query" for p in operation.iter_parameters()):
            continue        # any string is a valid id, so there is nothing it forbids to send
        @settings(max_examples=100, **BOUNDED)
        @given(case=operation.as_strategy(generation_mode=mode))
        def answers_within_the_contract(case):
            case.call_and_validate(timeout=30, excluded_checks=LENIENCIES)

        answers_within_the_contract()


# --- Huge inputs -----------------------------------------------------------------------------

def measured(command: list[str], timeout: float) -> dict:
    """Run COMMAND in a fresh process and report its exit code, output, seconds and peak RSS
    (of the command and any process it starts, from ``getrusage(RUSAGE_CHILDREN)``)."""
    probe = ("import json, resource, subprocess, sys, time\n"
             "started = time.monotonic()\n"
             "run = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "print(json.dumps({'code': run.returncode, 'out': run.stdout, 'err': run.stderr,\n"
             "                  'seconds': time.monotonic() - started,\n"
             "                  'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n")
    return json.loads(run([sys.executable, "-c", probe, *command], timeout=timeout).stdout)


def test_huge_articles_and_files_are_refused_in_bounded_memory_and_time(tmp_path):
    """A 50 MB .txt article, a 50 MB JSON line, a 5 MB article in a JSON line and a sparse 1 GB
    file of one line are each rejected with a reason, without being read into memory, and the
    good article beside them is indexed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text((SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    paragraph = ("Pemerintah Provinsi DKI Jakarta menyiapkan pompa air untuk mengantisipasi banjir "
                 "di sejumlah wilayah, kata Kepala Dinas Sumber Daya Air.\n\n")
    with open(corpus / "big.txt", "w", encoding="utf-8") as f:
        for _ in range(50 * 1024 * 1024 // len(paragraph) + 1):
            f.write(paragraph)
    with open(corpus / "bigline.jsonl", "w", encoding="utf-8") as f:
        f.write('{"id": "bigline", "body": "' + "banjir " * (50 * 1024 * 1024 // 7) + '"}\n')
    with open(corpus / "five-mb.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "five-mb", "body": paragraph * (5 * 1024 * 1024 // len(paragraph))}) + "\n")
    for name in ("huge.jsonl", "huge.txt"):          # 1 GB, one line, no disk blocks past 16 KB
        with open(corpus / name, "wb") as f:
            f.write(b'{"id": "huge", "body": "' + b"banjir " * 2400)
            f.truncate(1024 ** 3)
    assert (corpus / "huge.jsonl").stat().st_blocks * 512 < 1024 ** 2

    done = measured([sys.executable, "-m", "indexer", "index", str(corpus), "--index",
                    str(tmp_path / "index"), "--json"], timeout=300)
    print(f"huge inputs: {done['seconds']:.1f} s, peak RSS {done['peak_mb']:.0f} MB")
    assert done["code"] == 1, done["err"][-2000:]
    summary = json.loads(done["out"])
    reasons = {r["path"]: r["reason"] for r in summary["rejections"]}
    too_long = f"article too long (more than {MAX_ARTICLE_CHARS:,} characters)"
    line_too_long = f"line too long (more than {MAX_LINE_BYTES:,} bytes)"
    assert reasons == {"big.txt": too_long, "five-mb.jsonl": too_long,
                       "bigline.jsonl": line_too_long, "huge.jsonl": line_too_long,
                       "huge.txt": line_too_long}
    assert summary["added"] == 1 and summary["documents"] == 1
    assert done["peak_mb"] < 200, f"peak RSS {done['peak_mb']:.0f} MB"
    assert done["seconds"] < 90


def test_a_10000_character_query_gets_a_400(live):
    for q in ("banjir " * 1500)[:10_000], "é" * 10_000:
        quoted = urllib.parse.quote(q)
        for path in (f"/api/search?q={quoted}", f"/api/quotes?q={quoted}"):
            status, headers, body = request(live + path)
            assert status == 400 and headers["Content-Type"] == "application/json"
            message = json.loads(body)["error"]["message"]
            assert "query too long" in message and len(message) < 200
        status, _, body = request(f"{live}/?q={quoted}")
        assert status == 400 and len(body) < 200_000
    long_value = urllib.parse.quote("Joko Widodo " * 900)
    for name in (*FILTERS, "from", "to", "sort", "page", "facets"):
        status, _, body = request(f"{live}/api/search?q=banjir&{name}={long_value}")
        assert status in (200, 400), (name, status, body[:200])
