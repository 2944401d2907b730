"""Persons, organizations and places in Indonesian news, by rules and word lists (no model).

    >>> extract_entities("", "Presiden Rusia Vladimir Putin tiba di Pyongyang. "
    ...                      "Putin disambut Kim Jong Un, menurut kantor berita KCNA.")
    {'persons': ['Vladimir Putin', 'Kim Jong Un'], 'organizations': ['KCNA'], 'places': ['Rusia', 'Pyongyang']}

``find_mentions(text)`` reads a text; ``extract_entities(title, body)`` turns an article's
mentions into canonical names. Reading walks the tokens and, at each capitalised one, tries:

1. a title or role (``titles.txt``: Presiden, Menteri Luar Negeri, Brigjen, juru bicara...),
   matched in any case: it is never a person, but it makes the name after it one, even when an
   organization or a place stands between (``Sekretaris Jenderal NATO Jens Stoltenberg``);
2. a known name, the longest that matches: places (``countries.txt``, ``regions_id.txt``,
   ``places.txt``), organizations (``organizations.txt``) and aliases (``entity_aliases.txt``);
3. a head word that opens an organization (``org_heads.txt``: Kementerian, Partai, PT...), a
   place (``place_heads.txt``: Kabupaten, Jalan, Stadion...) or an event, law or work that is
   left out (``event_heads.txt``: Konferensi, Piala, Undang-Undang...), and takes the
   capitalised words after it (``_complement``); the same lists name words that close an
   English-style name (``King Power Stadium``, ``Apple Inc``, ``Grammy Awards``);
4. a word that is no entity on its own (``not_entities.txt``: days, months, Namun, BBM...);
5. otherwise a name word. A run of them is a name, trimmed of ordinary Indonesian words and
   typed by what surrounds it (``_name_type``): ``kata X`` is a person, ``di X`` a place,
   ``dilansir X`` an organization, an unknown acronym an organization, else a person.

The text is read twice: the second reading knows the names of the first, so ``Stoltenberg``
alone is a person when ``Jens Stoltenberg`` was one, and an organization's name stops where a
known person's name starts. All word lists are plain text files in ``indexer/lexicon/``, each
naming its origin and license; ``lexicon()`` loads them once per process.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from typing import NamedTuple

from indexer.analysis import is_acronym, lexicon, roots, stem, stopwords

PER, ORG, LOC = "PER", "ORG", "LOC"
_EVENT = "EVENT"     # events, laws and works: read so that their words are not taken for names
_FIELDS = {PER: "persons", ORG: "organizations", LOC: "places"}

# How sure a reading is: a known name or a head word beats a context cue beats the default.
_STRONG, _CUED, _GUESSED = 3, 2, 1


class Mention(NamedTuple):
    """A name in a text: character offsets (on token boundaries), the text, PER/ORG/LOC."""

    start: int
    end: int
    text: str
    type: str


# --- Word lists ---------------------------------------------------------------------------

_PLACE_LISTS = ("countries", "regions_id", "places")


def _entries(name: str) -> list[tuple[str, str]]:
    """``(surface, canonical)`` pairs of a name list: a line is a name or ``Alias = Canonical``.

    >>> ("Korut", "Korea Utara") in _entries("countries")
    True
    """
    pairs = []
    for entry in sorted(lexicon(name)):
        alias, _, canonical = (part.strip() for part in entry.partition("="))
        pairs.append((alias, canonical or alias))
    return pairs


def _tokens_of(phrase: str) -> tuple[str, ...]:
    """A phrase split the way texts are split, so that the two can be compared token by token."""
    return tuple(_TOKEN.findall(phrase))


class _Phrases:
    """Phrases indexed by their first token, longest first, for longest-match lookups."""

    def __init__(self, phrases: dict[tuple[str, ...], object]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for tokens, value in sorted(phrases.items(), key=lambda item: -len(item[0])):
            self._by_first.setdefault(tokens[0], []).append((tokens, value))

    def __contains__(self, first: str) -> bool:
        return first in self._by_first

    def match(self, words: list[str], i: int) -> tuple[int, object] | None:
        """The length and value of the longest phrase starting at ``words[i]``, if any."""
        candidates = self._by_first.get(words[i])
        if candidates is None:
            return None
        for tokens, value in candidates:
            if tuple(words[i:i + len(tokens)]) == tokens:
                return len(tokens), value
        return None


class _Lexicons(NamedTuple):
    known: _Phrases            # known names -> (canonical, type)
    canonical: dict            # surface text -> (canonical, type)
    titles: _Phrases           # lowercase role phrases
    heads: _Phrases            # head words -> type (ORG, LOC or _EVENT)
    closers: dict              # words closing an English-style name ("Stadium") -> type
    not_entities: _Phrases
    given_names: frozenset
    name_roots: frozenset      # root words that are names in news (Budi, Kim)
    role_words: frozenset      # lowercase single words of titles and heads


@functools.cache
def _lexicons() -> _Lexicons:
    """Load and index every word list once per process."""
    types: dict[str, str] = {}
    canonical: dict[str, tuple[str, str]] = {}
    for lists, kind in ((_PLACE_LISTS, LOC), (("organizations",), ORG)):
        for name in lists:
            for alias, target in _entries(name):
                types.setdefault(target, kind)
                canonical[alias] = canonical[target] = (target, types[target])
    heads, closers = {}, {}
    for name, kind in (("org_heads", ORG), ("place_heads", LOC), ("event_heads", _EVENT)):
        for entry in lexicon(name):
            if entry.startswith("-"):
                closers[entry[1:]] = kind
            else:
                heads[_tokens_of(entry)] = kind
    head_match = _Phrases(heads)
    for alias, target in _entries("entity_aliases"):
        if target not in types:
            opens_org = head_match.match(list(_tokens_of(target)), 0)
            types[target] = ORG if opens_org and opens_org[1] == ORG else PER
        canonical[alias] = canonical[target] = (target, types[target])
    titles = {_tokens_of(t.lower()): True for t in lexicon("titles")}
    role_words = {w.lower() for phrase in list(titles) + list(heads) for w in phrase}
    return _Lexicons(
        known=_Phrases({_tokens_of(surface): value for surface, value in canonical.items()}),
        canonical=canonical,
        titles=_Phrases(titles),
        heads=head_match,
        closers=closers,
        not_entities=_Phrases({_tokens_of(e): True for e in lexicon("not_entities")}),
        given_names=lexicon("given_names"),
        name_roots=lexicon("name_roots"),
        role_words=frozenset(role_words | {c.lower() for c in closers}),
    )


# --- Words ----------------------------------------------------------------------------------

# Words (with inner - ' . & kept: Jean-Pierre, Ma'ruf, CNNIndonesia.com, AT&T) or one symbol.
_TOKEN = re.compile(r"[^\W_]+(?:[-'’.&][^\W_]+)*|\S")
# Tokens after which a capitalised word may just open a sentence.
_OPENERS = frozenset('.!?:;"“”‘’\'(-–—•*')
_DOMAIN = re.compile(r"\w\.(com|co|id|net|org|tv|co\.id)$", re.IGNORECASE)
# Lowercase words that may sit inside a name (Ludwig van Beethoven, Marc-Andre ter Stegen).
_NAME_PARTICLES = frozenset("bin binti van von der den de da del della dos du le ter ten al el".split())
_ROMAN = re.compile(r"[IVX]+")
# Endings of nouns Indonesian borrowed (optimasi, kapasitas, nasionalisme): ordinary words.
_LOAN_ENDINGS = ("asi", "itas", "isme")
# Tokens after which a capitalised run is a nickname, a title of a work or a code, not a name.
_NOT_BEFORE_NAMES = frozenset(("The", "'", "‘", "/"))
# Words before a country that make it a currency (dolar AS), not a place.
_CURRENCIES = frozenset(("dolar", "dollar", "yen", "yuan", "won", "euro", "ringgit", "peso", "rupee"))
# Lowercase words joining parts of a descriptive name (Kementerian Energi dan Sumber Daya Mineral).
_JOINERS = frozenset(("dan", "&", "serta"))
# Lowercase tokens that do not end what a role announces ("Wakil Menteri ... AS untuk ... Bonnie Jenkins").
_KEEP_ROLE = frozenset((",", "(", ")", "untuk")) | _JOINERS


def _is_capitalised(word: str) -> bool:
    return word[0].isupper()


@functools.lru_cache(maxsize=200_000)
def _is_common(word: str) -> bool:
    """True for an ordinary Indonesian word (``Keamanan``, ``Kunjungan``, ``Namun``), which
    alone does not make a name; false for names, even those the root list holds (``Budi``).

    >>> [_is_common(w) for w in ["Keamanan", "Kunjungan", "Budi", "Stoltenberg", "Kepala"]]
    [True, True, False, False, True]
    """
    lower = word.lower()
    lex = _lexicons()
    if lower in lex.role_words or lower.startswith("ketidak") or len(lower) > 6 and lower.endswith(_LOAN_ENDINGS):
        return True
    if lower in lex.name_roots:
        return False
    return lower in roots() or lower in stopwords() or stem(lower) != lower


def _is_number(word: str) -> bool:
    """Digits anywhere, or a Roman numeral: ``2018``, ``Rp80``, ``III``."""
    if word.isalpha():
        return word[0] in "IVX" and bool(_ROMAN.fullmatch(word))
    return any(c.isdigit() for c in word)


def _is_name_word(word: str) -> bool:
    """A capitalised word that is not an ordinary word nor a number: it can carry a name."""
    return _is_capitalised(word) and not _is_common(word) and not _is_number(word)


# --- Context cues (the lowercase words around a name) ------------------------------------

_PERSON_BEFORE = frozenset("""
    kata ujar ucap tutur jelas ungkap tambah imbuh sebut terang tegas papar lanjut sambung tandas
    pungkas timpal menurut bernama namanya sapaan disapa dipanggil panggilan pria wanita perempuan
    bocah istri suami ayah ibunda putra putri anak adik kakak kekasih pacar rekan sahabat mendiang
    almarhum almarhumah sosok diyakini ditanya kepada oleh""".split())
_PERSON_AFTER = frozenset("""
    mengatakan menjelaskan menyatakan menegaskan mengungkapkan menambahkan berkata menuturkan
    mengaku menilai berharap menyebut memastikan mengklaim berujar bercerita meminta mengajak
    menyampaikan mengingatkan membantah menepis mengakui menduga""".split())
_ORG_BEFORE = frozenset("""
    klub tim skuad skuat kubu raksasa markas kontra menjamu dijamu partai perusahaan produsen
    pabrikan maskapai operator emiten grup band agensi label startup aplikasi platform situs
    portal media harian koran majalah stasiun televisi lembaga organisasi komunitas boyband
    girlband dilansir melansir mengutip via diberitakan laporan""".split())
_ORG_BEFORE_PAIRS = frozenset({("dikutip", "dari"), ("dilansir", "dari"), ("lansir", "dari"),
                               ("melansir", "dari"), ("dilansir", "oleh"), ("kantor", "berita")})
_PLACE_BEFORE = frozenset("""
    di ke kota provinsi kabupaten daerah wilayah kawasan asal menuju negara negeri pulau desa
    kecamatan kelurahan kampung ibukota warga""".split())


def _context_type(words: list[str], first: int, last: int) -> str | None:
    """The type the words around ``words[first:last + 1]`` suggest for it, if any.

    >>> _context_type("dilansir dari Speedweek .".split(), 2, 2)
    'ORG'
    """
    before = words[first - 1].lower() if first else ""
    before2 = (words[first - 2].lower(), before) if first > 1 else ("", before)
    after = words[last + 1].lower() if last + 1 < len(words) else ""
    if before2 in _ORG_BEFORE_PAIRS or before in _ORG_BEFORE:
        return ORG
    if before in _PERSON_BEFORE or after in _PERSON_AFTER:
        return PER
    if before in _PLACE_BEFORE:
        return LOC
    return None


# --- Reading a text -------------------------------------------------------------------------

class _Tokens:
    """A text's tokens with their offsets and whether each may open a sentence."""

    def __init__(self, text: str):
        self.text = text
        self.words = _TOKEN.findall(text)
        self.lowers = [w.lower() for w in self.words]
        self.caps = [w[0].isupper() for w in self.words]
        self.starts, self.ends, position = [], [], 0
        for word in self.words:
            position = text.index(word, position)
            self.starts.append(position)
            position += len(word)
            self.ends.append(position)
        self.opens = [w in _OPENERS for w in (["."] + self.words)[:len(self.words)]]
        line_break = text.find("\n")
        while line_break >= 0:                  # a token after a line break opens a sentence too
            following = bisect.bisect_left(self.starts, line_break)
            if following < len(self.opens):
                self.opens[following] = True
            line_break = text.find("\n", line_break + 1)

    def span_text(self, first: int, last: int) -> str:
        """The text of tokens ``first..last``, its whitespace collapsed."""
        return " ".join(self.text[self.starts[first]:self.ends[last]].split())


