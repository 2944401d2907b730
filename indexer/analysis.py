"""Indonesian text analysis: the one definition used to index articles and to parse queries.

Built like Whoosh's own ``analysis`` package: a tokenizer and small filters joined with ``|``.

    >>> [t.text for t in indonesian_analyzer()("Menteri itu bertemu para pemasok di AS")]
    ['menteri', 'temu', 'pasok', 'AS']
    >>> [t.text for t in exact_analyzer()("Menteri itu bertemu para pemasok di AS")]
    ['menteri', 'bertemu', 'pemasok', 'AS']

What each piece is for:

- ``IndonesianTokenizer`` keeps numbers with their separators (``11.000``, ``70%``,
  ``18/6/2024``) and hyphenated words (``negara-negara``, ``Jean-Pierre``) whole.
- ``HyphenFilter`` also indexes the parts of a hyphenated word, so ``negara-negara`` is found
  by ``negara`` and ``Rusia-Korut`` by ``Korut``.
- ``CaseFilter`` lowercases, but first recognises acronyms (``AS``, ``KPK``) and protected
  words (names such as ``Megawati``, words such as ``pemilu``) so that the stemmer leaves them
  alone; an acronym that is also a common word keeps its capitals (``AS`` is not ``as``).
- ``CliticFilter`` splits the clitics ``-nya -lah -kah -pun -ku -mu`` off a word.
- ``IndonesianStopFilter`` drops function words but never the negations.
- ``IndonesianStemFilter`` reduces words to their root (see ``stem``).

The word lists live in ``indexer/lexicon/`` as plain text files, one entry a line.
Whoosh pickles analyzers into the index, so the filters hold no data of their own: the
lexicons are loaded once per process by ``lexicon()``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import Stemmer
from whoosh.analysis import Filter, Tokenizer
from whoosh.analysis.acore import Token

LEXICON_DIR = Path(__file__).parent / "lexicon"


@functools.cache
def lexicon(name: str) -> frozenset[str]:
    """The entries of ``indexer/lexicon/<name>.txt``: one a line, ``#`` starts a comment.

    >>> "tidak" in lexicon("stopwords")
    False
    """
    entries = set()
    with open(LEXICON_DIR / f"{name}.txt", encoding="utf-8") as f:
        for line in f:
            entry = line.split("#", 1)[0].strip()
            if entry:
                entries.add(entry)
    return frozenset(entries)


def alternatives(words) -> str:
    """A regex alternation of ``words`` (a word list, say), longest first so that the longest
    wins, any whitespace where a word has a space.

    >>> alternatives(["ini", "hari ini", "ini"])
    'hari\\\\s+ini|ini'
    """
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def roots() -> frozenset[str]:
    """Known Indonesian root words: what a stem must be for the stemmer to accept it."""
    return lexicon("roots")


@functools.cache
def protected() -> frozenset[str]:
    """Lowercase words never stemmed: names and words that only look affixed."""
    return lexicon("protected") | lexicon("names")


def stopwords() -> frozenset[str]:
    """Function words left out of the index (never the negations)."""
    return lexicon("stopwords")


# --- The stemmer -------------------------------------------------------------------------

_snowball = Stemmer.Stemmer("indonesian")

_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")

# Derivational prefixes, each rule a prefix class, a pattern and the roots it may hide.
# The nasal prefixes meN- and peN- change their last sound to fit the root; one table undoes
# it for both (``menemui`` -> ``nemui`` or ``temui``; ``pemasok`` -> ``masok`` or ``pasok``).
_V = "[aeiou]"
_NASAL = [
    (rf"ng({_V}.*)", [r"\1", r"k\1"]),
    (r"ng([gkh].*)", [r"\1"]),
    (r"nge(.+)", [r"\1"]),
    (rf"ny({_V}.*)", [r"s\1", r"ny\1"]),
    (r"m([bfv].*)", [r"\1"]),
    (rf"m({_V}.*)", [r"m\1", r"p\1"]),
    (r"m(p[rl].*)", [r"\1"]),
    (r"n([cdjz].*)", [r"\1"]),
    (r"n(s[yl].*|tr.*)", [r"\1"]),
    (rf"n({_V}.*)", [r"n\1", r"t\1"]),
]
_PREFIX_RULES = [
    (prefix, re.compile(pattern), replacements)
    for prefix, pattern, replacements in [
        ("me", r"^mem(per.+)$", [r"\1"]),
        *[("me", f"^me{nasal}$", replacements) for nasal, replacements in _NASAL],
        ("me", r"^me([lrwymn].*)$", [r"\1"]),
        *[("pe", f"^pe{nasal}$", replacements) for nasal, replacements in _NASAL],
        ("pe", r"^pel(ajar.*)$", [r"\1"]),
        ("per", r"^per(.+)$", [r"\1"]),
        ("pe", r"^pe(.+)$", [r"\1"]),
        ("be", r"^bel(ajar.*)$", [r"\1"]),
        ("be", r"^ber(.+)$", [r"\1"]),
        ("be", r"^be(.+)$", [r"\1"]),
        ("te", r"^ter(.+)$", [r"\1"]),
        ("te", r"^te(r.+)$", [r"\1"]),
        ("di", r"^di(.+)$", [r"\1"]),
        ("ke", r"^ke(.+)$", [r"\1"]),
        ("se", r"^se(.+)$", [r"\1"]),
    ]
]
# Prefix and suffix pairs Indonesian does not combine (ke-...-kan, di-...-an, ...): a
# candidate that would need one is not considered.
_NO_CONFIX = {("be", "i"), ("di", "an"), ("ke", "i"), ("ke", "kan"), ("me", "an"), ("se", "i"),
              ("se", "kan"), ("te", "an"), ("pe", "kan"), ("pe", "i")}
_MAX_PREFIXES = 3
_MIN_ROOT = 3


def _strip_ending(word: str, endings: tuple[str, ...]) -> list[str]:
    """The word without each ending it has (leaving at least a three-letter root)."""
    return [word[: -len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= _MIN_ROOT]


def _inflections(word: str) -> list[str]:
    """The word, without its particle, then without its possessive too (``merekapun``)."""
    forms = [word]
    for endings in (_PARTICLES, _POSSESSIVES):
        stripped = _strip_ending(forms[-1], endings)
        if stripped:
            forms.append(stripped[0])
    return forms


def _without_prefix(word: str, suffix: str = "") -> list[str]:
    """Every root a single derivational prefix may hide in ``word``.

    ``suffix`` is the suffix already taken off the word, if any: the prefix must be able to
    pair with it.
    """
    found = []
    for prefix, pattern, replacements in _PREFIX_RULES:
        if (prefix, suffix) in _NO_CONFIX or not pattern.match(word):
            continue
        for replacement in replacements:
            rest = pattern.sub(replacement, word)
            if len(rest) >= _MIN_ROOT:
                found.append(rest)
    return found


def _candidates(word: str) -> list[str]:
    """Possible roots of ``word``, the least stripped first.

    Inflections, then derivational suffixes, then up to three prefixes peeled one at a time.
    """
    level = []
    for form in _inflections(word):
        level.append((form, ""))
        level.extend((base, suffix) for suffix in _SUFFIXES for base in _strip_ending(form, (suffix,)))
    found = [form for form, _ in level]
    outer = [rest for form, suffix in level for rest in _without_prefix(form, suffix)]
    found.extend(outer)
    for _ in range(_MAX_PREFIXES - 1):
        outer = [rest for form in outer for rest in _without_prefix(form)]
        found.extend(outer)
    return found


@functools.lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """The root of a lowercase Indonesian word, or the word itself when no root is known.

    Snowball proposes; the root list decides. A word that is itself a root or protected,
    once its clitics are off, is kept (``menteri``, not Snowball's ``teri``); Snowball's stem is taken when it is a known
    root; otherwise the affixes are peeled off one by one, undoing meN-/peN- sound changes,
    until a known root appears (``mengatakan`` -> ``kata``, not ``ata``). A word with no
    known root is left as it is, so unknown names stay whole however they are cased.

    >>> [stem(w) for w in ["bertemu", "menemui", "pasokan", "mengatakan", "mereka"]]
    ['temu', 'temu', 'pasok', 'kata', 'mereka']
    """
    if "-" in word and word not in protected():
        return _stem_reduplication(word)
    if not word.isalpha():
        return word
    known = roots()
    for form in _inflections(word):
        if form in known or form in protected():
            return form
    for candidate in _candidates(word):
        if candidate in known or candidate in protected():
            return candidate
    snow = _snowball.stemWord(word)
    return snow if snow in known else word


def _stem_reduplication(word: str) -> str:
    """A reduplicated word stems to its root (``negara-negara``, ``bersama-sama`` -> the root
    of the parts); other hyphenated words (``jean-pierre``) stay whole."""
    parts = {stem(part) for part in word.split("-")}
    return parts.pop() if len(parts) == 1 else word


def snowball_stem(word: str) -> str:
    """Plain Snowball ``indonesian``, for comparison in tests and benchmarks."""
    return _snowball.stemWord(word)


@functools.lru_cache(maxsize=500_000)
def split_clitic(word: str) -> str:
    """The word without a trailing clitic, when what remains is a known word.

    >>> [split_clitic(w) for w in ["kebijakannya", "tanya", "bertemu", "merekapun"]]
    ['kebijakan', 'tanya', 'bertemu', 'mereka']
    """
    if len(word) < 5 or word in roots() or word in protected():
        return word
    for clitic in _PARTICLES + _POSSESSIVES:
        base = word[: -len(clitic)]
        if word.endswith(clitic) and len(base) >= _MIN_ROOT:
            if base in roots() or base in protected() or stem(base) != base:
                return base
    return word


# --- Tokenizer and filters ---------------------------------------------------------------

# Numbers with separators first (11.000, 1,5, 18/6/2024, 10:30, 70%), "Rp" before a
# number as a word of its own, then words (letters and digits, joined by - or ').
TOKEN_PATTERN = re.compile(
    r"Rp(?=\d)"
    r"|\d+(?:[.,/:]\d+)+%?"
    r"|\d+%"
    r"|[^\W_]+(?:['’\-‐][^\W_]+)*"
)

_HYPHENS = re.compile(r"[\-‐]")


def _is_shouting(text: str) -> bool:
    """True for a short text written all in capitals (a headline), where capitals mean nothing."""
    if len(text) > 300:
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


class IndonesianTokenizer(Tokenizer):
    """Split text into words and numbers, keeping separators inside numbers and words.

    >>> [t.text for t in IndonesianTokenizer()("Naik 70% jadi Rp11.000 pada 18/6/2024 (Rusia-Korut)")]
    ['Naik', '70%', 'jadi', 'Rp', '11.000', 'pada', '18/6/2024', 'Rusia-Korut']
    """

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        shouting = _is_shouting(value)
        matches = TOKEN_PATTERN.finditer(value) if tokenize else [None]
        for pos, match in enumerate(matches):
            t.text = match.group(0) if match else value
            t.boost = 1.0
            t.stopped = False
            t.keep = False
            t.shouting = shouting
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + (match.start() if match else 0)
                t.endchar = start_char + (match.end() if match else len(value))
            yield t


class HyphenFilter(Filter):
    """Index a hyphenated word whole and also each of its parts.

    The parts take the positions from the word's own onward, so the phrase "Jean Pierre"
    matches. Queries keep the word whole: it is indexed too.

    >>> [(t.text, t.pos) for t in HyphenFilter()(IndonesianTokenizer()("negara-negara maju", positions=True))]
    [('negara-negara', 0), ('negara', 0), ('negara', 1), ('maju', 1)]
    """

    def __call__(self, tokens):
        for t in tokens:
            if "-" not in t.text and "‐" not in t.text:
                yield t
                continue
            text = t.text
            pos = getattr(t, "pos", None)
            start = getattr(t, "startchar", None)
            yield t
            if t.mode == "query":
                continue
            offset = 0
            for i, part in enumerate(_HYPHENS.split(text)):
                t.text = part
                t.keep = False
                t.stopped = False
                if pos is not None:
                    t.pos = pos + i
                if start is not None:
                    t.startchar = start + offset
                    t.endchar = t.startchar + len(part)
                offset += len(part) + 1
                yield t


def is_acronym(text: str) -> bool:
    """Two or more capitals and no lowercase letter: ``AS``, ``KPK``, ``PDI-P`` (not ``G20``).

    >>> [is_acronym(w) for w in ["KPK", "PDI-P", "G20", "Kemenpora", "A"]]
    [True, True, False, False, False]
    """
    return text.isupper() and sum(c.isupper() for c in text) >= 2


class CaseFilter(Filter):
    """Lowercase, after marking acronyms and protected words so the stemmer leaves them alone.

    An acronym that is also a common word keeps its capitals, so ``AS`` (Amerika Serikat)
    and the word ``as`` stay apart; other acronyms are lowercased so ``kpk`` finds ``KPK``.

    >>> [(t.text, t.keep) for t in CaseFilter()(IndonesianTokenizer()("AS dan KPK memanggil Megawati"))]
    [('AS', True), ('dan', False), ('kpk', True), ('memanggil', False), ('megawati', True)]
    """

    def __call__(self, tokens):
        for t in tokens:
            lower = t.text.lower()
            if is_acronym(t.text) and not t.shouting:
                t.keep = True
                common = len(lower) <= 4 and (lower in roots() or lower in stopwords())
                t.text = t.text if common else lower
            else:
                t.keep = t.keep or lower in protected()
                t.text = lower
            yield t


class CliticFilter(Filter):
    """Split the clitics -nya, -lah, -kah, -pun, -ku, -mu off words (see ``split_clitic``).

    >>> [t.text for t in CliticFilter()(CaseFilter()(IndonesianTokenizer()("rumahnya merekapun")))]
    ['rumah', 'mereka']
    """

    def __call__(self, tokens):
        for t in tokens:
            if not t.keep:
                t.text = split_clitic(t.text)
            yield t


class IndonesianStopFilter(Filter):
    """Drop function words; negations such as ``tidak`` and ``bukan`` are not among them.

    >>> [t.text for t in IndonesianStopFilter()(CaseFilter()(IndonesianTokenizer()("dia tidak setuju dengan itu")))]
    ['tidak', 'setuju']
    """

    def __call__(self, tokens):
        words = stopwords()
        for t in tokens:
            if not t.keep and t.text in words:
                if t.removestops:
                    continue
                t.stopped = True
            yield t


class IndonesianStemFilter(Filter):
    """Replace each word by its root (``stem``), leaving acronyms and protected words alone.

    >>> [t.text for t in IndonesianStemFilter()(CaseFilter()(IndonesianTokenizer()("memperkuat pertahanan Jokowi")))]
    ['kuat', 'tahan', 'jokowi']
    """

    def __call__(self, tokens):
        for t in tokens:
            if not t.keep:
                t.text = stem(t.text)
            yield t


def exact_analyzer():
    """Tokens as written, lowercased, without stopwords: for exact-word matching."""
    return IndonesianTokenizer() | HyphenFilter() | CaseFilter() | CliticFilter() | IndonesianStopFilter()


def indonesian_analyzer():
    """The exact analyzer followed by the stemmer: for the main text fields."""
    return exact_analyzer() | IndonesianStemFilter()
