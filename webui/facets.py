"""Facet counts over all matching articles, fast enough for every search.

Whoosh's own grouping scores and sorts every match and is slow on multi-valued fields, so a
``FacetTable`` reads each facet field once per index generation into per-document lists of
value numbers; a search then counts the values of its matching documents in one pass.
"""

from __future__ import annotations

import collections
import heapq
import itertools
from datetime import date, datetime, timedelta, timezone

from whoosh.util.times import long_to_datetime

from indexer.dates import JAKARTA
from indexer.schema import FACET_FIELDS

MULTI_VALUED = (*FACET_FIELDS, "quote_speaker")
# The API's facet names and the fields they count.
FACETS = {"persons": "persons", "organizations": "organizations", "places": "places",
          "sources": "source", "speakers": "speakers", "mentioned": "mentioned"}


class FacetTable:
    """Per-document facet values and publication days of one index generation."""

    def __init__(self, reader):
        size = reader.doc_count_all()
        self.names: dict[str, list[str]] = {}
        self.values: dict[str, list[tuple[int, ...]]] = {}
        for field in MULTI_VALUED:
            self._read_postings(reader, field, size)
        self._read_column(reader, "source", size)
        self.published = _publication_times(reader, size)
        self.days = [None if t is None else jakarta_day(long_to_datetime(t)).toordinal()
                     for t in self.published]

    def _read_postings(self, reader, field: str, size: int) -> None:
        """Per document, the numbers of its values in ``field`` (from the inverted index).

        Persons named by surname alone in some articles count as the full name the rest of
        the corpus uses (see ``learned_person_aliases``).
        """
        per_doc: list[list[int]] = [[] for _ in range(size)]
        names = [t.decode("utf-8") if isinstance(t, bytes) else t
                 for t in (reader.lexicon(field) if size else [])]
        number_of = {name: number for number, name in enumerate(names)}
        if field == "persons":
            self.person_aliases = learned_person_aliases({n: reader.doc_frequency(field, n) for n in names})
            number_of.update({alias: number_of[full] for alias, full in self.person_aliases.items()})
        for name in names:
            number = number_of[name]
            for docnum in reader.postings(field, name).all_ids():
                if number not in per_doc[docnum]:
                    per_doc[docnum].append(number)
        self.names[field] = names
        self.values[field] = [tuple(v) for v in per_doc]

    def _read_column(self, reader, field: str, size: int) -> None:
        """Per document, the number of its single value in a sortable ``field``."""
        numbers: dict[str, int] = {}
        per_doc = []
        column = reader.column_reader(field) if size else []
        for docnum in range(size):
            value = column[docnum]
            per_doc.append((numbers.setdefault(value, len(numbers)),) if value else ())
        self.names[field] = list(numbers)
        self.values[field] = per_doc

    def values_for(self, field: str, text: str) -> list[str]:
        """The index's values of ``field`` that ``text`` names, with the person names learned
        as aliases of them (``Vladimir Putin`` also brings articles saying only ``Putin``)."""
        values = matching_values(self.names[field], text)
        if field == "persons":
            values += [alias for alias, full in self.person_aliases.items() if full in values]
        return values

    def all_facets(self, docnums) -> dict:
        """Every facet of the API over ``docnums``: top values and the date histogram."""
        facets = {name: self.counts(field, docnums) for name, field in FACETS.items()}
        facets["published"] = self.histogram(docnums)
        return facets

    def counts(self, field: str, docnums, top: int = 10) -> list[dict]:
        """The ``top`` most frequent values of ``field`` among ``docnums``."""
        values = self.values[field]
        counter = collections.Counter(itertools.chain.from_iterable(map(values.__getitem__, docnums)))
        names = self.names[field]
        # Only values as frequent as the top-th can be shown: sort those (ties by name), not
        # the long tail of names seen once.
        least = min(heapq.nlargest(top, counter.values()), default=0)
        contenders = [item for item in counter.items() if item[1] >= least]
        ranked = sorted(contenders, key=lambda item: (-item[1], names[item[0]]))
        return [{"value": names[number], "count": count} for number, count in ranked[:top]]

    def sort_key_for(self, newest: bool):
        """A Whoosh sort function by publication time that puts undated articles last,
        whichever way the list is sorted."""
        missing = -1 if newest else float("inf")
        published = self.published

        def key(searcher, docnum):
            value = published[docnum]
            return missing if value is None else value

        return key

    def histogram(self, docnums) -> dict:
        """Publication dates of ``docnums`` in day, month or year buckets, by their span."""
        per_day = collections.Counter(map(self.days.__getitem__, docnums))
        per_day.pop(None, None)
        if not per_day:
            return {"interval": "day", "buckets": []}
        span = max(per_day) - min(per_day)
        interval, width = ("day", 10) if span <= 62 else ("month", 7) if span <= 3 * 366 else ("year", 4)
        counter: collections.Counter = collections.Counter()
        for day, count in per_day.items():
            counter[date.fromordinal(day).isoformat()[:width]] += count
        return {"interval": interval,
                "buckets": [{"key": key, "count": count} for key, count in sorted(counter.items())]}


