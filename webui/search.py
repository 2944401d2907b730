"""The query engine: the one reader of the index, behind the HTML pages, the JSON API and the CLI.

An ``Engine`` keeps one Whoosh searcher open and swaps it for a fresh one when
``telusur index`` has published a new generation, so the web app serves new articles without
a restart and never sees a half-written index.
"""

from __future__ import annotations

import collections
import functools
import html
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from whoosh import collectors, highlight, query, sorting
from whoosh import index as whoosh_index
from whoosh.support.levenshtein import levenshtein
from whoosh.util.times import long_to_datetime

from indexer.schema import ARTICLE, QUOTE
from webui.facets import JAKARTA, FacetTable, utc_bounds
from webui.query import QueryError, date_span, facet_query, parse_query, relaxed_query

SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
RELAX_BELOW = 10        # all-words matching finding fewer articles than this is relaxed
COMMON_SHARE = 0.05     # when relaxing, a word in more than this share of documents is common
SUGGEST_BELOW = 3       # fewer results than this earns a "did you mean"
SNIPPET_CHARS = 240
# Quote search ranks the quote's own text; a quote result carries these keys.
QUOTE_FIELDS = {"quote_text": 1.0}
QUOTE_KEYS = ("article_id", "title", "published", "speaker", "role", "text", "kind", "cue")
# Filter parameters (API and CLI) and the facet field each one restricts.
FILTERS = {"person": "persons", "org": "organizations", "place": "places",
           "source": "source", "speaker": "speakers", "mentioned": "mentioned"}


@dataclass
class SearchRequest:
    """One search, validated: what the API, the HTML page and the CLI all ask for."""

    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    date_from: date | None = None
    date_to: date | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)   # parameter name -> values
    facets: bool = True                                            # count facets over all matches

    @classmethod
    def from_args(cls, args, today: date | None = None) -> "SearchRequest":
        """Validate request parameters (``args.getlist(name)`` or a dict of lists).

        Raises ``QueryError`` naming the parameter and what it accepts.
        """
        def values(name):
            got = args.getlist(name) if hasattr(args, "getlist") else args.get(name, [])
            return [v for v in got if v is not None and v.strip()]

        def one(name, default=""):
            got = values(name)
            return got[-1].strip() if got else default

        request = cls(q=one("q"), sort=one("sort", "relevance"),
                      page=_bounded_int("page", one("page", "1"), 1, None),
                      per_page=_bounded_int("per_page", one("per_page", "10"), 1, MAX_PER_PAGE))
        if request.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {request.sort!r}")
        request.date_from = _date_param("from", one("from"), today, end=False)
        request.date_to = _date_param("to", one("to"), today, end=True)
        if request.date_from and request.date_to and request.date_from > request.date_to:
            raise QueryError("from is after to: the date range is empty")
        request.filters = {name: wanted for name in FILTERS if (wanted := values(name))}
        facets = one("facets", "true").lower()
        if facets not in ("true", "false", "1", "0"):
            raise QueryError(f"facets must be true or false, not {facets!r}")
        request.facets = facets in ("true", "1")
        return request


def _bounded_int(name: str, text: str, low: int, high: int | None) -> int:
    """A whole-number parameter within bounds, or a QueryError saying which."""
    limits = f"from {low} to {high}" if high else f"{low} or more"
    try:
        number = int(text)
    except ValueError:
        raise QueryError(f"{name} must be a whole number {limits}, not {text!r}") from None
    if number < low or (high is not None and number > high):
        raise QueryError(f"{name} must be a whole number {limits}, not {number}")
    return number


def _date_param(name: str, text: str, today: date | None, end: bool) -> date | None:
    """The first (``from``) or last (``to``) day a date parameter denotes."""
    if not text:
        return None
    first, last = date_span(name, text, today)
    return last if end else first


class IndexMissing(Exception):
    """There is no index at the configured directory."""


def _one_reader_at_a_time(method):
    """Run an ``Engine`` method holding the engine's read lock.

    A Whoosh searcher reads its files by seeking and then reading, so two threads searching
    one searcher at once read each other's bytes: broken postings ("Damaged postings block"),
    TypeErrors, or quietly wrong results, under load on the threads of ``telusur serve``.
    Python runs one thread at a time anyway, so taking turns costs next to nothing.
    """
    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._reading:
            return method(self, *args, **kwargs)
    return locked


