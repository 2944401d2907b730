"""Shared fixtures: a real index of corpus samples, the seed and hostile articles, built once."""

import itertools
import json
import os
from pathlib import Path

import pytest

from indexer.article import Article, from_record
from indexer.build import build_index
from indexer.sources import iter_inputs
from tests.live import serving
from webui.search import Engine

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_fa2b72a6b3e6f8b4"
SEED = SEEDS / f"{SEED_ID}.txt"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
INDOSUM = CORPUS / "indosum" / "articles.jsonl"
CLICK_ID = CORPUS / "click-id" / "articles.jsonl"

# Article text is untrusted: these records try every trick on the web app.
HOSTILE = [
    {"id": "hostile-script", "title": "<script>alert('judul')</script> Banjir Jakarta",
     "body": "Banjir melanda Jakarta <script>alert('isi')</script> pada Senin.\n\n"
             "Warga <img src=x onerror=alert(1)> mengungsi ke masjid terdekat karena banjir.\n\n"
             "“Kami <script>alert('kutipan')</script> terpaksa mengungsi karena air terus naik,” "
             "kata Ketua RT Budi Santoso.",
     "published": "2019-09-16T08:00:00+07:00", "source": "<b>Sumber</b>",
     "url": "javascript:alert(document.cookie)", "category": "Berita"},
    {"id": "hostile-link", "title": "Banjir \"kiriman\" & <i>rob</i>",
     "body": "Air banjir setinggi 50 cm <a href=\"javascript:alert(2)\">klik</a> merendam rumah.",
     "published": "2019-09-17T09:00:00+07:00", "source": "Contoh", "url": "https://contoh.id/banjir",
     "category": "Berita"},
]


def shared(path: Path) -> Path:
    """``path``, a file of the shared data next to this checkout (``../shared``), when it is
    there. In a checkout elsewhere the test is skipped, saying so; under CI (``CI`` set, as
    ``.ci/run`` does) the data belongs to the machine, so its absence fails the test."""
    if path.exists():
        return path
    message = f"{path} is not here: the shared data lives next to this checkout"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def seed_article() -> Article:
    """The seed article as read and cleaned (nothing extracted yet)."""
    [record] = iter_inputs([str(SEED)])
    return from_record(record)


def corpus_sample(path: Path, count: int, step: int) -> list[str]:
    """Every ``step``-th line of a corpus file, ``count`` of them: a spread of dates and outlets."""
    with open(shared(path), encoding="utf-8") as f:
        return list(itertools.islice(itertools.islice(f, 0, None, step), count))


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory) -> Path:
    """A folder with about 1,200 real articles from both corpora, the seed and the hostile
    records."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "indosum.jsonl").write_text("".join(corpus_sample(INDOSUM, 500, 7)), encoding="utf-8")
    (folder / "click-id.jsonl").write_text("".join(corpus_sample(CLICK_ID, 700, 31)), encoding="utf-8")
    (folder / "hostile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in HOSTILE), encoding="utf-8")
    (folder / f"{SEED_ID}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def sample_index(sample_corpus, tmp_path_factory) -> Path:
    """The sample corpus indexed once per test session (read-only for the tests using it)."""
    index_dir = tmp_path_factory.mktemp("index") / "index"
    summary = build_index([str(sample_corpus)], index_dir, jobs=2)
    records = sum(len(f.read_text(encoding="utf-8").splitlines()) for f in sample_corpus.glob("*.jsonl"))
    assert summary.rejected == 0 and summary.documents == records + 1
    return index_dir


@pytest.fixture(scope="session")
def engine(sample_index) -> Engine:
    """The query engine on the sample index."""
    return Engine(sample_index)


@pytest.fixture(scope="session")
def live(sample_index, tmp_path_factory):
    """A real `telusur serve` on the sample index (default host, a free port): its base URL."""
    with serving(sample_index, log=tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base
