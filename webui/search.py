"""The query engine: the one reader of the index, behind the HTML pages, the JSON API and the CLI.

An ``Engine`` keeps one Whoosh searcher open and swaps it for a fresh one when
``telusur index`` has published a new generation, so the web app serves new articles without
a restart and never sees a half-written index.
"""

from __future__ import annotations

import collections
import json
import threading
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.util.times import long_to_datetime


class IndexMissing(Exception):
    """There is no index at the configured directory."""


class Engine:
    """Read access to one index directory."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._searcher = None

    def searcher(self):
        """A searcher on the newest generation of the index.

        Old searchers are not closed here: a request on another thread may still be using
        one; Python closes it when the last user lets go.
        """
        with self._lock:
            if self._searcher is None:
                if not whoosh_index.exists_in(self.index_dir):
                    raise IndexMissing(f"no index in {self.index_dir}; run `telusur index` first")
                self._searcher = whoosh_index.open_dir(self.index_dir).searcher()
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
            return self._searcher

    def article(self, article_id: str) -> dict | None:
        """The stored Article record (DESIGN.md fields) with this id, or None."""
        stored = self.searcher().document(id=article_id)
        return json.loads(stored["record"]) if stored else None

    def stats(self) -> dict:
        """Document count, per-source counts and publication date range of the index."""
        searcher = self.searcher()
        reader = searcher.reader()
        sources: collections.Counter = collections.Counter()
        months: collections.Counter = collections.Counter()
        published, missing = [], 0
        docnums = reader.all_doc_ids() if searcher.doc_count() else []
        if docnums:
            source_column = reader.column_reader("source")
            date_column = reader.column_reader("published", translate=False)
            no_date = searcher.schema["published"].column_type.default_value()
        for docnum in docnums:
            sources[source_column[docnum] or "(none)"] += 1
            if date_column[docnum] == no_date:
                missing += 1
                continue
            moment = long_to_datetime(date_column[docnum])
            published.append(moment)
            months[_jakarta(moment)[:7]] += 1
        return {
            "documents": searcher.doc_count(),
            "sources": dict(sources.most_common()),
            "published": {
                "first": _jakarta(min(published)) if published else None,
                "last": _jakarta(max(published)) if published else None,
                "missing": missing,
                "months": dict(sorted(months.items())),
            },
        }


def _jakarta(moment: datetime) -> str:
    """A stored (naive UTC) datetime as ISO 8601 in Jakarta time."""
    from zoneinfo import ZoneInfo

    return moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo("Asia/Jakarta")).isoformat()
