"""The Article record, and how a raw input record is cleaned into one.

`from_record()` turns a `sources.RawRecord` into an `Article`:

- the body is split into paragraphs (every non-blank line is one), whitespace is
  collapsed, and page furniture is removed: "Baca juga" links, "Simak video" prompts,
  credit lines ("Editor: ..."), share and follow prompts (see BOILERPLATE);
- a leading dateline ("Bisnis.com, JAKARTA - ", "Jakarta, CNN Indonesia -- ") is cut
  from the body and gives the outlet (`source`) and the `city` when the record lacks them;
- a missing title is derived from the first sentence; a missing id from the file path;
- `published` is parsed into a timezone-aware datetime (Asia/Jakarta when none is given).

A record that leaves no body after cleaning, or whose text is over `MAX_ARTICLE_CHARS`,
raises `ArticleError`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime

from dateutil import parser as dateparser

from .dates import JAKARTA, ZONES
from .sources import MAX_ARTICLE_CHARS, RawRecord, article_too_long, split_extension

TITLE_LIMIT = 100
# The keys an input record may carry; also the content that content_hash() covers.
RECORD_KEYS = ("id", "title", "body", "published", "source", "city", "url", "category")


@dataclass
class Article:
    """One news article: cleaned text, metadata, and what was extracted from it."""

    id: str
    title: str
    body: str                    # clean paragraphs joined by blank lines
    published: datetime | None   # timezone-aware
    source: str                  # the outlet, e.g. "Bisnis.com"
    city: str                    # the dateline city, e.g. "Jakarta"
    url: str
    category: str
    path: str                    # the input file, relative to its corpus root
    published_inferred: bool = False
    persons: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)   # ISO yyyy-mm-dd
    extra: dict = field(default_factory=dict)        # unknown input keys, kept as read

    def to_json(self) -> dict:
        """The record as JSON-ready data; `published` as ISO 8601 with its UTC offset."""
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> Article:
        """The Article that `to_json()` produced DATA from."""
        data = dict(data)
        if data.get("published"):
            data["published"] = datetime.fromisoformat(data["published"])
        return cls(**data)

    def content_hash(self) -> str:
        """SHA-1 of the cleaned content fields: it changes exactly when reindexing is needed."""
        published = self.published.isoformat() if self.published else None
        content = json.dumps([published if key == "published" else getattr(self, key)
                              for key in RECORD_KEYS], ensure_ascii=False)
        return hashlib.sha1(content.encode("utf-8")).hexdigest()


class ArticleError(ValueError):
    """A record that cannot become an article; the message says why."""


def from_record(rec: RawRecord) -> Article:
    """Clean REC into an Article; raises ArticleError when no body is left."""
    fields = rec.fields
    raw_body = fields.get("body")
    if _text_size(fields) > MAX_ARTICLE_CHARS:
        raise ArticleError(article_too_long())
    paras = paragraphs(raw_body) if isinstance(raw_body, str) else []
    if not paras:
        raise ArticleError("no body")
    outlet, city, paras[0] = parse_dateline(paras[0])
    body = "\n\n".join(remove_boilerplate(paras))
    if not body:
        raise ArticleError("no body left after removing the dateline and boilerplate")
    return Article(
        id=_field(fields.get("id")) or _default_id(rec),
        title=_field(fields.get("title")) or derive_title(body),
        body=body,
        published=parse_published(fields.get("published")),
        source=_field(fields.get("source")) or outlet,
        city=_field(fields.get("city")) or city,
        url=_field(fields.get("url")),
        category=_field(fields.get("category")),
        path=rec.path,
        extra={key: value for key, value in fields.items() if key not in RECORD_KEYS},
    )


def _text_size(fields: dict) -> int:
    """How many characters of text a record's values hold (its title and body above all):
    records over MAX_ARTICLE_CHARS are refused before any cleaning or extraction."""
    return sum(len(value) for value in fields.values() if isinstance(value, str))


def _field(value) -> str:
    """A record value as a one-line string; '' for null, lists and objects.

    >>> _field("  Bisnis.com \\n"), _field(12), _field(None)
    ('Bisnis.com', '12', '')
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return " ".join(str(value).split())


def _default_id(rec: RawRecord) -> str:
    """The id of a record without one: its path without extension, plus `:line` when the
    file holds many records (`sub/articles.jsonl` line 3 -> `sub/articles:3`)."""
    stem = split_extension(rec.path)[0]
    return stem if rec.line is None else f"{stem}:{rec.line}"


# Invisible characters that scraped text carries around (zero-width space, direction marks, BOM).
_INVISIBLE = re.compile("[\u200b\u200e\u200f\ufeff]")