def learned_person_aliases(frequency: dict[str, int]) -> dict[str, str]:
    """Single-word person names the corpus also writes in full: each maps to the full name
    when one full name ending in it has at least four fifths of the documents of all such
    full names (``Putin`` -> ``Vladimir Putin``; ``Kim`` stays, shared by many).

    >>> learned_person_aliases({"Putin": 3, "Vladimir Putin": 40, "Kim": 5, "Kim Jong Un": 9, "Kim Yo Jong": 4})
    {'Putin': 'Vladimir Putin'}
    """
    fuller: dict[str, list[str]] = {}
    for name in frequency:
        if " " in name:
            fuller.setdefault(name.rsplit(" ", 1)[1], []).append(name)
    aliases = {}
    for name in frequency:
        candidates = fuller.get(name, []) if " " not in name else []
        if candidates:
            best = max(candidates, key=lambda full: (frequency[full], full))
            if frequency[best] >= 0.8 * sum(frequency[full] for full in candidates):
                aliases[name] = best
    return aliases


def _publication_times(reader, size: int) -> list[int | None]:
    """Per document, its stored publication time as Whoosh's number (None when undated)."""
    if not size:
        return []
    column = reader.column_reader("published", translate=False)
    missing = reader.schema["published"].column_type.default_value()
    return [None if column[d] == missing else column[d] for d in range(size)]


def jakarta_day(stored: datetime) -> date:
    """The Jakarta calendar day of a stored (naive UTC) datetime."""
    return stored.replace(tzinfo=timezone.utc).astimezone(JAKARTA).date()


def utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Naive UTC datetimes bracketing Jakarta days ``start`` to ``end`` (end exclusive)."""
    def utc(day: date) -> datetime:
        moment = datetime.combine(day, datetime.min.time(), JAKARTA)
        return moment.astimezone(timezone.utc).replace(tzinfo=None)
    low = utc(start) if start > date.min else datetime(1, 1, 2)
    high = utc(end + timedelta(days=1)) if end < date.max else datetime(9999, 12, 30)
    return low, high


def matching_values(names: list[str], text: str) -> list[str]:
    """The values among ``names`` that ``text`` names: the value itself in any case,
    or a value that ends with it as whole words (``Putin`` -> ``Vladimir Putin``).

    Exact matches win: when ``text`` is a value, nothing else is taken.
    """
    wanted = " ".join(text.split()).lower()
    if not wanted:
        return []
    exact, ending = [], []
    for value in names:
        lowered = value.lower()
        if lowered == wanted:
            exact.append(value)
        elif lowered.endswith(" " + wanted):
            ending.append(value)
    return exact or ending