class Engine:
    """Read access to one index directory."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._reading = threading.RLock()       # see _one_reader_at_a_time
        self._searcher = None
        self._built: dict[str, tuple] = {}       # name -> (searcher, what was built for it)

    def searcher(self):
        """A searcher on the newest generation of the index.

        A new generation gets a new searcher rather than Whoosh's ``refresh()``, which may close
        readers that a request on another thread is still using; Python closes an old searcher
        when its last user lets go.
        """
        with self._lock:
            if self._searcher is None or not self._searcher.up_to_date():
                if not whoosh_index.exists_in(self.index_dir):
                    raise IndexMissing(f"no index in {self.index_dir}; run `telusur index` first")
                self._searcher = whoosh_index.open_dir(self.index_dir).searcher()
            return self._searcher

    def _per_generation(self, name: str, searcher, build):
        """``build(searcher)``, made once per generation of the index (per searcher)."""
        with self._lock:
            built = self._built.get(name)
            if built is None or built[0] is not searcher:
                built = self._built[name] = (searcher, build(searcher))
            return built[1]

    def facet_table(self, searcher) -> FacetTable:
        """The facet table of ``searcher``'s generation, built on first use."""
        return self._per_generation("facets", searcher, lambda s: FacetTable(s.reader()))

    @_one_reader_at_a_time
    def search(self, request: SearchRequest, extra: tuple[str, ...] = ()) -> dict:
        """Run one search: the ``/api/search`` object of DESIGN.md, each result also carrying
        the ``extra`` fields of its stored record (the page shows the dateline city)."""
        started = time.perf_counter()
        searcher = self.searcher()
        table = self.facet_table(searcher)
        parsed = parse_query(request.q, searcher.schema, table.values_for)
        date_range = _date_range(parsed.date_range, request.date_from, request.date_to)
        restrictions = _restrictions(request, date_range, table)
        results, docnums, relaxed = _ranked(searcher, table, parsed, ARTICLE, restrictions, request)
        start = (request.page - 1) * request.per_page
        hits = [_hit(hit, extra) for hit in results[start:start + request.per_page]]
        suggestion = _suggest(searcher, parsed.words) if len(docnums) < SUGGEST_BELOW else None
        facets = table.all_facets(docnums) if request.facets else {}
        return {
            "query": request.q, "total": len(docnums), "page": request.page,
            "per_page": request.per_page,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
            "relaxed": relaxed, "results": hits, "facets": facets, "suggestion": suggestion,
        }

    @_one_reader_at_a_time
    def quotes(self, request: SearchRequest) -> dict:
        """Quote-level search: the ``/api/quotes`` object, each result one quote.

        Uses the request's ``q``, ``speaker`` filters (all must hold), page and per_page.
        """
        started = time.perf_counter()
        searcher = self.searcher()
        table = self.facet_table(searcher)
        parsed = parse_query(request.q, searcher.schema, table.values_for,
                             fields=QUOTE_FIELDS, alias_field="quote_text")
        restrictions = [facet_query("quote_speaker", table.values_for("quote_speaker", speaker))
                        for speaker in request.filters.get("speaker", [])]
        results, docnums, _ = _ranked(searcher, table, parsed, QUOTE, restrictions, request)
        start = (request.page - 1) * request.per_page
        hits = [json.loads(hit["record"]) for hit in results[start:start + request.per_page]]
        return {
            "query": request.q, "total": len(docnums), "page": request.page,
            "per_page": request.per_page,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
            "results": [{key: hit.get(key) for key in QUOTE_KEYS} for hit in hits],
            "facets": {"speakers": table.counts("quote_speaker", docnums)},
        }

    @_one_reader_at_a_time
    def article(self, article_id: str) -> dict | None:
        """The stored Article record (DESIGN.md fields) with this id, or None."""
        stored = self.searcher().document(id=article_id, kind=ARTICLE)
        return json.loads(stored["record"]) if stored else None

    @_one_reader_at_a_time
    def stats(self) -> dict:
        """Document count, per-source counts and publication date range of the index (the
        same object until a new generation is published)."""
        searcher = self.searcher()
        table = self.facet_table(searcher)
        return self._per_generation("stats", searcher, lambda s: _index_stats(s, table))