def paragraphs(body: str) -> list[str]:
    """The paragraphs of BODY: its non-blank lines, whitespace collapsed.

    >>> paragraphs("Satu  dua.\\n\\n  Tiga.\\nEmpat.\\n")
    ['Satu dua.', 'Tiga.', 'Empat.']
    """
    lines = (" ".join(_INVISIBLE.sub("", line).split()) for line in body.splitlines())
    return [line for line in lines if line]


# --- Datelines ------------------------------------------------------------------------

_WORD = r"[A-Z][\w.&'’]*"                        # JAKARTA, Bisnis.com, TEMPO.CO, Liputan6.com
_NAME = rf"(?:{_WORD}|detik\w*)(?: {_WORD}){{0,3}}"  # one to four such words (or detikNews)
_DASH = r"\s*(?:--|[-–—])(?:\s+|$)"
_DATELINES = (
    re.compile(rf"(?P<a>{_NAME}), (?P<b>{_NAME}){_DASH}"),                 # Bisnis.com, JAKARTA -
    re.compile(rf"(?P<a>{_NAME}(?:, {_NAME})?) \((?P<b>[^()]{{2,30}})\){_DASH}"),  # JAKARTA (ANTARA) -
    re.compile(rf"(?P<a>{_NAME}){_DASH}"),                                 # KOMPAS.com -  /  SEOUL -
)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:com|co|net|org|id)|detik\w*", re.IGNORECASE)
# Outlets whose dateline name is not a domain name (compared case-insensitively).
KNOWN_OUTLETS = {"antara", "antara news", "cnn indonesia", "viva", "rimanews", "pos kota",
                 "okezone", "sindonews", "kumparan", "republika", "tribunnews", "kontan",
                 "beritasatu", "jpnn", "gatra", "metro tv", "tvri", "rri"}
# House spellings where the dateline's capitals hide them; other names stay as written.
OUTLET_SPELLINGS = {"kompas.com": "Kompas.com", "tempo.co": "Tempo.co", "antara": "Antara",
                    "antara news": "Antara", "juara.net": "Juara.net",
                    "tribunnews.com": "Tribunnews.com", "bolasport.com": "Bolasport.com"}


def parse_dateline(text: str) -> tuple[str, str, str]:
    """Split a leading dateline off TEXT: (source, city, rest), or ('', '', TEXT).

    >>> parse_dateline("Bisnis.com, JAKARTA - Harga emas naik.")
    ('Bisnis.com', 'Jakarta', 'Harga emas naik.')
    >>> parse_dateline("JAKARTA (ANTARA) - Presiden meresmikan jalan tol.")
    ('Antara', 'Jakarta', 'Presiden meresmikan jalan tol.')
    >>> parse_dateline("Presiden Joko Widodo - yang hadir - meresmikan jalan tol.")[0:2]
    ('', '')
    """
    for pattern in _DATELINES:
        match = pattern.match(text)
        names = match and _outlet_and_city(match["a"], match.groupdict().get("b"))
        if names:
            outlet, city = names
            return _outlet_name(outlet), _city_name(city), text[match.end():]
    return "", "", text


def _outlet_and_city(a: str, b: str | None) -> tuple[str, str] | None:
    """Which of a dateline's names is the outlet and which the city.

    Two names need one that reads as an outlet; a single name is an outlet, or a city
    when written in capitals (`SEOUL`). Anything else is not a dateline (None).
    """
    if b is None:
        if _is_outlet(a):
            return a, ""
        return ("", a) if a.isupper() else None
    if _is_outlet(a):
        return a, b
    if _is_outlet(b):
        return b, a
    return None


def _is_outlet(name: str) -> bool:
    """Whether NAME reads as a news outlet: a domain name or a known outlet."""
    return bool(_DOMAIN.fullmatch(name)) or name.casefold() in KNOWN_OUTLETS


def _outlet_name(name: str) -> str:
    """The outlet's house spelling: `KOMPAS.com` -> `Kompas.com`; others as written."""
    return OUTLET_SPELLINGS.get(name.casefold(), name)


def _city_name(name: str) -> str:
    """The city without its province, capitals undone: `BANDAR LAMPUNG` -> `Bandar Lampung`."""
    city = name.split(",")[0].strip()
    return " ".join(word.capitalize() for word in city.split()) if city.isupper() else city


# --- Boilerplate ----------------------------------------------------------------------

