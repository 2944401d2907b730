"""The query engine on a real index: ranking, query language, aliases, filters, facets,
snippets, pagination, suggestions, and the JSON API shapes."""

import collections
import json
import re

import pytest
from whoosh import index as whoosh_index

from tests.conftest import SEED_ID
from webui.app import create_app
from webui.facets import FACETS
from webui.query import QueryError, expand_aliases
from webui.search import Engine, SearchRequest


@pytest.fixture(scope="module")
def client(sample_index):
    return create_app({"INDEX_DIR": str(sample_index), "TESTING": True}).test_client()


def search(engine, q="", **params):
    """Run a search with API-style parameters."""
    args = {"q": [q], **{k: v if isinstance(v, list) else [str(v)] for k, v in params.items()}}
    return engine.search(SearchRequest.from_args(args))


def ids(result):
    return [hit["id"] for hit in result["results"]]


def every_hit(engine, q):
    """The results of every page of a search, in order."""
    hits, page = [], 1
    while chunk := search(engine, q, per_page=100, page=page)["results"]:
        hits += chunk
        page += 1
    return hits


def all_records(index_dir):
    """Every stored Article of the index, by id: the brute-force reference."""
    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        return {doc["id"]: json.loads(doc["record"]) for doc in searcher.all_stored_fields()
                if doc["kind"] == "article"}


def words_of(record):
    return set(re.findall(r"\w+", (record["title"] + " " + record["body"]).lower()))


# --- ranking and query language ------------------------------------------------------------

def test_all_words_must_match(engine, sample_index):
    result = search(engine, "presiden indonesia", per_page=100)
    assert result["relaxed"] is False and result["total"] >= 10
    records = all_records(sample_index)
    for hit in result["results"]:
        text = (records[hit["id"]]["title"] + " " + records[hit["id"]]["body"]).lower()
        assert "presiden" in text and "indonesia" in text


def test_stems_match_other_forms_of_the_word(engine):
    result = search(engine, "pemasok", per_page=100)           # the seed says memasok, pasokan
    assert SEED_ID in ids(result)


def test_exact_words_outrank_stem_only_matches(engine):
    exact = search(engine, "pertahanan", per_page=100)
    assert exact["total"] >= 5
    top = exact["results"][0]
    assert "pertahanan" in (top["title"] + top["snippet"]).lower()


def test_phrase_operators_and_grouping(engine, sample_index):
    records = all_records(sample_index)
    phrase = search(engine, '"Jens Stoltenberg"', per_page=100)
    assert ids(phrase) == [SEED_ID] or SEED_ID in ids(phrase)
    assert all("jens stoltenberg" in (records[i]["title"] + " " + records[i]["body"]).lower()
               for i in ids(phrase))
    either = search(engine, "banjir OR gempa", per_page=100)
    banjir = search(engine, "banjir", per_page=100)
    assert either["total"] > banjir["total"]
    without = search(engine, "banjir NOT jakarta", per_page=100)
    minus = search(engine, "banjir -jakarta", per_page=100)
    assert without["total"] == minus["total"] < banjir["total"]
    grouped = search(engine, "(banjir OR gempa) jakarta", per_page=100)
    assert 0 < grouped["total"] <= either["total"]


def test_source_field_in_the_query(engine):
    result = search(engine, "source:Bisnis.com", per_page=100)
    assert ids(result) == [SEED_ID]
    lowered = search(engine, "source:bisnis.com")
    assert ids(lowered) == [SEED_ID]


def test_date_clause_in_the_query(engine):
    result = search(engine, 'banjir tanggal:"September 2019"', per_page=100)
    assert result["total"] > 0
    assert all(hit["published"].startswith("2019-09") for hit in result["results"])
    ranged = search(engine, "banjir tanggal:[2019-09-16 TO 2019-09-17]", per_page=100)
    assert {"hostile-script", "hostile-link"} <= set(ids(ranged))
    assert all(hit["published"][:10] in ("2019-09-16", "2019-09-17") for hit in ranged["results"])


def test_unknown_field_is_a_plain_word(engine):
    assert search(engine, "Stoltenberg: NATO")["total"] == search(engine, "Stoltenberg NATO")["total"]
    assert search(engine, "hash:abc record:x")["total"] == search(engine, "hash abc record x")["total"]


