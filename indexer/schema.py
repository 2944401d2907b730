"""The Whoosh schema: which parts of an Article are searchable, filterable and stored.

This module and ``build.py`` are the only places on the write side that know about Whoosh;
the read side goes through ``webui/search.py``.

Two kinds of document share the index, so that one atomic commit updates both: articles
(``kind`` = ``article``) and their quotes (``kind`` = ``quote``, ``parent`` = the article id),
which ``/api/quotes`` searches one by one. Searches always say which kind they want.

Text fields (``title``, ``body``, ``quotes``) use the stemming Indonesian analyzer; ``exact``
holds the same text unstemmed, so a query can rank exact word matches above stem-only ones.
Facet fields hold canonical values, comma-separated, matched whole and case-sensitively.
``record`` keeps the whole Article as JSON, which is what ``telusur show`` and
``/api/articles/<id>`` return.
"""

from datetime import timezone

from whoosh import fields

from indexer.analysis import exact_analyzer, indonesian_analyzer

FACET_FIELDS = ("persons", "organizations", "places", "speakers", "mentioned")
ARTICLE, QUOTE = "article", "quote"


def make_schema() -> fields.Schema:
    """The schema every Telusur index is created with."""
    stemmed, exact = indonesian_analyzer(), exact_analyzer()

    def facet():
        return fields.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False)

    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        kind=fields.ID(stored=True),
        parent=fields.ID,
        quote_text=fields.TEXT(analyzer=stemmed, stored=True),
        quote_speaker=facet(),
        hash=fields.ID(sortable=True),
        path=fields.ID(stored=True),
        title=fields.TEXT(analyzer=stemmed, stored=True),
        body=fields.TEXT(analyzer=stemmed, stored=True),
        quotes=fields.TEXT(analyzer=stemmed),
        exact=fields.TEXT(analyzer=exact),
        published=fields.DATETIME(stored=True, sortable=True),
        source=fields.ID(stored=True, sortable=True),
        city=fields.ID(stored=True),
        category=fields.ID(stored=True),
        url=fields.STORED,
        record=fields.STORED,
        **{name: facet() for name in FACET_FIELDS},
    )


def to_utc_naive(moment):
    """Whoosh stores naive datetimes: convert an aware one to naive UTC (None stays None)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)