class _Found(NamedTuple):
    first: int        # first token
    last: int         # last token
    type: str
    sureness: int


class _Memory(NamedTuple):
    """What a first reading learned about a text's names (empty for the first reading)."""

    types: dict        # name text -> type read with a cue or better
    person_words: frozenset
    edge_types: dict   # first/last word of a longer organization or place -> its type
    terms: frozenset   # acronyms of common phrases: "augmented reality (AR)"


_NO_MEMORY = _Memory({}, frozenset(), {}, frozenset())


def find_mentions(text: str) -> list[Mention]:
    """The persons, organizations and places named in ``text``, in order.

    >>> [(m.text, m.type) for m in find_mentions("Sekretaris Jenderal NATO Jens Stoltenberg tiba di "
    ...                                           "Washington, seperti dilansir Reuters.")]
    [('NATO', 'ORG'), ('Jens Stoltenberg', 'PER'), ('Washington', 'LOC'), ('Reuters', 'ORG')]
    """
    return [mention for mention, _ in _find(text)]


def _find(text: str) -> list[tuple[Mention, int]]:
    """The mentions of ``text`` with how sure each is: two readings, the second informed by
    the first."""
    tokens = _Tokens(text)
    found = _read(tokens, _remember(tokens, _read(tokens, _NO_MEMORY)))
    return [(Mention(tokens.starts[f.first], tokens.ends[f.last], text[tokens.starts[f.first]:tokens.ends[f.last]],
                     f.type), f.sureness) for f in found]