@pytest.mark.parametrize("bad, message", [
    ('"Jens Stoltenberg', "phrase is not closed"),
    ("(banjir OR gempa", "brackets"),
    ("x" * 501, "too long"),
    ('tanggal:"bulan depan sekali"', "tanggal"),
])
def test_broken_queries_say_what_is_wrong(engine, bad, message):
    with pytest.raises(QueryError, match=message):
        search(engine, bad)


@pytest.mark.parametrize("odd", ["AND", "OR OR", "NOT", "-", "+", ":", "a:", "^2", "[", "]",
                                 "{}", "*", "?", "banjir^", "person:", "\\", "'", "“Kami”",
                                 "tanggal:[ TO ]", "\x00", "…", "🙂", "a AND AND b"])
def test_odd_input_is_understood_or_refused_cleanly(engine, odd):
    try:
        result = search(engine, odd)
    except QueryError:
        return
    assert isinstance(result["total"], int)


def test_long_natural_queries_are_relaxed(engine):
    result = search(engine, "kunjungan presiden rusia ke pyongyang membahas kerja sama militer dan ekonomi")
    assert result["relaxed"] is True
    assert result["total"] >= 10
    assert ids(result)[0] == SEED_ID


def test_relaxed_ranking_counts_all_words_matches_twice(engine):
    strict = search(engine, "pyongyang AND presiden", per_page=100)     # operators: never relaxed
    relaxed = search(engine, "pyongyang presiden", per_page=100)
    assert 0 < strict["total"] < 10 and strict["relaxed"] is False
    assert relaxed["relaxed"] is True and relaxed["total"] > strict["total"]
    scores = {hit["id"]: hit["score"] for hit in relaxed["results"]}
    for hit in strict["results"]:
        assert scores[hit["id"]] == pytest.approx(2 * hit["score"], rel=1e-3)
    assert list(scores.values()) == sorted(scores.values(), reverse=True)
    assert ids(relaxed)[0] == ids(strict)[0]
    whole = search(engine, "kim jong presiden", per_page=100)
    assert whole["relaxed"] is True and whole["total"] >= 10
    one_by_one = [ids(search(engine, "kim jong presiden", per_page=1, page=n))[0] for n in range(1, 11)]
    assert one_by_one == ids(whole)[:10]


def test_relaxing_does_not_match_on_common_words_alone(engine, sample_index):
    """``presiden`` is in more than one article in twenty: relaxing ``pyongyang presiden``
    finds the Pyongyang articles, not every article about a president."""
    records = all_records(sample_index)
    presiden = search(engine, "presiden")["total"]
    assert presiden > 0.05 * len(records)
    relaxed = search(engine, "pyongyang presiden", per_page=100)
    assert relaxed["total"] == search(engine, "pyongyang")["total"] < presiden
    assert all("pyongyang" in words_of(records[i]) for i in ids(relaxed))


def test_hyphenated_words_are_words_not_exclusions(engine, sample_index):
    records = all_records(sample_index)
    ektp = search(engine, "e-KTP", per_page=100)
    assert ektp["total"] > 0
    assert all("ktp" in words_of(records[i]) for i in ids(ektp))
    with_ektp = search(engine, "korupsi e-KTP")["total"]
    assert 0 < with_ektp < search(engine, "korupsi")["total"]
    without_ktp = search(engine, "korupsi -KTP", per_page=100)            # a leading minus excludes
    assert without_ktp["total"] < search(engine, "korupsi")["total"]
    assert not any("ktp" in words_of(records[i]) for i in ids(without_ktp))


# --- aliases -------------------------------------------------------------------------------

def test_alias_expansion_text():
    assert 'exact:"Amerika Serikat"' in expand_aliases("sanksi AS")
    assert expand_aliases("as roda") == "as roda"
    assert 'exact:"Joko Widodo"' in expand_aliases("jokowi")
    assert expand_aliases('"AS" person:AS') == '"AS" person:AS'


