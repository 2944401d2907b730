"""Checks of the pinned Whoosh (whoosh3) on what Telusur relies on; see the README's notes."""

import subprocess
import sys
from datetime import datetime
from importlib import metadata

from whoosh import fields, index, qparser
from whoosh.qparser.dateparse import DateParserPlugin

from indexer.analysis import indonesian_analyzer


def test_the_tested_version_is_installed():
    assert metadata.version("whoosh3") == "3.54.0"


def test_imports_cleanly_with_warnings_as_errors():
    code = "import whoosh.analysis, whoosh.index, whoosh.qparser, whoosh.highlight"
    run = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def make_index(tmp_path, docs, procs=1):
    schema = fields.Schema(id=fields.ID(stored=True, unique=True),
                           body=fields.TEXT(analyzer=indonesian_analyzer(), stored=True),
                           date=fields.DATETIME(stored=True))
    ix = index.create_in(tmp_path, schema)
    options = dict(procs=procs, multisegment=True) if procs > 1 else {}
    with ix.writer(**options) as writer:
        for doc in docs:
            writer.add_document(**doc)
    return index.open_dir(tmp_path)


def search_ids(ix, text):
    parser = qparser.QueryParser("body", ix.schema)
    parser.add_plugin(DateParserPlugin(free=False))
    with ix.searcher() as searcher:
        return sorted(hit["id"] for hit in searcher.search(parser.parse(text), limit=None))


def test_phrase_queries_through_our_analyzer(tmp_path):
    ix = make_index(tmp_path, [
        dict(id="a", body="Sekretaris Jenderal NATO Jens Stoltenberg mengatakan", date=datetime(2024, 6, 18)),
        dict(id="b", body="Stoltenberg, sekretaris NATO, tidak mengatakan apa pun", date=datetime(2024, 6, 19)),
    ])
    assert search_ids(ix, '"Jens Stoltenberg mengatakan"') == ["a"]
    assert search_ids(ix, "Stoltenberg") == ["a", "b"]


def test_date_ranges_cover_only_the_range(tmp_path):
    ix = make_index(tmp_path, [dict(id=str(month), body="berita", date=datetime(2019, month, 15))
                               for month in range(1, 13)])
    assert search_ids(ix, "date:[2019-03-01 to 2019-03-31]") == ["3"]


def test_two_process_writer_indexes_everything(tmp_path):
    docs = [dict(id=str(i), body=f"pemasok ke-{i} memasok amunisi", date=datetime(2024, 1, 1))
            for i in range(300)]
    ix = make_index(tmp_path, docs, procs=2)
    assert ix.doc_count() == 300
    assert len(search_ids(ix, "pasok")) == 300