def _index_stats(searcher, table: FacetTable) -> dict:
    """The articles' count, per-source counts and publication dates, from the facet table."""
    docnums = sorted(searcher.docs_for_query(query.Term("kind", ARTICLE)))
    source_names, source_of = table.names["source"], table.values["source"]
    sources = collections.Counter(source_names[source_of[d][0]] if source_of[d] else "(none)"
                                  for d in docnums)
    published = [table.published[d] for d in docnums if table.published[d] is not None]
    months = collections.Counter(date.fromordinal(table.days[d]).isoformat()[:7]
                                 for d in docnums if table.days[d] is not None)
    return {
        "documents": len(docnums),
        "sources": dict(sources.most_common()),
        "published": {
            "first": _jakarta(long_to_datetime(min(published))) if published else None,
            "last": _jakarta(long_to_datetime(max(published))) if published else None,
            "missing": len(docnums) - len(published),
            "months": dict(sorted(months.items())),
        },
    }


def _jakarta(moment: datetime) -> str:
    """A stored (naive UTC) datetime as ISO 8601 in Jakarta time."""
    return moment.replace(tzinfo=timezone.utc).astimezone(JAKARTA).isoformat()


def _date_range(clause, date_from: date | None, date_to: date | None):
    """The (first, last) days a search is limited to: its ``tanggal:`` clause within the
    ``from``/``to`` parameters; None when nothing limits it."""
    if clause is None and date_from is None and date_to is None:
        return None
    first, last = clause or (date.min, date.max)
    return max(first, date_from or date.min), min(last, date_to or date.max)


def _restrictions(request: SearchRequest, date_range, table: FacetTable) -> list[query.Query]:
    """The restrictions that are not ranked: facet values (AND across values) and dates."""
    parts = []
    for name, wanted in request.filters.items():
        field_name = FILTERS[name]
        for value in wanted:
            if field_name == "mentioned":
                parts.append(_mentioned_query(value))
            else:
                parts.append(facet_query(field_name, table.values_for(field_name, value)))
    if date_range is not None:
        low, high = utc_bounds(*date_range)
        parts.append(query.DateRange("published", low, high, endexcl=True))
    return parts


def _mentioned_query(value: str) -> query.Query:
    """Articles mentioning a day of the period ``value`` denotes (at most a year of days)."""
    first, last = date_span("mentioned", value)
    if (last - first).days > 366:
        raise QueryError("mentioned: the period is longer than a year; give a day, month or year")
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return query.Or([query.Term("mentioned", day.isoformat()) for day in days])


class _Recorder(collectors.WrappingCollector):
    """Pass matches on to the ranking collector and remember every matching document, so
    facets count all matches, not only the page."""

    def __init__(self, child):
        super().__init__(child)
        self.docnums: list[int] = []

    def collect(self, sub_docnum):
        self.docnums.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def _ranked(searcher, table: FacetTable, parsed, kind: str, restrictions: list, request: SearchRequest):
    """Rank the documents of ``kind`` matching ``parsed`` within ``restrictions``: the hits up
    to the requested page, every matching docnum, and whether the query was relaxed.

    All words must match; when that finds fewer than ``RELAX_BELOW``, a plain word list is
    relaxed to best-match (``relaxed_query``), where all-words matches score extra.
    """
    hits, docnums = _run(searcher, table, _within(parsed.strict, kind, restrictions), request)
    if not parsed.units or len(docnums) >= RELAX_BELOW:
        return hits, docnums, False
    documents = searcher.doc_frequency("kind", kind)

    def is_common(unit):
        return max(leaf.estimate_size(searcher.reader()) for leaf in unit.leaves()) > COMMON_SHARE * documents

    relaxed = _within(relaxed_query(parsed.units, is_common), kind, restrictions)
    more, more_docnums = _run(searcher, table, relaxed, request, room=len(hits))
    if len(more_docnums) <= len(docnums):
        return hits, docnums, False
    if request.sort == "relevance":
        more = _all_words_count_twice(hits, more)
    return more, more_docnums, True