def test_acronym_finds_the_long_form_and_back(engine, sample_index):
    records = all_records(sample_index)
    long_only = [i for i, r in records.items()
                 if "amerika serikat" in (r["title"] + " " + r["body"]).lower()
                 and not re.search(r"\bAS\b", r["title"] + " " + r["body"])]
    assert long_only, "the sample should hold articles writing only 'Amerika Serikat'"
    found = set(ids(search(engine, "AS", per_page=100)))
    total = search(engine, "AS", per_page=100)["total"]
    assert total >= len(long_only)
    back = search(engine, "Amerika Serikat", per_page=100)["total"]
    assert back >= total * 0.9
    assert set(long_only[:5]) <= set(ids(search(engine, "AS", per_page=100, page=1))) | found or total > 100


def test_lowercase_as_is_not_the_acronym(engine):
    assert search(engine, "as")["total"] < search(engine, "AS")["total"]


# --- filters and facets --------------------------------------------------------------------

def test_facet_counts_match_a_brute_force_count(engine, sample_index):
    result = search(engine, "presiden", per_page=1)
    records = all_records(sample_index)
    everything = search(engine, "presiden", per_page=100, page=1)
    matched = {hit["id"] for hit in every_hit(engine, "presiden")}
    assert len(matched) == result["total"] == everything["total"]
    sources = collections.Counter(records[i]["source"] for i in matched)
    expected = sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(f["value"], f["count"]) for f in result["facets"]["sources"]] == expected
    months = collections.Counter(records[i]["published"][:7] for i in matched if records[i]["published"])
    got = {b["key"][:7]: b["count"] for b in result["facets"]["published"]["buckets"]}
    if result["facets"]["published"]["interval"] == "month":
        assert got == dict(months)
    assert sum(b["count"] for b in result["facets"]["published"]["buckets"]) == sum(months.values())


@pytest.mark.parametrize("q", ["presiden", "", "pyongyang presiden"])
def test_top_facet_values_match_a_full_sort(engine, q):
    """Only values as frequent as the tenth are sorted: the same list as sorting them all,
    ties broken by name."""
    result = search(engine, q, per_page=1)
    searcher = engine.searcher()
    table = engine.facet_table(searcher)
    matched = [searcher.document_number(id=hit["id"], kind="article") for hit in every_hit(engine, q)]
    assert len(matched) == result["total"]
    for name, field in FACETS.items():
        counter = collections.Counter(v for d in matched for v in table.values[field][d])
        full = sorted(counter.items(), key=lambda kv: (-kv[1], table.names[field][kv[0]]))[:10]
        assert [(f["value"], f["count"]) for f in result["facets"][name]] == \
            [(table.names[field][n], c) for n, c in full]


def test_source_filter_is_repeatable_and_anded(engine):
    one = search(engine, "", source="Okezone", per_page=100)
    assert one["total"] > 0
    assert {hit["source"] for hit in one["results"]} == {"Okezone"}
    both = search(engine, "", source=["Okezone", "Tempo.co"])
    assert both["total"] == 0


def test_date_filters_accept_what_people_type(engine):
    june = search(engine, "", **{"from": "September 2019", "to": "September 2019"}, per_page=100)
    assert june["total"] > 0
    assert all(hit["published"].startswith("2019-09") for hit in june["results"])
    day = search(engine, "", **{"from": "16/9/2019", "to": "2019-09-16"}, per_page=100)
    assert all(hit["published"].startswith("2019-09-16") for hit in day["results"])
    assert day["facets"]["published"]["interval"] == "day"


def test_histogram_interval_suits_the_range(engine):
    everything = search(engine, "")
    assert everything["facets"]["published"]["interval"] == "year"
    month = search(engine, "", **{"from": "September 2019", "to": "September 2019"})
    assert month["facets"]["published"]["interval"] == "day"


@pytest.mark.parametrize("params, message", [
    ({"per_page": "0"}, "per_page"), ({"per_page": "101"}, "per_page"), ({"per_page": "x"}, "per_page"),
    ({"page": "0"}, "page"), ({"page": "-1"}, "page"), ({"sort": "best"}, "sort"),
    ({"from": "kapan-kapan"}, "from"), ({"to": "31/2/2024"}, "to"),
    ({"from": "2019-09-20", "to": "2019-09-10"}, "after"),
])
def test_parameters_out_of_bounds_are_refused(engine, params, message):
    with pytest.raises(QueryError, match=message):
        search(engine, "banjir", **params)