def _remember(tokens: _Tokens, found: list[_Found]) -> _Memory:
    """What the second reading should know from the first: names read with some certainty,
    the words of persons, and the edge words of multi-word organizations and places."""
    types, person_words, edge_types = {}, set(), {}
    for f in found:
        words = tokens.words[f.first:f.last + 1]
        if f.sureness >= _CUED:
            types[tokens.span_text(f.first, f.last)] = f.type
        if f.type == PER and (len(words) > 1 or f.sureness >= _CUED):
            person_words.update(w for w in words if _is_name_word(w))
        elif f.type != PER and len(words) > 1:
            for edge in (words[0], words[-1]):
                if _is_name_word(edge) and edge not in _lexicons().canonical:
                    edge_types.setdefault(edge, f.type)
    words = tokens.words
    terms = {words[k] for k in range(2, len(words) - 1)
             if words[k - 1] == "(" and words[k + 1] == ")" and is_acronym(words[k]) and words[k - 2].islower()}
    return _Memory(types, frozenset(person_words), edge_types, frozenset(terms))


def _read(tokens: _Tokens, memory: _Memory) -> list[_Found]:
    """One left-to-right reading of the tokens (steps 1-5 of the module docstring)."""
    lex = _lexicons()
    words, found, name = tokens.words, [], []
    after_role = False

    def close_name():
        for part in _split_acronyms(words, name):
            typed = _name_type(tokens, part, after_role, found, memory)
            if typed:
                found.append(_Found(part[0], part[-1], *typed))
        name.clear()

    i = 0
    while i < len(words):
        word, capitalised = words[i], tokens.caps[i]
        role = lex.titles.match(tokens.lowers, i) if tokens.lowers[i] in lex.titles else None
        if role and not (capitalised and lex.known.match(words, i)):
            if after_role:
                name.clear()                    # Kapolda Metro Jaya Irjen Karyoto: a region, not a person
            close_name()
            after_role = True
            i += role[0]
            continue
        if not capitalised:
            if name and _continues_name(words, i):
                name.append(i)
            else:
                if name:
                    close_name()
                after_role = after_role and word in _KEEP_ROLE
            i += 1
            continue
        if tokens.opens[i] and _is_common(word) and not _opens_name(words, i):
            close_name()
            i += 1
            continue
        known = lex.known.match(words, i)
        if known and not _starts_person(words, i, known[0], memory):
            length, (_, kind) = known
            if kind == LOC and i and tokens.lowers[i - 1] in _CURRENCIES:
                pass                                            # dolar AS: a currency
            elif kind == PER and name:
                name.extend(range(i, i + length))               # Bacharuddin Jusuf Habibie
            elif after_role and name:
                name.clear()                                    # Dirjen Aptika Kemenkominfo: a unit
                found.append(_Found(i, i + length - 1, kind, _STRONG))
            elif kind == ORG and any(_is_name_word(words[k]) and not is_acronym(words[k])
                                                        for k in name):
                found.append(_Found(name[0], i + length - 1, ORG, _STRONG))   # Movistar Yamaha
                name.clear()
            else:
                close_name()
                found.append(_Found(i, i + length - 1, kind, _STRONG))
            i += length
            continue
        head = lex.heads.match(words, i)
        if head:
            length, kind = head
            rest = _complement(words, i + length, kind, memory)
            if rest:
                close_name()
                if kind != _EVENT:
                    found.append(_Found(i, i + length + rest - 1, kind, _STRONG))
                i += length + rest
                continue
        if word in lex.closers and name:                                       # King Power Stadium
            first = name[0]
            if found and found[-1].last == first - 1 and found[-1].sureness == _STRONG:
                first = found.pop().first                       # New York Mercantile Exchange
            if lex.closers[word] != _EVENT:                     # Grammy Awards: an event
                found.append(_Found(first, i, lex.closers[word], _STRONG))
            name.clear()
            i += 1
            continue
        skip = lex.not_entities.match(words, i)
        if skip or head or _is_number(word):
            close_name()
            i += skip[0] if skip else 1
            continue
        name.append(i)
        i += 1
    close_name()
    return found


