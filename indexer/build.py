"""Incremental, atomic (re)indexing: make the index hold exactly the articles of the inputs.

A run reads every input, compares each article's content hash with the one stored in the
index, and then adds new articles, replaces changed ones, removes those whose source is no
longer among the inputs and leaves the rest alone. A run that finds nothing to change writes
nothing. Whoosh publishes a new generation by renaming its table of contents into place, so
a reader sees the old generation or the new one, never a mix.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import multiprocessing.util
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import And, Term
from whoosh.writing import CLEAR

from indexer.article import Article, ArticleError, from_record
from indexer.extract import enrich
from indexer.schema import ARTICLE, QUOTE, make_schema, to_utc_naive
from indexer.sources import Rejection, iter_inputs, where

# Bump when analysis or extraction changes what an article's document holds, so that the
# next run rewrites every article even though no input changed.
PIPELINE_VERSION = "6"
LOCK_NAME = "telusur.lock"


@dataclass
class Summary:
    """What one indexing run did, for the one-line report and ``--json``."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    rejected: int = 0
    documents: int = 0
    seconds: float = 0.0
    rejections: list[Rejection] = field(default_factory=list)

    def line(self) -> str:
        """One line a person reads at the end of a run."""
        return (f"added {self.added}, updated {self.updated}, removed {self.removed}, "
                f"unchanged {self.unchanged}, rejected {self.rejected} "
                f"({self.documents} documents, {self.seconds:.1f} s)")

    def to_json(self) -> dict:
        """The summary as a JSON object; rejections as {path, line, reason}."""
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data


def document_hash(article: Article) -> str:
    """The hash stored with a document: its cleaned content (before extraction, which depends
    only on it) plus the pipeline version."""
    return hashlib.sha1(f"{PIPELINE_VERSION}:{article.content_hash()}".encode()).hexdigest()


def to_documents(article: Article, digest: str) -> list[dict]:
    """The Whoosh documents of one article (``digest``: its ``document_hash``): the article
    itself, then one per quote."""
    record = article.to_json()
    return [_article_document(article, digest, record)] + [
        _quote_document(article, record, n, quote) for n, quote in enumerate(article.quotes, 1)]


def _quote_document(article: Article, record: dict, number: int, quote: dict) -> dict:
    """One quote as a document of its own, carrying what a quote result shows."""
    record = {"article_id": article.id, "title": article.title,
              "published": record["published"], **quote}
    return dict(id=f"{article.id}#{number}", kind=QUOTE, parent=article.id,
                quote_text=quote["text"], quote_speaker=quote.get("speaker") or "",
                published=to_utc_naive(article.published),
                record=json.dumps(record, ensure_ascii=False))


def _article_document(article: Article, digest: str, record: dict) -> dict:
    """The article's own document (see ``schema.py``)."""
    quotes = "\n".join(q["text"] for q in article.quotes)
    return dict(
        id=article.id,
        kind=ARTICLE,
        hash=digest,
        path=article.path,
        title=article.title,
        body=article.body,
        quotes=quotes,
        exact="\n".join((article.title, article.body, quotes)),
        published=to_utc_naive(article.published),
        source=article.source,
        city=article.city,
        category=article.category,
        url=article.url,
        record=json.dumps(record, ensure_ascii=False),
        persons=",".join(article.persons),
        organizations=",".join(article.organizations),
        places=",".join(article.places),
        speakers=",".join(sorted({q["speaker"] for q in article.quotes if q.get("speaker")})),
        mentioned=",".join(article.dates),
    )