def test_pages_partition_the_results(engine):
    first = search(engine, "jakarta", per_page=5, page=1)
    second = search(engine, "jakarta", per_page=5, page=2)
    assert len(first["results"]) == len(second["results"]) == 5
    assert not set(ids(first)) & set(ids(second))
    assert ids(search(engine, "jakarta", per_page=10))[5:] == ids(second)
    beyond = search(engine, "jakarta", page=1000)
    assert beyond["results"] == [] and beyond["total"] == first["total"]


def test_sort_newest_and_oldest(engine):
    newest = search(engine, "banjir", sort="newest", per_page=20)
    dates = [hit["published"] for hit in newest["results"] if hit["published"]]
    assert dates == sorted(dates, reverse=True)
    oldest = search(engine, "banjir", sort="oldest", per_page=20)
    dates = [hit["published"] for hit in oldest["results"] if hit["published"]]
    assert dates == sorted(dates)


# --- snippets, suggestions -----------------------------------------------------------------

def test_snippets_mark_every_stemmed_form(engine):
    result = search(engine, "pasokan", per_page=100)
    seed = next(hit for hit in result["results"] if hit["id"] == SEED_ID)
    marked = {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", seed["snippet"])}
    assert marked & {"memasok", "pasokan"}


def test_hostile_article_text_is_escaped(engine):
    result = search(engine, "banjir mengungsi", per_page=100)
    hit = next(h for h in result["results"] if h["id"] == "hostile-script")
    assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"] or "&lt;img" in hit["snippet"]
    assert re.sub(r"</?mark>", "", hit["snippet"]).count("<") == 0
    assert hit["title"] == "<script>alert('judul')</script> Banjir Jakarta"   # plain text in JSON
    link = next(h for h in search(engine, "banjir rumah", per_page=100)["results"] if h["id"] == "hostile-link")
    assert "<a " not in link["snippet"]


def test_misspelling_gets_a_suggestion_from_unstemmed_words(engine):
    result = search(engine, "pertahnan")
    assert result["total"] < 3
    assert result["suggestion"] == "pertahanan"


# --- the JSON API --------------------------------------------------------------------------

def test_api_search_shape(client):
    response = client.get("/api/search?q=banjir&per_page=3")
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) >= {"query", "total", "page", "per_page", "took_ms", "relaxed", "results",
                         "facets", "suggestion"}
    assert set(data["results"][0]) == {"id", "title", "url", "source", "published", "snippet",
                                       "score", "persons", "organizations", "places"}
    assert set(data["facets"]) >= {"persons", "organizations", "places", "sources", "published"}
    assert data["facets"]["published"]["interval"] in ("day", "month", "year")