def _split_acronyms(words: list[str], name: list[int]) -> list[list[int]]:
    """A name run split before and after acronyms at its edges: ``Wooyoung ATEEZ`` is a person
    and a group, ``KPK Febri Diansyah`` an organization and a person.

    >>> _split_acronyms(["Yeonjun", "TXT"], [0, 1])
    [[0], [1]]
    """
    if len(name) < 2:
        return [name] if name else []
    parts = [name]
    if is_acronym(words[name[0]]):
        parts = [[name[0]], name[1:]]
    if len(parts[-1]) > 1 and is_acronym(words[parts[-1][-1]]):
        parts[-1:] = [parts[-1][:-1], [parts[-1][-1]]]
    return parts


def _continues_name(words: list[str], i: int) -> bool:
    """True for a lowercase particle or an initial's full stop inside a name being read
    (``ter`` in ``Marc-Andre ter Stegen``, ``.`` in ``Rosan P. Roeslani``)."""
    if i + 1 >= len(words) or not _is_capitalised(words[i + 1]):
        return False
    if words[i] == ".":
        return len(words[i - 1]) == 1 and words[i - 1].isupper()
    return words[i] in _NAME_PARTICLES


def _opens_name(words: list[str], i: int) -> bool:
    """True when a sentence-opening ordinary word still starts a name: it is a known name or
    a head word, or a given name followed by another name word (``Budi Karya``)."""
    lex = _lexicons()
    if lex.known.match(words, i) or lex.heads.match(words, i):
        return True
    return words[i].lower() in lex.given_names and i + 1 < len(words) and _is_name_word(words[i + 1])


