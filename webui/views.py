"""The HTML pages: search (``/``), one article (``/articles/<id>``) and quote search (``/quotes``).

They work without JavaScript: every filter, sort order, page and timeline bar is a plain link
whose query parameters are those of ``/api/search``. Jinja escapes everything; the only text
inserted as HTML is a result's snippet, which the engine escaped and marked up itself.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.exceptions import NotFound

from webui import api
from webui.app import engine
from webui.query import QueryError
from webui.facets import FACETS
from webui.search import FILTERS, IndexMissing, SearchRequest

bp = Blueprint("views", __name__)

# Labels of the filter parameters, and the result facet each parameter filters by.
FILTER_LABELS = {"person": "Tokoh", "org": "Organisasi", "place": "Tempat", "source": "Sumber",
                 "speaker": "Pembicara", "mentioned": "Tanggal disebut"}
FACET_PARAMS = {name: param for name, field in FACETS.items()
                for param, filtered in FILTERS.items() if filtered == field}
# The parameters that narrow the results.
NARROWING_PARAMS = (*FILTERS, "from", "to")
# The parameters links carry from page to page; anything else in a URL is dropped.
KEPT_PARAMS = ("q", "sort", "per_page", "from", "to", *FILTERS)
SORT_LABELS = {"relevance": "Relevansi", "newest": "Terbaru", "oldest": "Terlama"}
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember")
INDEX_MISSING = "Indeks belum dibuat. Jalankan `telusur index` lalu muat ulang halaman ini."
MAX_TIMELINE_BARS = 400      # wider spans are drawn without the empty periods between bars
TIMELINE_WIDTH = 1000        # the chart's viewBox width


# --- Links ----------------------------------------------------------------------------------

def changed_params(args, *, set_to: dict | None = None, add: tuple[str, str] | None = None,
                   remove: tuple[str, str] | None = None) -> list[tuple[str, str]]:
    """The link parameters of ``args`` (a MultiDict) with one change, as (name, value) pairs.

    ``set_to`` replaces every value of each name it maps (``None`` drops the name); ``add``
    appends a value unless it is already there; ``remove`` drops that one value. Only
    KEPT_PARAMS survive, empty values are dropped, and the page is dropped (back to the first)
    unless ``set_to`` names it, since any other change changes the results.

    >>> from werkzeug.datastructures import MultiDict
    >>> args = MultiDict([("q", "banjir"), ("person", "A"), ("person", "B"), ("page", "3")])
    >>> changed_params(args, remove=("person", "A"))
    [('q', 'banjir'), ('person', 'B')]
    >>> changed_params(args, add=("place", "Jakarta"))
    [('q', 'banjir'), ('person', 'A'), ('person', 'B'), ('place', 'Jakarta')]
    >>> changed_params(args, set_to={"page": "2"})
    [('q', 'banjir'), ('person', 'A'), ('person', 'B'), ('page', '2')]
    """
    set_to = set_to or {}
    pairs = [(name, value) for name in KEPT_PARAMS if name not in set_to
             for value in args.getlist(name) if value.strip()]
    if remove is not None:
        pairs = [pair for pair in pairs if pair != remove]
    if add is not None and add not in pairs:
        pairs.append(add)
    pairs.extend((name, str(value)) for name, value in set_to.items() if value not in (None, ""))
    return pairs


def link(endpoint: str = "views.home", **change) -> str:
    """A URL of ``endpoint`` with the current request's parameters changed as
    ``changed_params`` describes (``link(add=("person", "Joko Widodo"))``)."""
    pairs = changed_params(request.args, **change)
    return url_for(endpoint) + ("?" + urlencode(pairs) if pairs else "")


def fresh_link(name: str, value: str, endpoint: str = "views.home") -> str:
    """A new search with a single filter (``/?person=Joko+Widodo``), for links from an article."""
    return url_for(endpoint) + "?" + urlencode({name: value})


def active_filters(args) -> list[dict]:
    """The filters of the current search as chips: label, value and the link removing it."""
    chips = []
    for name in NARROWING_PARAMS:
        for value in args.getlist(name):
            if value.strip():
                label = {"from": "Dari", "to": "Sampai"}.get(name) or FILTER_LABELS[name]
                chips.append({"name": name, "label": label, "value": value,
                              "remove": link(remove=(name, value))})
    return chips


def hidden_params(args, *, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The current search's parameters a form must carry as hidden inputs (all but ``skip``)."""
    return [(name, value) for name, value in changed_params(args) if name not in skip]


def last_page(total: int, per_page: int) -> int:
    """The number of the last page of ``total`` results (1 when there are none)."""
    return max(1, math.ceil(total / per_page))