# Paragraphs that are page furniture, not article text, matched at a paragraph's start
# in any case: related-article links, video prompts, credit lines, share/follow prompts.
BOILERPLATE = (
    r"baca juga\b",
    r"simak (?:juga|video|berita lainnya|google news)",
    r"lihat juga\b",
    r"(?:editor|penulis|reporter|sumber|foto|video)\s*:",
    r"dapatkan update berita",
    r"ikuti kami di\b",
    r"follow\b",
    r"klik di ?sini\b",
    r"scroll (?:untuk|to)\b",
    r"advertisement\b",
    r"loading\.\.\.$",
)
_BOILERPLATE = re.compile("|".join(BOILERPLATE), re.IGNORECASE)
_READ_ALSO_ALONE = re.compile(r"baca juga\s*:?", re.IGNORECASE)   # the headline follows on its own line
# "Baca juga" inside a paragraph: "(Baca juga: ...)" up to its ")", otherwise to the paragraph's end.
_READ_ALSO = r"(?:Baca [Jj]uga|BACA JUGA)\b"
_READ_ALSO_INLINE = re.compile(rf"\(\s*{_READ_ALSO}[^)]*\)|\(?\s*{_READ_ALSO}.*")


def remove_boilerplate(paras: list[str]) -> list[str]:
    """PARAS without boilerplate paragraphs and inline "Baca juga" links.

    >>> remove_boilerplate(["Harga naik.", "Baca Juga", "Harga Cabai Melonjak",
    ...                     "Editor: Budi", "Pedagang mengeluh. Baca juga: Ini Sebabnya"])
    ['Harga naik.', 'Pedagang mengeluh.']
    """
    kept = []
    paras = iter(paras)
    for para in paras:
        if _READ_ALSO_ALONE.fullmatch(para):
            next(paras, None)                  # the linked headline
        elif not _BOILERPLATE.match(para):
            para = " ".join(_READ_ALSO_INLINE.sub(" ", para).split())
            if para:
                kept.append(para)
    return kept


# --- Titles ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*(?=\s|$)")
# A period after an initial or one of these abbreviations does not end the sentence.
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z]|Dr|Drs|Ir|Prof|Hj?|KH|Jl|No|St|Sdr|dkk|dll)\.$")


def derive_title(body: str) -> str:
    """A title for an article that has none: the first sentence of BODY, cut at a word
    boundary to at most TITLE_LIMIT characters, ending in "…" when cut.

    >>> derive_title("Prof. Dr. Budi Santoso tiba di Jakarta. Ia disambut warga.")
    'Prof. Dr. Budi Santoso tiba di Jakarta'
    >>> title = derive_title("Pemerintah " * 20)
    >>> len(title), title[-11:]
    (99, 'Pemerintah…')
    """
    text = paragraphs(body)[0]
    sentence = next((text[:m.end()] for m in _SENTENCE_END.finditer(text)
                     if not _ABBREVIATION_END.search(text, 0, m.end())), text)
    sentence = sentence.removesuffix(".")
    if len(sentence) <= TITLE_LIMIT:
        return sentence
    head = sentence[:TITLE_LIMIT - 1]
    if sentence[TITLE_LIMIT - 1] != " ":
        head = head.rpartition(" ")[0] or head
    return head.rstrip(" ,;:–-") + "…"


# --- Dates ----------------------------------------------------------------------------

# dateutil fills what a text lacks from a default; parsing with two defaults that differ
# in year, month and day tells a full date from a partial one ("September 2019", "10:11").
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def parse_published(value) -> datetime | None:
    """VALUE as a timezone-aware datetime (Asia/Jakarta when it names no zone), or None
    when it is missing, not a full date, or not understood.

    >>> parse_published("2019-09-12 10:11:00").isoformat()
    '2019-09-12T10:11:00+07:00'
    >>> parse_published("12/09/2019").isoformat()
    '2019-09-12T00:00:00+07:00'
    >>> parse_published("kemarin sore") is None, parse_published("September 2019") is None
    (True, True)
    """
    text = _field(value)
    if not text:
        return None
    try:
        published = datetime.fromisoformat(text)
    except ValueError:
        published = _parse_loosely(text)
    if published is None or published.tzinfo:
        return published
    return published.replace(tzinfo=JAKARTA)


def _parse_loosely(text: str) -> datetime | None:
    """TEXT read by dateutil, or None unless it names a full date. Texts that start with
    a year are read year-month-day, all others day-first, as Indonesians write dates."""
    year_first = re.match(r"\d{4}", text) is not None
    try:
        readings = {dateparser.parse(text, default=default, dayfirst=not year_first,
                                     yearfirst=year_first, tzinfos=ZONES)
                    for default in _DEFAULTS}
    except (ValueError, OverflowError):
        return None
    return readings.pop() if len(readings) == 1 else None