def _all_words_count_twice(strict_hits: list, relaxed_hits: list) -> list:
    """The relaxed ranking in which each all-words match scores twice: once as a relaxed
    match (where it scores exactly what the all-words query gave it: the same words, summed)
    and once more for holding them all. All-words matches rank higher unless they only
    mention the words in passing, without running the all-words query again as part of the
    relaxed one. ``relaxed_hits`` must reach ``len(strict_hits)`` past the page; all-words
    matches beyond the page need not be at hand, as they can only rank below it."""
    strict = {hit.docnum for hit in strict_hits}
    for hit in strict_hits:
        hit.score *= 2
    merged = strict_hits + [hit for hit in relaxed_hits if hit.docnum not in strict]
    return sorted(merged, key=lambda hit: hit.score, reverse=True)


def _within(q: query.Query, kind: str, restrictions: list) -> query.Query:
    """``q`` limited to documents of ``kind`` meeting every restriction, which add no score.

    Text and facet fields belong to article documents only, quote fields to quote documents
    only, so only an ``Every`` (an empty query, a lone ``NOT``) can reach the other kind:
    the kind is required only then, rather than checked for every match of every search.
    """
    if any(isinstance(leaf, query.Every) for leaf in q.leaves()):
        restrictions = [query.Term("kind", kind)] + restrictions
    if not restrictions:
        return q
    return query.Require(q, query.And(restrictions) if len(restrictions) > 1 else restrictions[0])


def _run(searcher, table: FacetTable, q: query.Query, request: SearchRequest, room: int = 0):
    """Rank ``q``: the hits up to the requested page (and ``room`` more), and all matches.

    Restrictions join the query as a requirement that adds no score (``_within``), so they
    are matched lazily alongside it; Whoosh's filter collector would first list every
    allowed document on each search.
    """
    limit = request.page * request.per_page + room
    if request.sort == "relevance":
        # No block-quality skipping and no matcher replacement: both drop documents that
        # cannot reach the top N, and every match must be counted for the total and facets.
        ranking = collectors.TopCollector(limit, usequality=False, replace=0)
    else:
        by_date = sorting.FunctionFacet(table.sort_key_for(newest=request.sort == "newest"))
        ranking = searcher.collector(limit=limit, sortedby=by_date, reverse=request.sort == "newest")
    recorder = _Recorder(ranking)
    searcher.search_with_collector(q, recorder)
    results = recorder.results()
    results.highlighter = _HIGHLIGHTER
    return list(results), recorder.docnums


class _MarkFormatter(highlight.Formatter):
    """Query terms in ``<mark>``, everything else HTML-escaped: safe to insert as HTML."""

    between = " … "

    def _text(self, text):
        return html.escape(text)

    def format_token(self, text, token, replace=False):
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"


_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70),
    formatter=_MarkFormatter())


def _hit(hit, extra: tuple[str, ...] = ()) -> dict:
    """One result as the API returns it: plain-text fields plus a marked-up snippet, and the
    ``extra`` fields of the stored record a caller asks for."""
    record = json.loads(hit["record"])
    snippet = hit.highlights("body", top=2) or _lead(record["body"])
    return {
        "id": record["id"], "title": record["title"], "url": record["url"],
        "source": record["source"], "published": record["published"], "snippet": snippet,
        "score": round(hit.score, 3) if hit.score is not None else None,
        "persons": record["persons"], "organizations": record["organizations"],
        "places": record["places"], **{key: record.get(key) for key in extra},
    }


def _lead(body: str) -> str:
    """The article's opening, escaped, when no query word is in its body."""
    cut = body[:SNIPPET_CHARS]
    if len(body) > SNIPPET_CHARS:
        cut = cut.rsplit(" ", 1)[0] + " …"
    return html.escape(cut)


def _suggest(searcher, words: list[str]) -> str | None:
    """A "did you mean" from the unstemmed words of the index, or None.

    Whoosh's corrector ranks candidates by frequency; the fewest edits should win first
    (``pertahnan`` -> ``pertahanan``, not the commoner ``permainan``).
    """
    corrector = searcher.corrector("exact")
    changed, suggestion = False, []
    for word in words:
        lowered = word.lower()
        better = None
        if searcher.doc_frequency("exact", lowered) == 0:
            candidates = corrector.suggest(lowered, limit=10, prefix=1)
            if candidates:
                better = min(candidates, key=lambda c: (levenshtein(lowered, c),
                                                        -searcher.doc_frequency("exact", c)))
        suggestion.append(better or word)
        changed = changed or better is not None
    return " ".join(suggestion) if changed else None