def _starts_person(words: list[str], i: int, length: int, memory: _Memory) -> bool:
    """True when a one-word known name is really a person's given name here (``Bima Arya``,
    not the place Bima): it is a given name and a name word the list does not know follows."""
    word = words[i]
    if length != 1 or (word.lower() not in _lexicons().given_names and word not in memory.person_words):
        return False
    following = words[i + 1] if i + 1 < len(words) else ""
    return bool(following) and _is_name_word(following) and not _lexicons().known.match(words, i + 1)


def _complement(words: list[str], i: int, kind: str, memory: _Memory) -> int:
    """How many tokens after a head word of ``kind`` belong to its name.

    A descriptive name (its first word an ordinary word: ``Dewan Keamanan Nasional``) goes on
    through ordinary words, places, numbers and ``dan``; a proper name (``Universitas Gadjah
    Mada``, ``PT Freeport Indonesia``) through any capitalised word. Either stops before a
    person's given name or a person the text names elsewhere (``Dewan Keamanan Nasional John
    Kirby``), before another head word, and after an acronym, a known organization (``Dewan
    Keamanan PBB``) or a closing word (``Klub Dewa United``). A place's descriptive name may
    end in one proper word (``Bandara Internasional Sepinggan``).

    >>> _complement("Dewan Keamanan Nasional John Kirby".split(), 1, ORG, _NO_MEMORY)
    2
    """
    lex = _lexicons()
    proper, j, end = None, i, i
    while j < len(words):
        word = words[j]
        if word in _JOINERS and proper is False and j + 1 < len(words) and _is_capitalised(words[j + 1]) \
                and _is_common(words[j + 1]) and not lex.known.match(words, j + 1):
            j += 1
            continue
        if _is_number(word) and proper is not None:
            j = end = j + 1
            continue
        if not _is_capitalised(word) or lex.not_entities.match(words, j):
            break
        if end > i and (word in memory.person_words or _starts_given_name(words, j) or lex.heads.match(words, j)):
            break
        known = lex.known.match(words, j)
        if known:
            length, (_, known_kind) = known
            if known_kind == PER:
                break
            j = end = j + length
            if known_kind == ORG:
                break
            proper = False if proper is None else proper
            continue
        if is_acronym(word) or lex.closers.get(word) == kind:
            end = j + 1
            break
        if _is_common(word):
            proper = False if proper is None else proper
        elif proper is False:
            ends_run = j + 1 == len(words) or not _is_capitalised(words[j + 1])
            if kind == LOC and ends_run:
                end = j + 1
            break
        else:
            proper = True
        j = end = j + 1
    if end > i and len(words[i]) == 1:
        return 0                                        # Grup C: a letter is no name
    return end - i


