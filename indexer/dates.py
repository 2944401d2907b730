"""Indonesian date expressions: the days a news text mentions, its publication date when
the record has none, and the from/to date filters people type.

Indonesian news writes dates in a few fixed shapes. By far the most common is a weekday
with the day and month in parentheses, the year often left out: `Selasa (18/6/2024)`,
`Rabu (19/6)`. Then the long form `Selasa, 18 Juni 2024`, and numeric forms
`18/06/2024`, `18-06-2024`, `2024-06-18`. Month names may be Indonesian or English (news
copies wire copy) and abbreviated (see MONTHS); the day comes first (`18 June 2024`; the
American `June 18, 2024` is too rare in Indonesian news to be worth a pattern).

What counts as a mentioned date: a single day the text names explicitly. Vague time words
(`pekan lalu`, `kemarin`, `awal Juni`), months (`Juni 2024`) and years alone are not days.
Numbers that only look like dates are left alone: a numeric day/month without a year
counts only in parentheses after a weekday or day word (`Rabu (19/6)`, `hari ini (26/9)`)
or after `tanggal`, so scores (`3-1`), fractions (`2/3`) and prices are not read as dates;
a written year must lie in PLAUSIBLE_YEARS. A day and month without a year take their year
from the publication date (see `_complete_year`). A range (`17-19 September`,
`(11-13/9/2019)`) names its first and last day; one running backwards (`3-1 Juni`) is a
score and names nothing.

Regular expressions find the expressions; `datetime.date` decides which days exist, and
dateutil's `relativedelta` does the calendar arithmetic (weeks, months, years).
dateutil's parser is not used: it reads one date out of a whole string, guessing at
whatever it does not know, while a news text holds many dates among other numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import MO, relativedelta

from indexer.analysis import alternatives

JAKARTA = ZoneInfo("Asia/Jakarta")

# --- Tables ---------------------------------------------------------------------------

# Month names and abbreviations, Indonesian and English, by month number.
MONTHS = {
    1: "Januari January Jan",
    2: "Februari Pebruari February Feb Peb",
    3: "Maret March Mar",
    4: "April Apr",
    5: "Mei May",
    6: "Juni June Jun",
    7: "Juli July Jul",
    8: "Agustus August Agu Agt Ags Aug",
    9: "September Sept Sep",
    10: "Oktober October Okt Oct",
    11: "November Nopember Nov Nop",
    12: "Desember December Des Dec",
}

# Weekday names, numbered like `date.weekday()`: Monday is 0.
WEEKDAYS = {"Senin": 0, "Selasa": 1, "Rabu": 2, "Kamis": 3, "Jumat": 4, "Jum'at": 4,
            "Jum’at": 4, "Sabtu": 5, "Minggu": 6, "Ahad": 6}

# Words that, like a weekday, announce a day in parentheses: "kemarin (28/5)",
# "pagi tadi (26/9)", "malam ini (3/8)".
DAY_WORDS = ("hari ini", "kemarin", "besok", "lusa", "semalam", "tadi", "pagi", "siang", "sore",
             "petang", "malam", "dini hari", "subuh")

# Words that may stand between a weekday (or day word) and its parentheses:
# "Selasa malam (18/6)", "Sabtu pekan lalu (14/9/2019)", "Senin pagi waktu setempat (17/6)".
DAY_QUALIFIERS = ("pagi", "siang", "sore", "petang", "malam", "dini hari", "subuh", "ini",
                  "lalu", "kemarin", "depan", "mendatang", "tadi", "nanti", "pekan lalu",
                  "pekan depan", "minggu lalu", "minggu depan", "waktu setempat")

# Indonesia's time zones, which neither zoneinfo nor dateutil know by these names.
ZONES = {"WIB": JAKARTA, "WITA": ZoneInfo("Asia/Makassar"), "WIT": ZoneInfo("Asia/Jayapura")}

# Years a written date may have; anything else is a number that only looks like a year.
PLAUSIBLE_YEARS = range(1900, 2101)

# A weekday moves a day/month without a year to the neighbouring year's reading only when
# that reading is this close to publication; further off, the weekday is taken for a slip.
WEEKDAY_REACH = relativedelta(months=9)

# Relative periods a date filter may name: (calendar unit, how many units before today).
RELATIVE_PERIODS = {
    "hari ini": ("days", 0), "kemarin": ("days", 1),
    "pekan ini": ("weeks", 0), "minggu ini": ("weeks", 0),
    "pekan lalu": ("weeks", 1), "minggu lalu": ("weeks", 1),
    "bulan ini": ("months", 0), "bulan lalu": ("months", 1),
    "tahun ini": ("years", 0), "tahun lalu": ("years", 1),
}

# Units of "N hari terakhir" and friends, as relativedelta's keyword names.
UNITS = {"hari": "days", "pekan": "weeks", "minggu": "weeks", "bulan": "months",
         "tahun": "years"}

# Where a calendar unit starts, relative to a day in it (a week starts on Monday).
UNIT_STARTS = {"days": relativedelta(), "weeks": relativedelta(weekday=MO(-1)),
               "months": relativedelta(day=1), "years": relativedelta(month=1, day=1)}

FILTER_EXAMPLES = "2024-06-18, 18/6/2024, Juni 2024, 2024, kemarin, pekan lalu, 7 hari terakhir"
MAX_FILTER_LENGTH = 100

# --- Patterns -------------------------------------------------------------------------

# Texts and filters are matched in lower case: case-insensitive patterns are several times
# slower on the long word alternations below.
_MONTH_NUMBERS = {name.lower(): number
                  for number, names in MONTHS.items() for name in names.split()}
_WEEKDAY_NUMBERS = {name.lower(): number for name, number in WEEKDAYS.items()}


_WEEKDAY = rf"(?P<weekday>{alternatives(_WEEKDAY_NUMBERS)})\b"
_DAY = r"(?P<day>\d{1,2})"
_NUMERIC_MONTH = r"(?P<month>\d{1,2})"
_NAMED_MONTH = rf"(?P<month>{alternatives(_MONTH_NUMBERS)})\b\.?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_RANGE_START = r"(?:(?P<first>\d{1,2})\s*[-–]\s*)?"      # the 17- of 17-19 September
_NOT_IN_NUMBER = r"(?<![\w/.-])"                           # no digit, word or separator before

# Where to look for dates in running text, each with whether a date there without a
# four-digit year needs a weekday or day word (DAY_WORDS) to count. Each pattern has the
# groups day and month, and may have year, weekday and first (a range's first day).
_TEXT_PATTERNS = (
    # (18/6/2024), (19/6) after "Rabu" or "hari ini", (Rabu, 10/9), (12/09/19), (11-13/9/2019)
    (re.compile(rf"""\(\s*(?:{_WEEKDAY},?\s*)?{_RANGE_START}{_DAY}\s*/\s*{_NUMERIC_MONTH}
                     (?:\s*/\s*(?P<year>\d{{4}}|\d{{2}}))?\s*\)""", re.VERBOSE), True),
    # tanggal 18/6, tgl 1/7/2019
    (re.compile(rf"""(?<!\w)(?:tanggal|tertanggal|tgl\.?)\s+{_RANGE_START}{_DAY}/{_NUMERIC_MONTH}
                     (?:/{_YEAR})?(?![\d/])""", re.VERBOSE), False),
    # 18/6/2024, 18-06-2024, 11-13/9/2019
    (re.compile(rf"""{_NOT_IN_NUMBER}{_RANGE_START}{_DAY}(?P<sep>[/-]){_NUMERIC_MONTH}(?P=sep)
                     {_YEAR}(?![\w/-])""", re.VERBOSE), False),
    # 2024-06-18
    (re.compile(rf"{_NOT_IN_NUMBER}{_YEAR}-{_NUMERIC_MONTH}-{_DAY}(?![\w/-])"), False),
    # 18 Juni 2024, 18 Juni, 17-19 Sept 2019
    (re.compile(rf"""{_NOT_IN_NUMBER}{_RANGE_START}(?<![\w./]){_DAY}\s+{_NAMED_MONTH}
                     (?:,?\s+{_YEAR})?""", re.VERBOSE), False),
)

# A weekday or day word right before a date, maybe qualified: "Selasa (", "Selasa, ",
# "Sabtu pekan lalu (", "hari ini (", looked for in the _CUE_REACH characters before a date.
_DAY_CUE = re.compile(rf"""(?<!\w)(?:{_WEEKDAY}|(?:{alternatives(DAY_WORDS)})\b)
                           (?:[\s,]+(?:{alternatives(DAY_QUALIFIERS)})\b)*[\s,(]*$""",
                      re.VERBOSE)
_CUE_REACH = 50

# A time right after a date: "Rabu (18/9) pukul 09.00 WIB", "Selasa, 10 September 2019
# sekitar pukul 10.30", "Kamis (19/9/2019) 14.00 WITA"; it needs "pukul"/"jam" or a zone.
_ATTACHED_TIME = re.compile(r"""
    [\s,)]*(?:(?!pukul|jam)[^\W\d]+[\s,]+){0,3}       # up to three words: malam, sekitar
    (?P<cue>pukul|jam|pkl\.?)?\s*
    (?P<hour>[01]?\d|2[0-3])[.:](?P<minute>[0-5]\d)(?!\d)
    (?:\s*(?P<zone>wita|wib|wit)\b)?""", re.VERBOSE)


# --- Dates in text --------------------------------------------------------------------

@dataclass(frozen=True)
class _Mention:
    """One date expression found in a text, as written (the year may be missing)."""

    start: int                 # where it is in the text
    end: int
    day: int
    month: int
    year: int | None           # None when the text leaves the year to the reader
    weekday: int | None        # the weekday the text names with it, Monday = 0
    first_day: int | None      # the first day of a range such as "17-19 September"


def _mentions(lowered: str) -> list[_Mention]:
    """The date expressions in a LOWERED text, in reading order (as written, not checked).

    >>> [(m.day, m.month, m.year, m.weekday) for m in _mentions("rabu (19/6) dan 2 juli 2024")]
    [(19, 6, None, 2), (2, 7, 2024, None)]
    """
    found = []
    for pattern, needs_cue in _TEXT_PATTERNS:
        for match in pattern.finditer(lowered):
            mention = _mention(match, lowered, needs_cue)
            if mention:
                found.append(mention)
    return sorted(found, key=lambda mention: mention.start)


def _mention(match: re.Match, lowered: str, needs_cue: bool) -> _Mention | None:
    """The _Mention a pattern MATCH found in LOWERED, with the weekday written in it or
    right before it. None when it needs a weekday or day word (NEEDS_CUE) and has none,
    or when its range runs backwards ("3-1 Juni" is a score, not 3 to 1 June)."""
    groups = match.groupdict()
    day, month = groups["day"], groups["month"]
    year, first, weekday = groups.get("year"), groups.get("first"), groups.get("weekday")
    if not weekday:
        cue = _DAY_CUE.search(lowered, max(0, match.start() - _CUE_REACH), match.start())
        if needs_cue and len(year or "") < 4 and not cue:
            return None
        weekday = cue["weekday"] if cue else None
    if first and int(first) >= int(day):
        return None
    return _Mention(
        start=match.start(), end=match.end(), day=int(day),
        month=_month_number(month),
        year=_full_year(year) if year else None,
        weekday=_WEEKDAY_NUMBERS[weekday] if weekday else None,
        first_day=int(first) if first else None)


def _full_year(year: str) -> int:
    """A written year as a number; two digits mean this century, as in `Kamis (12/09/19)`.

    >>> _full_year("2019"), _full_year("19")
    (2019, 2019)
    """
    return int(year) + 2000 if len(year) == 2 else int(year)


def _month_number(month: str) -> int:
    """A month written as a number (``06``) or a name (``juni``, ``jun``, lowercase)."""
    return int(month) if month.isdigit() else _MONTH_NUMBERS[month]


def _valid_date(year: int, month: int, day: int) -> date | None:
    """The date YEAR-MONTH-DAY, or None when the calendar has no such day.

    >>> _valid_date(2024, 2, 29), _valid_date(2023, 2, 29), _valid_date(2024, 13, 1)
    (datetime.date(2024, 2, 29), None, None)
    """
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _complete_year(mention: _Mention, around: date) -> date | None:
    """The date a day and month without a year mean in a text published on AROUND.

    The reading nearest to publication wins, in the publication year or either side of it,
    so `Senin (30/12)` in an article of 2 January 2025 is 30 December 2024. A weekday the
    text gives decides between readings that lie within WEEKDAY_REACH of publication: one
    that agrees with it wins over a nearer one that does not. A weekday matched only by a
    reading a year off is taken for a slip of the pen.

    >>> monday = _Mention(0, 0, day=30, month=12, year=None, weekday=0, first_day=None)
    >>> _complete_year(monday, date(2025, 1, 2)), _complete_year(monday, date(2024, 6, 20))
    (datetime.date(2024, 12, 30), datetime.date(2024, 12, 30))
    """
    readings = [reading for year in (around.year - 1, around.year, around.year + 1)
                if (reading := _valid_date(year, mention.month, mention.day))]
    agreeing = [reading for reading in readings
                if reading.weekday() == mention.weekday
                and around - WEEKDAY_REACH <= reading <= around + WEEKDAY_REACH]
    return min(agreeing or readings, key=lambda reading: abs(reading - around), default=None)


def _dates(mention: _Mention, around: date | None) -> list[date]:
    """The days MENTION names (two for a range: its first and last day); a mention without
    a year needs the publication date AROUND. Days that do not exist give nothing."""
    if mention.year is not None:
        if mention.year not in PLAUSIBLE_YEARS:
            return []
        last = _valid_date(mention.year, mention.month, mention.day)
    else:
        last = _complete_year(mention, around) if around else None
    if last is None:
        return []
    if mention.first_day is None:
        return [last]
    first = _valid_date(last.year, last.month, mention.first_day)
    return [first, last] if first else [last]


def mentioned_dates(text: str, published: datetime | None) -> list[date]:
    """The distinct days TEXT mentions explicitly, sorted.

    A day and month without a year take it from PUBLISHED (the nearest reading, checked
    against the weekday when there is one); when PUBLISHED is None the publication date is
    inferred from the text (`infer_published`), and without one such mentions are skipped.

    >>> published = datetime(2024, 6, 19, tzinfo=JAKARTA)
    >>> mentioned_dates("Putin tiba Selasa (18/6/2024) dan bertemu Kim Rabu (19/6).", published)
    [datetime.date(2024, 6, 18), datetime.date(2024, 6, 19)]
    >>> mentioned_dates("Skor 2-1 pekan lalu, harga Rp 18.000, 2/3 warga, Juni 2024.", published)
    []
    """
    return read_dates(text, published)[1]


def read_dates(text: str, published: datetime | None) -> tuple[datetime | None, list[date]]:
    """PUBLISHED, or when it is None the date `infer_published` reads from TEXT, and the days
    TEXT mentions (`mentioned_dates`), from one reading of the text.

    >>> read_dates("Putin tiba Selasa (18/6/2024) dan bertemu Kim Rabu (19/6).", None)
    (datetime.datetime(2024, 6, 18, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Jakarta')), [datetime.date(2024, 6, 18), datetime.date(2024, 6, 19)])
    """
    lowered = text.lower()
    mentions = _mentions(lowered)
    if published is None:
        published = _publication(lowered, mentions)
    around = published.date() if published else None
    return published, sorted({day for mention in mentions for day in _dates(mention, around)})


# --- Publication date -----------------------------------------------------------------

def infer_published(text: str) -> datetime | None:
    """The publication date of an article whose record has none, read from its TEXT.

    Only full dates count (day, month and year all written). The rule, in order:
    1. the dateline day: the first full date with a weekday in the first paragraph, where
       Indonesian news says when it happened (`..., Selasa (18/6/2024) malam`);
    2. else the latest full date with a weekday (reports date what was said or done);
    3. else the latest full date; None without any.
    On the 7,745 corpus articles (../shared/corpus) with a date from their URL and a full
    date in the text, this gives the same day for 63.2%, within a day for 84.5%, within a
    week for 93.3% (the first full date of the first paragraph, else the latest: 60.4%,
    81.5%, 91.0%). Reports often appear the day after the event they date.

    The result is timezone-aware: 00:00 in Asia/Jakarta, or the time written right after
    the chosen date (`Rabu (19/6/2024) pukul 10.30 WIB`) in the zone it names (WIB, WITA
    or WIT; Asia/Jakarta when it names none).

    >>> infer_published("Presiden tiba, Selasa (18/6/2024) pukul 19.30 WIB.").isoformat()
    '2024-06-18T19:30:00+07:00'
    >>> infer_published("Harga naik.\\n\\nRapat 3 Juni 2024 dan Rabu, 5 Juni 2024.").isoformat()
    '2024-06-05T00:00:00+07:00'
    """
    text = text.lower()
    return _publication(text, _mentions(text))


def _publication(lowered: str, mentions: list[_Mention]) -> datetime | None:
    """`infer_published` for a LOWERED text, given the MENTIONS found in it."""
    full = []                          # (mention, its day) for mentions with a year
    for mention in mentions:
        days = _dates(mention, None)        # nothing for a mention without a year
        if days:
            full.append((mention, days[-1]))
    if not full:
        return None
    with_weekday = [(mention, day) for mention, day in full if mention.weekday is not None]
    lead_end = _first_paragraph_end(lowered)
    dateline = next((found for found in with_weekday if found[0].start < lead_end), None)
    mention, day = dateline or max(with_weekday or full, key=lambda found: found[1])
    return _at_time(day, lowered, mention.end)


def _first_paragraph_end(text: str) -> int:
    """Where the first paragraph of TEXT ends: at its first line break after some text.

    >>> _first_paragraph_end("\\nSatu dua.\\nTiga.")
    10
    """
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _at_time(day: date, lowered: str, position: int) -> datetime:
    """DAY at the time written at POSITION in a LOWERED text (right after a date), else
    00:00; in the time zone written there, else Asia/Jakarta.

    >>> _at_time(date(2024, 6, 18), "(18/6) pukul 14.00 wit", 6).isoformat()
    '2024-06-18T14:00:00+09:00'
    >>> _at_time(date(2024, 6, 18), "(18/6) menang 2.1", 6).isoformat()
    '2024-06-18T00:00:00+07:00'
    """
    match = _ATTACHED_TIME.match(lowered, position)
    if match and (match["cue"] or match["zone"]):
        zone = ZONES[match["zone"].upper()] if match["zone"] else JAKARTA
        return datetime.combine(day, time(int(match["hour"]), int(match["minute"])), zone)
    return datetime.combine(day, time(), JAKARTA)


# --- Date filters ---------------------------------------------------------------------

class DateFilterError(ValueError):
    """A date filter that cannot be understood; the message says what is accepted."""


def _day_span(match: re.Match, today: date) -> tuple[date, date] | None:
    """The one day a filter like `18/6/2024` names; None when it does not exist."""
    day = _valid_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
    return (day, day) if day else None


def _month_span(match: re.Match, today: date) -> tuple[date, date] | None:
    """The whole month a filter like `Juni 2024` or `2024-06` names."""
    first = _valid_date(int(match["year"]), _month_number(match["month"]), 1)
    return _calendar_span("months", first) if first else None


def _year_span(match: re.Match, today: date) -> tuple[date, date] | None:
    """The whole year a filter like `2024` names."""
    first = _valid_date(int(match["year"]), 1, 1)
    return _calendar_span("years", first) if first else None


def _relative_span(match: re.Match, today: date) -> tuple[date, date]:
    """The calendar day, week, month or year a filter like `pekan lalu` names."""
    unit, back = RELATIVE_PERIODS[match[0]]
    return _calendar_span(unit, today - relativedelta(**{unit: back}))


def _recent_span(match: re.Match, today: date) -> tuple[date, date] | None:
    """The days up to today a filter like `7 hari terakhir` names (today included)."""
    count = int(match["count"])
    if count == 0:
        return None
    unit = UNITS[match["unit"]]
    return today - relativedelta(**{unit: count}) + timedelta(days=1), today


def _calendar_span(unit: str, day: date) -> tuple[date, date]:
    """The first and last day of the calendar UNIT (days, weeks from Monday, months or
    years) that DAY falls in.

    >>> _calendar_span("weeks", date(2024, 6, 19))
    (datetime.date(2024, 6, 17), datetime.date(2024, 6, 23))
    >>> _calendar_span("months", date(2024, 2, 10))
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    first = day + UNIT_STARTS[unit]
    return first, first + relativedelta(**{unit: 1}) - timedelta(days=1)


# The forms a date filter may take, each whole, matched in lower case with its
# whitespace collapsed to single spaces.
_FILTER_FORMS = (
    (re.compile(rf"{_YEAR}-{_NUMERIC_MONTH}-{_DAY}"), _day_span),
    (re.compile(rf"{_DAY}(?P<sep>[/-]){_NUMERIC_MONTH}(?P=sep){_YEAR}"), _day_span),
    (re.compile(rf"{_DAY} {_NAMED_MONTH},? {_YEAR}"), _day_span),
    (re.compile(rf"{_NAMED_MONTH},? {_YEAR}"), _month_span),
    (re.compile(rf"{_YEAR}-{_NUMERIC_MONTH}"), _month_span),
    (re.compile(_YEAR), _year_span),
    (re.compile("|".join(RELATIVE_PERIODS)), _relative_span),
    (re.compile(rf"(?P<count>\d{{1,4}}) (?P<unit>{'|'.join(UNITS)}) terakhir"), _recent_span),
)


def parse_date_filter(value: str, today: date | None = None) -> tuple[date, date]:
    """The first and last day (inclusive) of what a person typed as a from/to date filter.

    Accepted, in any case: a day (`2024-06-18`, `18/6/2024`, `18-06-2024`, `18 Juni 2024`),
    a month (`Juni 2024`, `Jun 2024`, `2024-06`), a year (`2024`), a calendar period
    relative to TODAY (default: today in Jakarta): `hari ini`, `kemarin`, `pekan ini`/
    `minggu ini`, `pekan lalu`/`minggu lalu` (the previous calendar week, Monday to
    Sunday), `bulan ini`, `bulan lalu`, `tahun ini`, `tahun lalu`, or the last N days,
    weeks, months or years up to and including today (`7 hari terakhir`,
    `2 minggu terakhir`, `3 bulan terakhir`). Years must lie in PLAUSIBLE_YEARS. Anything
    else raises DateFilterError.

    >>> parse_date_filter(" Juni 2024 ")
    (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    >>> parse_date_filter("pekan lalu", today=date(2024, 6, 19))
    (datetime.date(2024, 6, 10), datetime.date(2024, 6, 16))
    >>> parse_date_filter("7 hari terakhir", today=date(2024, 6, 19))
    (datetime.date(2024, 6, 13), datetime.date(2024, 6, 19))
    """
    text = " ".join(value.lower().split()) if len(value) <= MAX_FILTER_LENGTH else ""
    today = today or datetime.now(JAKARTA).date()
    for pattern, span_of in _FILTER_FORMS:
        match = pattern.fullmatch(text)
        if match:
            try:
                span = _in_plausible_years(span_of(match, today))
            except ValueError:     # a period running off the calendar: `Desember 9999`
                span = None
            if span:
                return span
            break
    raise DateFilterError(f'tidak dipahami: "{_shortened(value.strip())}"; gunakan misalnya '
                          f"{FILTER_EXAMPLES} (not understood; use a day, month, year or "
                          "period like these)")


def _in_plausible_years(span: tuple[date, date] | None) -> tuple[date, date] | None:
    """SPAN when both its ends lie in PLAUSIBLE_YEARS, else None."""
    if span and all(end.year in PLAUSIBLE_YEARS for end in span):
        return span
    return None


def _shortened(value: str, limit: int = 40) -> str:
    """VALUE cut to LIMIT characters for an error message, "…" marking the cut.

    >>> _shortened("x" * 50, limit=5)
    'xxxx…'
    """
    return value if len(value) <= limit else value[:limit - 1] + "…"