def pages(current: int, total: int, per_page: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last and ``around`` either side of the current
    one; ``None`` marks a gap.

    >>> pages(7, 200, 10)
    [1, None, 5, 6, 7, 8, 9, None, 20]
    >>> pages(1, 25, 10)
    [1, 2, 3]
    """
    last = last_page(total, per_page)
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a link may point to, else None
    (``javascript:``, ``data:``, relative paths and anything odd never become links).

    >>> web_url("javascript:alert(1)") is None, web_url(" https://contoh.id/a ")
    (True, 'https://contoh.id/a')
    """
    url = (url or "").strip()
    return url if re.fullmatch(r"(?i)https?://[^\s\x00-\x1f\"'<>\\]+", url) else None


# --- Dates and numbers ------------------------------------------------------------------------

def period_label(key: str) -> str:
    """A timeline key (``2024-06-18``, ``2024-06``, ``2024``) in Indonesian.

    >>> period_label("2024-06-18"), period_label("2024-06"), period_label("2024")
    ('18 Juni 2024', 'Juni 2024', '2024')
    """
    parts = key.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return key


@bp.app_template_filter("tanggal")
def format_date(value: str | None) -> str:
    """An ISO date or datetime as an Indonesian date (``18 Juni 2024``); '' when missing."""
    if not value:
        return ""
    try:
        day = datetime.fromisoformat(value).date()
    except ValueError:
        return value
    return period_label(day.isoformat())


@bp.app_template_filter("angka")
def format_number(value) -> str:
    """A number the Indonesian way: ``1.198``, ``354,2``."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def _periods(interval: str, first: str, last: str) -> list[str] | None:
    """Every period key from ``first`` to ``last``, or None when there are too many."""
    if interval == "year":
        keys = [str(y) for y in range(int(first), int(last) + 1)]
    elif interval == "month":
        (y1, m1), (y2, m2) = (map(int, k.split("-")) for k in (first, last))
        keys = [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(y1 * 12 + m1 - 1, y2 * 12 + m2)]
    else:
        start, end = date.fromisoformat(first).toordinal(), date.fromisoformat(last).toordinal()
        keys = [date.fromordinal(n).isoformat() for n in range(start, end + 1)]
    return keys if len(keys) <= MAX_TIMELINE_BARS else None


def timeline(published: dict | None, args) -> dict | None:
    """The publication histogram as bars of an SVG chart, or None when there is nothing to draw.

    Periods without articles between the first and the last get an empty slot, so gaps in
    time show as gaps. Geometry is in viewBox units (TIMELINE_WIDTH by 100, stretched to the
    page width by CSS); every slot is equally wide so that HTML labels under the chart can
    line up with the bars. Each bar links to its period (``from`` = ``to`` = the bucket key).
    """
    buckets = (published or {}).get("buckets") or []
    if not buckets:
        return None
    interval = published.get("interval", "day")
    counts = {b["key"]: b["count"] for b in buckets}
    keys = _periods(interval, buckets[0]["key"], buckets[-1]["key"]) or list(counts)
    highest = max(counts.values())
    chosen = args.get("from") == args.get("to") and args.get("from")
    slot = TIMELINE_WIDTH / len(keys)
    width = min(slot * 0.8, TIMELINE_WIDTH / 16)
    bars = []
    for number, key in enumerate(keys):
        count = counts.get(key, 0)
        height = max(2.0, round(96 * count / highest, 1)) if count else 0
        bars.append({"key": key, "count": count, "label": f"{period_label(key)}: {count} artikel",
                     "slot_x": round(number * slot, 2), "slot_width": round(slot, 2),
                     "x": round(number * slot + (slot - width) / 2, 2), "width": round(width, 2),
                     "y": round(100 - height, 1), "height": height, "current": key == chosen,
                     "url": link(set_to={"from": key, "to": key}) if count else None})
    names = {"day": "hari", "month": "bulan", "year": "tahun"}
    return {"bars": bars, "width": TIMELINE_WIDTH, "highest": highest,
            "labels": [period_label(k) for k in keys] if len(keys) <= 12 else None,
            "first": period_label(keys[0]), "last": period_label(keys[-1]),
            "caption": f"Jumlah artikel per {names.get(interval, interval)}"}


def months_histogram(months: dict[str, int]) -> dict:
    """The index's articles per month (``stats()["published"]["months"]``) as a histogram
    like a search's, in years when they span more than five years."""
    if len(months) > 1 and int(max(months)[:4]) - int(min(months)[:4]) >= 5:
        years: dict[str, int] = {}
        for key, count in months.items():
            years[key[:4]] = years.get(key[:4], 0) + count
        return {"interval": "year", "buckets": [{"key": k, "count": c} for k, c in sorted(years.items())]}
    return {"interval": "month", "buckets": [{"key": k, "count": c} for k, c in sorted(months.items())]}


# --- Pages ----------------------------------------------------------------------------------

@bp.app_context_processor
def helpers() -> dict:
    """Link builders and labels for every template."""
    return {"link": link, "fresh_link": fresh_link, "web_url": web_url,
            "FILTER_LABELS": FILTER_LABELS, "FACET_PARAMS": FACET_PARAMS,
            "SORT_LABELS": SORT_LABELS}


@bp.get("/")
def home():
    """The search page: query box, results, facets and timeline; what the index holds when
    nothing is asked. A parameter the engine rejects gives 400 with its message, and the
    forms keep what the user typed."""
    try:
        if not any(request.args.get(name, "").strip() for name in ("q", *NARROWING_PARAMS)):
            stats = engine().stats()
            return _home_page(stats=stats, timeline=timeline(
                months_histogram(stats["published"]["months"]), request.args))
        search = SearchRequest.from_args(request.args)
        result = engine().search(search, extra=("city",))
    except QueryError as error:
        return _home_page(error=str(error)), 400
    return _home_page(result=result, search=search,
                      pages=pages(result["page"], result["total"], result["per_page"]),
                      last_page=last_page(result["total"], result["per_page"]),
                      timeline=timeline(result["facets"].get("published"), request.args))


def _home_page(**context) -> str:
    """``home.html`` with the filter chips and the hidden inputs its forms carry."""
    args = request.args
    defaults = {"result": None, "stats": None, "error": None, "timeline": None,
                "chips": active_filters(args),
                "clear_url": link(set_to=dict.fromkeys(NARROWING_PARAMS)),
                "hidden": hidden_params(args, skip=("q",)),
                "date_hidden": hidden_params(args, skip=("from", "to"))}
    return render_template("home.html", **{**defaults, **context})


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    """One article: text, entities, and its quotes grouped by speaker."""
    record = engine().article(article_id)
    if record is None:
        abort(404, description=f"Tidak ada artikel dengan id “{article_id}”.")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", record.get("body") or "") if p.strip()]
    return render_template("article.html", article=record, paragraphs=paragraphs,
                           speakers=group_quotes(record.get("quotes") or []))


def group_quotes(quotes: list[dict]) -> list[dict]:
    """Quotes grouped by speaker in order of first appearance, each group with the first
    role given for that speaker.

    >>> [(g["speaker"], len(g["quotes"])) for g in group_quotes(
    ...     [{"speaker": "A", "text": "x"}, {"speaker": "B", "text": "y"}, {"speaker": "A", "text": "z"}])]
    [('A', 2), ('B', 1)]
    """
    groups: dict[str, dict] = {}
    for quote in quotes:
        speaker = (quote.get("speaker") or "").strip()
        group = groups.setdefault(speaker, {"speaker": speaker, "role": "", "quotes": []})
        group["role"] = group["role"] or (quote.get("role") or "")
        group["quotes"].append(quote)
    return list(groups.values())


@bp.get("/quotes")
def quotes():
    """Quote search: who said what, with a speaker facet."""
    q = request.args.get("q", "").strip()
    speakers = [s for s in request.args.getlist("speaker") if s.strip()]
    try:
        result = engine().quotes(SearchRequest.from_args(request.args))
    except QueryError as error:
        return _quotes_page(q, speakers, error=str(error)), 400
    page, per_page, found = result["page"], result["per_page"], result["total"]
    return _quotes_page(q, speakers, result=result, page=page, pages=pages(page, found, per_page),
                        last_page=last_page(found, per_page))


def _quotes_page(q: str, speakers: list[str], **context) -> str:
    """``quotes.html`` with the speaker chips."""
    chips = [{"label": "Pembicara", "value": s, "remove": link("views.quotes", remove=("speaker", s))}
             for s in speakers]
    defaults = {"q": q, "speakers": speakers, "chips": chips, "result": None, "error": None}
    return render_template("quotes.html", **{**defaults, **context})


@bp.errorhandler(IndexMissing)
def index_missing(exc):
    return render_template("error.html", title="Indeks belum ada", message=INDEX_MISSING), 503


@bp.app_errorhandler(404)
def not_found(exc: NotFound):
    """Pages that do not exist get an HTML 404; the JSON API keeps its own errors."""
    if request.path.startswith("/api/"):
        return api.error(404, "not_found", "no such API endpoint; see /api/openapi.json")
    message = exc.description if request.endpoint == "views.article" else "Alamat ini tidak ada di Telusur."
    return render_template("error.html", title="Halaman tidak ditemukan", message=message), 404