def test_api_errors_are_json_4xx(client):
    for url in ["/api/search?per_page=500", "/api/search?q=%22open", "/api/search?from=besok%20lusa"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert set(response.get_json()["error"]) == {"code", "message"}
    missing = client.get("/api/articles/no-such-id")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    assert client.post("/api/search").status_code == 405


def test_api_article_is_the_record(client):
    data = client.get(f"/api/articles/{SEED_ID}").get_json()
    assert data["id"] == SEED_ID and data["source"] == "Bisnis.com"


def test_openapi_describes_every_route(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/search", "/api/articles/{id}", "/api/openapi.json"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "page", "per_page", "sort", "from", "to", "person", "org", "place", "source",
            "speaker", "mentioned"} <= names


def test_search_page_escapes_and_marks(client):
    page = client.get("/?q=banjir+mengungsi").get_data(as_text=True)
    assert "<mark>" in page
    assert "<script>alert" not in page
    assert client.get("/?per_page=0&q=x").status_code == 400


# --- entity facets -------------------------------------------------------------------------

def test_person_filter_and_facet_use_canonical_names(engine):
    result = search(engine, "", person="Jens Stoltenberg", per_page=100)
    assert SEED_ID in ids(result)
    by_surname = search(engine, "person:stoltenberg", per_page=100)
    assert ids(by_surname) == ids(result)
    facet = {f["value"]: f["count"] for f in search(engine, "Stoltenberg")["facets"]["persons"]}
    assert facet.get("Vladimir Putin", 0) >= 1 and "Putin" not in facet


def test_place_and_org_filters_and(engine):
    both = search(engine, "", place="Korea Utara", org="NATO", per_page=100)
    assert SEED_ID in ids(both)
    assert search(engine, "", place="Korea Utara", org="Komisi Pemberantasan Korupsi")["total"] <= \
        search(engine, "", place="Korea Utara")["total"]
    hit = next(h for h in both["results"] if h["id"] == SEED_ID)
    assert "Jens Stoltenberg" in hit["persons"] and "NATO" in hit["organizations"]


def test_mentioned_filter_finds_articles_mentioning_a_day(engine):
    result = search(engine, "", mentioned="2024-06-19")
    assert ids(result) == [SEED_ID]
    assert "2024-06-19" in {f["value"] for f in result["facets"]["mentioned"]}


def test_corpus_learns_that_a_surname_means_the_full_name(tmp_path):
    from indexer.build import build_index
    articles = [
        {"id": "full", "title": "Rencana ekspansi", "body": "Direktur Utama PT Sumber Makmur, "
         "Hendro Wicaksono, menyampaikan rencana itu di Surabaya. Hendro Wicaksono menyebut "
         "ekspansi dimulai tahun depan."},
        {"id": "short", "title": "Ekspansi berlanjut", "body": "Wicaksono mengatakan perusahaan "
         "siap bekerja sama. Menurut Wicaksono, pasar ekspor semakin terbuka."},
    ]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    build_index([str(tmp_path / "a.jsonl")], tmp_path / "index")
    engine = Engine(tmp_path / "index")
    assert engine.article("short")["persons"] == ["Wicaksono"]        # one article alone
    persons = {f["value"]: f["count"] for f in search(engine, "")["facets"]["persons"]}
    assert persons == {"Hendro Wicaksono": 2}                          # the corpus knows better
    assert set(ids(search(engine, "", person="Hendro Wicaksono"))) == {"full", "short"}


# --- quotes ---------------------------------------------------------------------------------

def test_api_quotes_are_ranked_quote_by_quote_with_a_speaker_facet(client):
    data = client.get("/api/quotes?q=prihatin+rudal").get_json()
    top = data["results"][0]
    assert top["article_id"] == SEED_ID and top["speaker"] == "Jens Stoltenberg"
    assert top["kind"] == "direct" and top["cue"] == "kata" and top["text"].startswith("Kami tentu saja")
    assert set(top) == {"article_id", "title", "published", "speaker", "role", "text", "kind", "cue"}
    assert any(f["value"] == "Jens Stoltenberg" for f in data["facets"]["speakers"])


def test_api_quotes_speaker_filter_and_errors(client):
    kirby = client.get("/api/quotes?speaker=John+Kirby").get_json()
    assert kirby["total"] == 2 and {q["speaker"] for q in kirby["results"]} == {"John Kirby"}
    by_surname = client.get("/api/quotes?speaker=kirby").get_json()
    assert by_surname["total"] == 2
    assert client.get("/api/quotes?q=%22open").status_code == 400
    assert client.get("/api/quotes?page=0").status_code == 400


def test_speaker_filters_article_search(engine):
    result = search(engine, "", speaker="Karine Jean-Pierre")
    assert ids(result) == [SEED_ID]
    assert any(f["value"] == "Bonnie Jenkins" for f in result["facets"]["speakers"])
    assert search(engine, 'speaker:"Kurt Campbell"')["total"] == 1


def test_searches_never_return_quote_documents(engine):
    everything = search(engine, "", per_page=100)
    stats = engine.stats()
    assert everything["total"] == stats["documents"]
    assert not any("#" in hit["id"] for hit in everything["results"])


@pytest.mark.parametrize("q", ["presiden", "presiden indonesia", "banjir OR gempa", "banjir -jakarta",
                               '"kerja sama"', "source:Okezone presiden"])
def test_totals_and_facets_do_not_depend_on_the_page_size(engine, q):
    """Whoosh's top-N shortcuts drop documents that cannot make the page: never for totals."""
    small, large = search(engine, q, per_page=1), search(engine, q, per_page=100)
    assert small["total"] == large["total"] > 0
    assert small["facets"] == large["facets"]