def _starts_given_name(words: list[str], j: int) -> bool:
    """True when ``words[j]`` is a given name followed by another name word (``John Kirby``)."""
    return (words[j].lower() in _lexicons().given_names and not _is_common(words[j])
            and j + 1 < len(words) and _is_name_word(words[j + 1]))


def _name_type(tokens: _Tokens, name: list[int], after_role: bool, found: list[_Found],
               memory: _Memory) -> tuple[str, int] | None:
    """The type and sureness of the name word run ``name``, trimmed in place; None if no name.

    After a role or at a sentence's start, ordinary words before the name are trimmed off
    (``Keamanan Internasional Bonnie Jenkins``, ``Kunjungan Putin``); ordinary words after it
    always are. A name in brackets right after another name abbreviates it and takes its type.
    """
    words, lex = tokens.words, _lexicons()
    opening = name[0]
    bracketed = opening > 0 and words[opening - 1] == "(" and name[-1] + 1 < len(words) and words[name[-1] + 1] == ")"
    if after_role or tokens.opens[name[0]]:
        while name and _is_common(words[name[0]]) and words[name[0]].lower() not in lex.given_names:
            del name[0]
    while name and (_is_common(words[name[-1]]) or not _is_capitalised(words[name[-1]])):
        name.pop()
    if not name or all(len(words[k]) == 1 for k in name):
        return None
    first, last = name[0], name[-1]
    before = words[first - 1] if first else ""
    if before in _NOT_BEFORE_NAMES:
        return None                           # The Foxes, 'Fast', 821/8958/SJ: nicknames, titles, codes
    text = tokens.span_text(first, last)
    if text in memory.terms:
        return None
    if bracketed:
        previous = found[-1] if found and found[-1].last == opening - 2 else None
        if previous:
            return previous.type, previous.sureness
        if opening > 1 and _is_capitalised(words[opening - 2]):
            return None                       # abbreviation of a role or a plain phrase
    if "-" in text and all(lex.known.match([part], 0) for part in text.split("-")):
        return None                           # Rusia-Korut: two known names, read elsewhere
    if _DOMAIN.search(text):
        return ORG, _STRONG
    if first == last and is_acronym(text):
        return ORG, _GUESSED
    if after_role:
        return PER, _STRONG
    if any(words[k] in memory.person_words for k in name):
        return PER, _CUED
    if first == last and text in memory.edge_types:
        return memory.edge_types[text], _CUED
    if text in memory.types:
        return memory.types[text], _CUED
    cue = _context_type(words, first, last)
    if cue:
        return cue, _CUED
    if words[first].lower() in lex.given_names and first != last:
        return PER, _CUED
    return PER, _GUESSED


