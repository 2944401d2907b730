"""The query language: what a user types, turned into a Whoosh query or a clear error.

    pemasok amunisi                 all words (stemmed: also "memasok", "pasokan")
    "Jens Stoltenberg"              a phrase
    rusia OR ukraina, NOT china, -china, +nato, (a OR b) c
    person:"Vladimir Putin"  org:NATO  place:Pyongyang  source:Bisnis.com  speaker:Kirby
    tanggal:"Juni 2024"  tanggal:[2024-06-01 TO 2024-06-30]  date:2024

Acronyms and aliases from ``indexer/lexicon/aliases.txt`` are expanded to exact phrases
(``AS`` also finds "Amerika Serikat", ``Jokowi`` also "Joko Widodo"); acronyms match
case-sensitively, so ``as`` is not ``AS``. Words followed by a colon that are not one of the
fields above are read as plain words (``Jokowi: Saya``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from whoosh import qparser, query

from indexer import schema as index_schema
from indexer.analysis import LEXICON_DIR
from indexer.dates import DateFilterError, parse_date_filter

MAX_QUERY_CHARS = 500

# Text fields searched by plain words, with their BM25F weights: a title match counts most;
# "exact" holds unstemmed words, so exact matches outrank stem-only ones.
TEXT_FIELDS = {"title": 2.0, "body": 1.0, "quotes": 1.0, "exact": 2.0}

# What users may type before a colon, and the schema field each one means.
USER_FIELDS = {
    "person": "persons", "orang": "persons",
    "org": "organizations", "organisasi": "organizations",
    "place": "places", "tempat": "places", "lokasi": "places",
    "source": "source", "sumber": "source",
    "speaker": "speakers", "pembicara": "speakers",
    "title": "title", "judul": "title",
}
DATE_FIELDS = ("tanggal", "date")
# Fields whose clauses name facet values (``values_for``): the multi-valued ones and the source.
FACET_FIELDS = (*index_schema.FACET_FIELDS, "source")

_DATE_CLAUSE = re.compile(rf"(?<!\S)(?:{'|'.join(DATE_FIELDS)}):(\"[^\"]*\"|\[[^\]]*\]|\S+)",
                          re.IGNORECASE)
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([^\W\d_][\w.]*):")
_PROTECTED_SPAN = re.compile(r"[\w.]+:\"[^\"]*\"|[\w.]+:\S+|\"[^\"]*\"")


class QueryError(ValueError):
    """A query or parameter the engine cannot understand; the message says what was wrong."""


@dataclass
class ParsedQuery:
    """A user's query as the engine runs it."""

    text: str                       # what the user typed
    strict: query.Query             # all words must match (AND)
    units: list[query.Query] | None # one query per word or phrase, when the query may be relaxed
    date_range: tuple[date, date] | None
    words: list[str]                # the plain words typed, for spelling suggestions


@functools.cache
def alias_groups() -> tuple[tuple[str, ...], ...]:
    """The alias groups of ``aliases.txt``: forms that mean the same, canonical form first."""
    groups = []
    with open(LEXICON_DIR / "aliases.txt", encoding="utf-8") as f:
        for line in f:
            forms = tuple(form.strip() for form in line.split("#", 1)[0].split("="))
            if len(forms) > 1 and all(forms):
                groups.append(forms)
    return tuple(groups)


def _is_acronym(form: str) -> bool:
    """All capitals (``AS``, ``KPK``, ``PDIP``): matched case-sensitively."""
    return form.isupper()


@functools.cache
def _alias_pattern() -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    """One regex finding any alias form as a whole word, longest forms first, and a map from
    each form's match key to the other forms of its group."""
    others: dict[str, tuple[str, ...]] = {}
    for group in alias_groups():
        for form in group:
            key = form if _is_acronym(form) else form.lower()
            others[key] = tuple(f for f in group if f != form)
    alternatives = []
    for form in sorted({f for g in alias_groups() for f in g}, key=len, reverse=True):
        escaped = r"\s+".join(re.escape(part) for part in form.split())
        alternatives.append(escaped if _is_acronym(form) else f"(?i:{escaped})")
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])")
    return pattern, others


def expand_aliases(text: str, field: str = "exact") -> str:
    """Add the other forms of every alias in ``text`` as phrases in ``field`` (unstemmed by
    default).

    >>> expand_aliases("sanksi AS untuk Korut")
    'sanksi (AS OR exact:"Amerika Serikat") untuk (Korut OR exact:"Korea Utara")'
    >>> expand_aliases("as roda")
    'as roda'
    """
    pattern, others = _alias_pattern()

    def expand(match: re.Match) -> str:
        form = " ".join(match.group(0).split())
        key = form if _is_acronym(form) else form.lower()
        alternatives = others.get(key)
        if alternatives is None:           # a case-insensitive hit on an acronym-only form
            return match.group(0)
        phrases = " OR ".join(f'{field}:"{alt}"' for alt in alternatives)
        return f"({_quote_if_phrase(form)} OR {phrases})"

    return _outside_protected(text, lambda gap: pattern.sub(expand, gap))