def open_index(index_dir: str | Path):
    """Open the index at ``index_dir``, creating an empty one when there is none.

    An index made with an older schema is replaced by an empty one (the caller rebuilds).
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    schema = make_schema()
    if whoosh_index.exists_in(index_dir):
        ix = whoosh_index.open_dir(index_dir)
        if sorted(ix.schema.names()) == sorted(schema.names()):
            return ix
    return whoosh_index.create_in(index_dir, schema)


@contextmanager
def run_lock(index_dir: Path):
    """Hold the index's run lock; a second run waits for the first to finish.

    The lock is an OS file lock, so a writer killed with ``kill -9`` releases it (its worker
    processes, which inherit it, die with it: see ``_die_with_parent``).
    """
    with open(index_dir / LOCK_NAME, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another `telusur index` run on {index_dir} to finish…",
                  file=sys.stderr)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def stored_hashes(ix) -> dict[str, str]:
    """Map each indexed article id to its stored document hash."""
    if ix.is_empty():
        return {}
    with ix.reader() as reader:
        ids, hashes = reader.column_reader("id"), reader.column_reader("hash")
        return {ids[n]: hashes[n] for n in reader.all_doc_ids() if hashes[n]}   # quotes have none


def read_articles(paths, summary: Summary, progress: bool):
    """Yield the Article of every good input record; count and keep every rejection."""
    from tqdm import tqdm

    seen: dict[str, str] = {}
    bar = tqdm(unit=" articles", disable=not progress, file=sys.stderr)
    for item in iter_inputs(paths):
        if isinstance(item, Rejection):
            summary.rejections.append(item)
            continue
        try:
            article = from_record(item)
        except ArticleError as error:
            summary.rejections.append(Rejection(item.path, item.line, str(error)))
            continue
        if article.id in seen:
            summary.rejections.append(Rejection(
                item.path, item.line, f"duplicate id {article.id!r} (first in {seen[article.id]})"))
            continue
        seen[article.id] = where(item)
        bar.update()
        yield article
    bar.close()


class _LazyWriter:
    """Open a Whoosh writer only when the first change arrives, so a no-op run writes nothing."""

    def __init__(self, ix, jobs: int):
        self.ix, self.jobs, self.writer = ix, jobs, None

    def get(self):
        if self.writer is None:
            options = dict(procs=self.jobs, multisegment=True) if self.jobs > 1 else {}
            if self.jobs > 1:
                self.parent = os.getpid()
                multiprocessing.util.register_after_fork(self, _die_with_parent)
            self.writer = self.ix.writer(limitmb=256, **options)
        return self.writer

    def cancel(self) -> None:
        """Abandon the run's changes after an error: stop the worker processes, drop what they
        wrote and release Whoosh's write lock.

        Whoosh's own ``cancel()`` only flags its workers in this process, so they would go on
        waiting for work and the interpreter, which joins its child processes at exit, would
        wait for them forever.
        """
        if self.writer is None:
            return
        for task in getattr(self.writer, "tasks", ()):
            task.terminate()
            task.join()
        if not self.writer.is_closed:
            self.writer.cancel()


def _die_with_parent(lazy: _LazyWriter) -> None:
    """In each worker process Whoosh forks for ``--jobs N``: die when the indexing run dies.

    The workers inherit the run lock and Whoosh's write lock, and wait on a queue for work.
    After a ``kill -9`` of the run (or the OOM killer) they would wait forever, holding both
    locks, and every later ``telusur index`` would wait for them. Linux kills them with their
    parent (``PR_SET_PDEATHSIG``); elsewhere this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != lazy.parent:           # the run died before prctl took effect
        os._exit(1)


def build_index(paths: list[str], index_dir: str | Path, rebuild: bool = False,
                jobs: int = 1, progress: bool = False, extract: bool = True) -> Summary:
    """Make the index at ``index_dir`` hold exactly the articles read from ``paths``.

    ``extract=False`` skips date, entity and quote extraction (benchmarks compare the two).
    """
    started = time.monotonic()
    index_dir = Path(index_dir)
    summary = Summary()
    index_dir.mkdir(parents=True, exist_ok=True)
    with run_lock(index_dir):
        ix = open_index(index_dir)
        old = {} if rebuild else stored_hashes(ix)
        lazy = _LazyWriter(ix, jobs)
        try:
            if rebuild:
                lazy.get()
            seen = set()
            for article in read_articles(paths, summary, progress):
                seen.add(article.id)
                previous, digest = old.get(article.id), document_hash(article)
                if previous == digest:                 # known before extraction: skip it cheaply
                    summary.unchanged += 1
                    continue
                if extract:
                    enrich(article)
                writer = lazy.get()
                if previous is not None:
                    _delete_article(writer, article.id)
                    summary.updated += 1
                else:
                    summary.added += 1
                for document in to_documents(article, digest):
                    writer.add_document(**document)
            for gone in sorted(set(old) - seen):
                _delete_article(lazy.get(), gone)
                summary.removed += 1
            if lazy.writer is not None:
                lazy.writer.commit(**({"mergetype": CLEAR} if rebuild else {}))
        except BaseException:                      # an error, or Ctrl-C: the index stays as it was
            lazy.cancel()
            raise
        summary.documents = article_count(whoosh_index.open_dir(index_dir))
    summary.rejected = len(summary.rejections)
    summary.seconds = time.monotonic() - started
    return summary


def _delete_article(writer, article_id: str) -> None:
    """Delete an article's document and its quotes' documents, and nothing else: an article
    whose id is ``x#1`` must not take the first quote of article ``x`` with it."""
    writer.delete_by_query(And([Term("id", article_id), Term("kind", ARTICLE)]))
    writer.delete_by_term("parent", article_id)


def article_count(ix) -> int:
    """How many articles (not quotes) the index holds."""
    with ix.searcher() as searcher:
        return sum(1 for _ in searcher.docs_for_query(Term("kind", ARTICLE)))


def default_jobs() -> int:
    """Both cores when the machine has them: analysis runs in worker processes."""
    return min(2, os.cpu_count() or 1)