# --- Canonical names per article ----------------------------------------------------------

def extract_entities(title: str, body: str) -> dict:
    """The article's persons, organizations and places: canonical names, distinct, in order of
    first mention (the title first).

    A name's canonical form is the fullest the article uses, without titles: a shorter mention
    of a person names the longest person whose words contain it (``Putin`` -> ``Vladimir
    Putin``); a bracketed abbreviation stands for the name before it (``Komisi Pemberantasan
    Korupsi (KPK)``); then the word lists map aliases (``AS`` -> ``Amerika Serikat``, ``Jokowi``
    -> ``Joko Widodo``). Headlines capitalise freely, so a name in the title counts only when
    the lists or the body confirm it; a one-word name read on no evidence but its capital, and
    mentioned once, is left out.

    >>> extract_entities("", "Menteri Luar Negeri AS Antony Blinken bertemu Presiden Joko Widodo "
    ...                      "(Jokowi). Blinken memuji Jokowi.")
    {'persons': ['Antony Blinken', 'Joko Widodo'], 'organizations': [], 'places': ['Amerika Serikat']}
    """
    body_found = _find(body)
    confirmed = {m.text for m, _ in body_found} | {w for m, _ in body_found for w in m.text.split()}
    title_found = [(m, sure) for m, sure in _find(title) if m.text in _lexicons().canonical or m.text in confirmed]
    names = _merge_short_forms(_canonical_names(title, title_found) + _canonical_names(body, body_found))
    counts = Counter(canonical for canonical, _, _ in names)
    votes: dict[str, Counter] = {}
    for canonical, kind, sureness in names:
        if sureness > _GUESSED or counts[canonical] > 1 or " " in canonical:
            votes.setdefault(canonical, Counter())[kind] += 1
    result = {field: [] for field in _FIELDS.values()}
    for canonical, kinds in votes.items():          # dicts keep first-mention order
        result[_FIELDS[kinds.most_common(1)[0][0]]].append(canonical)
    return result