def _quote_if_phrase(form: str) -> str:
    """A multi-word form must stay a phrase when it is put back into the query."""
    return f'"{form}"' if " " in form else form


def _outside_protected(text: str, change) -> str:
    """Apply ``change`` to the parts of ``text`` outside quotes and field:value clauses."""
    pieces, last = [], 0
    for match in _PROTECTED_SPAN.finditer(text):
        pieces.append(change(text[last:match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(change(text[last:]))
    return "".join(pieces)


def extract_date_clauses(text: str, today: date | None = None) -> tuple[str, tuple[date, date] | None]:
    """Take ``tanggal:...`` clauses out of the text; return the rest and the date range.

    >>> extract_date_clauses('banjir tanggal:"Juni 2024"')
    ('banjir ', (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30)))
    """
    ranges = []

    def take(match: re.Match) -> str:
        ranges.append(_date_clause_range(match.group(1).strip('"'), today))
        return ""

    rest = _DATE_CLAUSE.sub(take, text)
    if not ranges:
        return rest, None
    start, end = max(r[0] for r in ranges), min(r[1] for r in ranges)
    return rest, (start, end)


def date_span(name: str, text: str, today: date | None = None) -> tuple[date, date]:
    """The first and last day a date filter denotes (``parse_date_filter``), or a
    ``QueryError`` that names the parameter or clause it came from.

    >>> date_span("from", "Juni 2024")
    (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    """
    try:
        return parse_date_filter(text, today)
    except DateFilterError as error:
        raise QueryError(f"{name}: {error}") from None


def _date_clause_range(value: str, today: date | None) -> tuple[date, date]:
    """``2024``, ``Juni 2024`` or ``[2024-06-01 TO 2024-06-30]`` (either end may be open)."""
    if not value.startswith("["):
        return date_span("tanggal", value, today)
    parts = re.split(r"(?i)\s+to\s*|\s*to\s+", value.strip("[] "), maxsplit=1)
    if len(parts) != 2:
        raise QueryError(f"tanggal: a date range needs TO between its ends: {value!r}")
    start = date_span("tanggal", parts[0], today)[0] if parts[0].strip() else date.min
    end = date_span("tanggal", parts[1], today)[1] if parts[1].strip() else date.max
    return start, end


def _plain_fields(text: str) -> str:
    """Read ``word:`` as a plain word unless ``word`` is a field users may search."""
    def keep_or_drop(match: re.Match) -> str:
        name = match.group(1)
        return match.group(0) if name.lower() in USER_FIELDS else f"{name} "
    return _FIELD_PREFIX.sub(keep_or_drop, text)


def _parser(schema, fields: dict[str, float]) -> qparser.QueryParser:
    """An all-words parser over weighted text ``fields`` with the operators the README
    documents. ``+`` and ``-`` are operators only where a word starts: ``e-KTP`` and
    ``negara-negara`` are words, not "e but not KTP"."""
    parser = qparser.MultifieldParser(list(fields), schema, fieldboosts=fields, group=qparser.AndGroup)
    for plugin in (qparser.WildcardPlugin, qparser.SingleQuotePlugin, qparser.EveryPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<!\S)\+(?=\S)", minusexpr=r"(?<!\S)-(?=\S)"))
    aliases: dict[str, list[str]] = {}
    for user_name, field_name in USER_FIELDS.items():
        aliases.setdefault(field_name, []).append(user_name)
    parser.add_plugin(qparser.FieldAliasPlugin(aliases))
    return parser


def _plain_words(text: str) -> list[str]:
    """The words of a query outside fields and operators, for spelling suggestions."""
    outside_fields = re.sub(r'[\w.]+:("[^"]*"|\S+)', " ", text)
    words = re.findall(r"[^\W\d_]{3,}", outside_fields)
    return [w for w in words if w not in ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")]


def _only_words(text: str) -> bool:
    """True for a list of plain words and phrases: the queries relaxation may loosen. A
    query with operators, groups or fields means exactly what it says; a time such as
    ``19:41`` is not a field.

    >>> _only_words("gempa pukul 19:41 WIB"), _only_words("gempa person:Putin"), _only_words("-gempa aceh")
    (True, False, False)
    """
    operators = re.search(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|[()]|(?<!\S)[-+]\S", text)
    fields = _FIELD_PREFIX.search(text)
    return operators is None and fields is None and len(re.findall(r'"[^"]*"|\S+', text)) > 1


def parse_query(text: str, schema, values_for, today: date | None = None,
                fields: dict[str, float] = TEXT_FIELDS, alias_field: str = "exact") -> ParsedQuery:
    """Parse what the user typed; raise ``QueryError`` saying what is wrong with it.

    ``values_for(field, text)`` names the index's facet values a ``person:``-style clause
    means (``FacetTable.values_for``). Plain words search the weighted text ``fields``;
    aliases are added as phrases in ``alias_field``.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(text)} characters, at most {MAX_QUERY_CHARS}")
    if text.count('"') % 2:
        raise QueryError('a phrase is not closed: every " needs a partner')
    if text.count("(") != text.count(")"):
        raise QueryError("brackets do not match: every ( needs a )")
    rest, date_range = extract_date_clauses(text, today)
    if date_range and date_range[0] > date_range[1]:
        raise QueryError("tanggal: the range is empty (its start is after its end)")
    plain = _plain_fields(rest)
    rewritten = expand_aliases(plain, alias_field).strip()
    if not rewritten:
        return ParsedQuery(text, query.Every(), None, date_range, [])
    try:
        strict = _parser(schema, fields).parse(rewritten)
    except Exception as error:  # Whoosh's parser raises assorted types on odd input
        raise QueryError(f"query not understood: {error}") from None
    strict = negations_as_and_not(resolve_facet_terms(strict, values_for))
    units = None
    if _only_words(plain):
        units = list(strict.subqueries) if isinstance(strict, query.And) else [strict]
    return ParsedQuery(text, strict, units, date_range, _plain_words(rest))


def relaxed_query(units: list[query.Query], is_common) -> query.Query:
    """The best-match form of a plain word list: articles with any of its distinctive words,
    scored by all of its words, so the more words an article holds the higher it ranks.

    A word ``is_common`` in the index only adds to the score of articles the other words
    found, as in Elasticsearch's common-terms query: relaxing ``kegaduhan presiden akhiri``
    finds articles about the ``kegaduhan``, not a third of the corpus for ``presiden``. When
    every word is common (or none is), any word will do.

    >>> gaduh, presiden, akhir = (query.Term("body", w) for w in ("gaduh", "presiden", "akhir"))
    >>> relaxed_query([gaduh, presiden, akhir], lambda unit: unit.text != "gaduh")
    AndMaybe((Term('body', 'gaduh'), Or([Term('body', 'presiden'), Term('body', 'akhir')])))
    """
    rare = [unit for unit in units if not is_common(unit)]
    common = [unit for unit in units if is_common(unit)]
    if not rare or not common:
        return query.Or(units)
    return query.AndMaybe(_any_of(rare), _any_of(common))


def _any_of(queries: list[query.Query]) -> query.Query:
    """One query matching any of ``queries``."""
    return queries[0] if len(queries) == 1 else query.Or(queries)


def negations_as_and_not(q: query.Query) -> query.Query:
    """Write ``a AND NOT b`` as ``a ANDNOT b``, and a lone ``NOT b`` as everything but b.

    Same meaning, but Whoosh's stand-alone ``Not`` matcher was seen to miss a document on an
    index of several segments, where ``AndNot`` counts right.

    >>> negations_as_and_not(query.And([query.Term("body", "a"), query.Not(query.Term("body", "b"))]))
    AndNot((Term('body', 'a'), Or([Term('body', 'b')])))
    """
    if isinstance(q, query.Not):
        return query.AndNot(query.Every(), negations_as_and_not(q.query))
    if q.is_leaf():
        return q
    q = q.apply(negations_as_and_not)
    if isinstance(q, query.And):
        negated = [sub.b for sub in q.subqueries
                   if isinstance(sub, query.AndNot) and isinstance(sub.a, query.Every)]
        kept = [sub for sub in q.subqueries
                if not (isinstance(sub, query.AndNot) and isinstance(sub.a, query.Every))]
        if negated and kept:
            return query.AndNot(query.And(kept) if len(kept) > 1 else kept[0], query.Or(negated))
    return q


def resolve_facet_terms(q: query.Query, values_for) -> query.Query:
    """Replace each facet clause by the index values it names (``person:putin`` ->
    ``Vladimir Putin``)."""
    if isinstance(q, query.Term) and q.fieldname in FACET_FIELDS:
        return facet_query(q.fieldname, values_for(q.fieldname, q.text))
    if q.is_leaf():
        return q
    return q.apply(lambda sub: resolve_facet_terms(sub, values_for))


def facet_query(fieldname: str, values: list[str]) -> query.Query:
    """Articles with any of ``values`` in ``fieldname`` (none: nothing matches)."""
    return query.Or([query.Term(fieldname, v) for v in values]) if values else query.NullQuery