def _canonical_names(text: str, found: list[tuple[Mention, int]]) -> list[tuple[str, str, int]]:
    """``(canonical, type, sureness)`` of each mention, with brackets read as abbreviations: in
    ``Long Name (LN)`` and ``LN (Long Name)`` of one type and initial, the short form (in any
    case: ``Hipmi``, ``HIPMI``) stands for the long one."""
    short_forms: dict[str, str] = {}
    for (before, _), (after, _) in zip(found, found[1:]):
        if (text[after.end:after.end + 1] == ")" and text[before.end:after.start].strip() == "("
                and before.type == after.type and before.text[0].lower() == after.text[0].lower()):
            short, long = sorted((before, after), key=lambda m: len(m.text))
            short_forms[short.text.lower()] = _canonical(long.text)[0]
    return [(_canonical(short_forms.get(m.text.lower()) or _canonical(m.text)[0])[0], m.type, sureness)
            for m, sureness in found]


def _canonical(text: str) -> tuple[str, str | None]:
    """The listed canonical name and type of a name; ``Provinsi``/``Kota`` before a known
    place is dropped. Unlisted names are returned as they are, with no type.

    >>> _canonical("AS"), _canonical("Kota Bandung"), _canonical("Antony Blinken")
    (('Amerika Serikat', 'LOC'), ('Bandung', 'LOC'), ('Antony Blinken', None))
    """
    lex = _lexicons()
    if text in lex.canonical:
        return lex.canonical[text]
    head, _, rest = text.partition(" ")
    if head in ("Provinsi", "Propinsi", "Kota") and lex.canonical.get(rest, ("", ""))[1] == LOC:
        return lex.canonical[rest]
    return text, None


def _merge_short_forms(names: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """Map each short person or one-word organization name to the longest one of the same
    type that contains its words in order (``Kirby`` -> ``John Kirby``, ``Leicester`` ->
    ``Leicester City``) or, for persons, begins with it (``Sandi`` -> ``Sandiaga Uno``); then
    apply the alias lists again, as the long form may be an alias itself.

    >>> _merge_short_forms([("Jens Stoltenberg", "PER", 1), ("Stoltenberg", "PER", 1), ("Kim", "PER", 1)])
    [('Jens Stoltenberg', 'PER', 1), ('Jens Stoltenberg', 'PER', 1), ('Kim', 'PER', 1)]
    """
    distinct = list(dict.fromkeys((canonical, kind) for canonical, kind, _ in names if kind != LOC))
    longest = {}
    for canonical, kind in distinct:
        if kind == PER or " " not in canonical:
            targets = [other for other, other_kind in distinct
                       if other_kind == kind and len(other) > len(canonical) and _shortens(canonical, other, kind)]
            if targets:
                longest[canonical, kind] = max(targets, key=lambda t: len(t.split()))
    return [(_canonical(longest.get((canonical, kind), canonical))[0], kind, sureness)
            for canonical, kind, sureness in names]


def _shortens(short: str, long: str, kind: str) -> bool:
    """True when ``short`` is a shorter form of ``long``: its words appear in ``long`` in order
    or, for a one-word person, it begins one of ``long``'s words and has four letters or more.

    >>> _shortens("Sandiaga Uno", "Sandiaga Salahuddin Uno", "PER"), _shortens("Hardi", "Hardisiswan", "PER")
    (True, True)
    """
    if short == long:
        return False
    short_words, long_words = short.split(), long.split()
    if len(short_words) >= len(long_words) and not (kind == PER and len(short_words) == 1):
        return False
    rest = iter(long_words)
    if all(word in rest for word in short_words):
        return True
    return (kind == PER and len(short_words) == 1 and len(short) >= 4
            and any(w.startswith(short) and w != short for w in long_words))
