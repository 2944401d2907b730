"""Direct and indirect quotes in Indonesian news, each with its speaker, by rules and word lists.

    >>> body = ("Sekretaris Jenderal NATO Jens Stoltenberg mengatakan aliansi itu mengikuti "
    ...         "kunjungan tersebut dengan saksama.\\n\\n“Kami tentu saja juga prihatin dengan "
    ...         "potensi itu,” kata Stoltenberg kepada wartawan. \\"Tetapi ini juga menunjukkan "
    ...         "sesuatu,\\" ujarnya.")
    >>> for q in extract_quotes(body, ["Jens Stoltenberg"], ["NATO"]):
    ...     print(q["kind"], "|", q["speaker"], "|", q["role"], "|", q["cue"], "|", q["text"])
    indirect | Jens Stoltenberg | Sekretaris Jenderal NATO | mengatakan | aliansi itu mengikuti kunjungan tersebut dengan saksama.
    direct | Jens Stoltenberg | Sekretaris Jenderal NATO | kata | Kami tentu saja juga prihatin dengan potensi itu
    direct | Jens Stoltenberg | Sekretaris Jenderal NATO | ujarnya | Tetapi ini juga menunjukkan sesuatu

How an article is read, paragraph by paragraph and sentence by sentence:

1. A quote is text of four words or more between double quote marks (“…”, "…", ''…'', often
   mixed); shorter ones are scare quotes or titles and stay part of the sentence. Sentences
   are cut so that they never cut a quote (``_quotes``, ``_sentences``).
2. A quote's speaker is named after it (``“…,” kata X``, ``“…,” ujarnya``, ``“…,” X
   menambahkan``) or before it (``X mengatakan, “…”``, ``Menurut X, “…”``, or ``X
   menjelaskan:`` at the end of the previous paragraph). A quote with neither that opens its
   sentence follows on from a quote in the same or the previous paragraph.
3. A sentence without quotes may report a statement: ``X mengatakan (bahwa) …``, ``Menurut X,
   …``, ``…, kata X, …``, ``Kata X, …`` or ``Dijelaskan X, …``.
4. The speaker phrase (``Sekretaris Jenderal NATO Jens Stoltenberg``, ``dia``, ``politikus
   Gerindra itu``) is resolved against the article's persons and organizations (``_Names``:
   ``Stoltenberg`` is ``Jens Stoltenberg``); the title before the name is the role. Pronouns,
   ``-nya`` and descriptions ending in itu/tersebut/ini point at the focus: the last speaker or
   the person a recent sentence opened with, never a name read as an object. A name the
   article's lists lack is read by ``extract_entities``.

The word lists are plain text files in ``indexer/lexicon/``: ``quote_cues_after``,
``quote_verbs_before``, ``quote_verbs_quote_only``, ``quote_verbs_passive``, ``quote_channels``
(``kepada wartawan``, ``dilansir``: where a speaker phrase ends), ``quote_person_nouns``, and
the titles of ``titles``.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from indexer.analysis import alternatives, lexicon, stopwords
from indexer.entities import extract_entities

MIN_WORDS = 4                    # shorter quoted strings are scare quotes and titles
_WINDOW_WORDS = 20               # how far after a cue a speaker may be named
_REACH = 300                     # how far (characters) from its quote or verb an attribution may be
_LONGEST_SENTENCE = 3000         # a longer run without a full stop is no sentence to read statements in

_PRONOUNS = frozenset(("dia", "ia", "beliau", "dirinya"))
_DEMONSTRATIVES = ("itu", "tersebut", "ini")
_DETERMINERS = frozenset(("seorang", "sang", "si", "para", "salah", "satu", "mantan", "eks", "pihak"))
# Words between a subject and its verb: "Ia pun mengatakan", "Putin sebelumnya menulis".
_ADVERBS = frozenset("""juga pun pula akan kembali sebelumnya lanjut lebih lantas kemudian lalu telah sudah
    sempat justru bahkan sendiri akhirnya pernah tetap malah langsung turut secara terpisah""".split())
# Lowercase words that may sit inside a role: "Wakil Menteri Luar Negeri AS untuk Pengendalian Senjata",
# "Detektif bernama Greg Kading".
_ROLE_JOINERS = frozenset(("dan", "untuk", "&", "and", "of", "asal", "dari", "bidang", "bernama"))
# A word before a full stop that does not end a sentence: "dr.", "Jl.", an initial.
_ABBREVIATIONS = frozenset("dr drs dra prof ir hj st no jl dll dsb sp tbk inc co ltd mr mrs ms vs kh ny sdr jr kab kec".split())

_WORD = re.compile(r"[^\W_]+(?:[-'’.&][^\W_]+)*")
_LOWER_WORD = re.compile(r"[a-z]+")
_MARK = re.compile(r"''|[“”\"„]")
_SENTENCE_END = re.compile(r"[.!?]+(?:''|[”\"’')])*\s+")


# --- Word lists ----------------------------------------------------------------------------

class _Patterns(NamedTuple):
    after_quote: re.Pattern      # “…,” kata X / ujarnya / menurut dia
    subject_after_quote: re.Pattern  # “…,” X menambahkan
    before_quote: re.Pattern     # X mengatakan (kepada wartawan), “…
    statement_verb: re.Pattern   # X mengatakan (bahwa) …
    parenthetical: re.Pattern    # …, kata X, …
    menurut: re.Pattern          # Menurut X, … / …, yang menurut X … / Kata X, …
    passive: re.Pattern          # Dijelaskan X, …
    channel: re.Pattern
    title: re.Pattern            # a title of titles.txt or a person noun, at a word start
    role_words: frozenset        # lowercase words of titles and person nouns
    cue_words: frozenset         # every cue and verb: a sentence without one states nothing
    stems: frozenset             # the cues that take -nya (tanya is one, not tan + -nya)


@functools.cache
def _patterns() -> _Patterns:
    """Compile the word lists into the patterns the reader uses, once per process."""
    cues = alternatives(lexicon("quote_cues_after"))
    say = alternatives(lexicon("quote_verbs_before"))
    say_quote = alternatives(lexicon("quote_verbs_before") | lexicon("quote_verbs_quote_only"))
    heads = lexicon("titles") | lexicon("quote_person_nouns")
    stems = lexicon("quote_cues_after") | lexicon("quote_verbs_passive") | {"menurut"}
    cue_words = stems | {stem + "nya" for stem in stems} | lexicon("quote_verbs_before")
    return _Patterns(
        after_quote=re.compile(rf"[\s,.]*(?:(?:demikian|begitu)\s+)?(?P<cue>(?:{cues}|menurut)(?:nya)?)\b"
                               rf"(?P<who>.*)", re.IGNORECASE | re.DOTALL),
        subject_after_quote=re.compile(rf"[\s,]*(?P<who>[^\s,.;“”\"][^,.;“”\"]{{0,80}}?)\s+(?P<cue>{say_quote})\b"),
        before_quote=re.compile(rf".*(?<![\w-])(?P<cue>{say_quote})\b(?P<between>[^“”\"]*)$", re.DOTALL),
        statement_verb=re.compile(rf"(?<![\w-])(?P<cue>{say})\b"),
        parenthetical=re.compile(rf",\s*(?P<cue>(?:{cues})(?:nya)?)\b(?P<who>[^,.;!?]{{0,200}})(?P<end>,|[.;!?]*\s*$)"),
        menurut=re.compile(r"(?<![\w-])(?P<cue>[Mm]enurut(?:nya)?)\b|^\s*(?P<kata>Kata)\b"),
        passive=re.compile(rf"\s*(?P<cue>(?:{alternatives(lexicon('quote_verbs_passive'))})(?:nya)?)\b"
                           rf"(?:\s+oleh)?(?P<who>[^,]*),\s*(?P<text>.+)", re.IGNORECASE | re.DOTALL),
        channel=re.compile(rf"(?<![\w-])(?:{alternatives(lexicon('quote_channels'))})(?![\w-])", re.IGNORECASE),
        title=re.compile(rf"(?<![\w-])(?:{alternatives(heads)})(?![\w-])", re.IGNORECASE),
        role_words=frozenset(w.lower() for phrase in heads for w in phrase.split()),
        cue_words=frozenset(cue_words),
        stems=frozenset(stems),
    )


# --- The article's names -------------------------------------------------------------------

class _Span(NamedTuple):
    """An article name found in a phrase: character offsets, canonical name, person or not."""

    start: int
    end: int
    name: str
    person: bool


def _is_name_word(word: str) -> bool:
    """A word of a person's name that can stand for the person on its own: capitalised, not
    a function word nor a title or person noun (which the entity rules may have left in a
    name: ``Bintang Oklahoma City Thunder``). An ordinary word can be a name (``Surya``).

    >>> [_is_name_word(w) for w in ["Stoltenberg", "Bintang", "Surya", "bin", "Dan"]]
    [True, False, True, False, False]
    """
    lower = word.lower()
    return word[:1].isupper() and len(word) > 1 and lower not in stopwords() and lower not in _patterns().role_words


class _Names:
    """The article's persons and organizations, to be found again in short phrases: a person
    by a run of its name words (``Stoltenberg`` or ``Jens Stoltenberg`` for ``Jens
    Stoltenberg``) or by a word's first four letters or more (``Sandi`` for ``Sandiaga Uno``),
    an organization by its full name.

    >>> names = _Names(["Jens Stoltenberg", "Sandiaga Uno"], ["Gedung Putih"])
    >>> [(s.name, s.person) for s in names.find("kata Stoltenberg di Gedung Putih bersama Sandi")]
    [('Jens Stoltenberg', True), ('Gedung Putih', False), ('Sandiaga Uno', True)]
    """

    def __init__(self, persons: list[str], organizations: list[str]):
        self.words: dict[str, list[str]] = {}
        for person in persons:
            for word in person.split():
                if _is_name_word(word):
                    self.words.setdefault(word, []).append(person)
        self.organizations: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for organization in sorted(organizations, key=len, reverse=True):
            tokens = tuple(_WORD.findall(organization))
            if tokens:
                self.organizations.setdefault(tokens[0], []).append((tokens, organization))

    def find(self, text: str) -> list[_Span]:
        """The article's names in ``text``, in order."""
        tokens = list(_WORD.finditer(text))
        words = [t.group() for t in tokens]
        spans, i = [], 0
        while i < len(tokens):
            if not words[i][0].isupper():
                i += 1
                continue
            length, name, person = self._match(words, i)
            if length:
                spans.append(_Span(tokens[i].start(), tokens[i + length - 1].end(), name, person))
            i += length or 1
        return spans

    def _match(self, words: list[str], i: int) -> tuple[int, str | None, bool]:
        """How many words from ``words[i]`` name an organization or a person, and which."""
        for tokens, organization in self.organizations.get(words[i], ()):
            if tuple(words[i:i + len(tokens)]) == tokens:
                return len(tokens), organization, False
        candidates = self._persons(words[i])
        length = 1 if candidates else 0
        while candidates and i + length < len(words):
            narrower = [p for p in candidates if words[i + length] in p.split()]
            if not narrower:
                break
            candidates, length = narrower, length + 1
        return length, (candidates[0] if candidates else None), True

    def _persons(self, word: str) -> list[str]:
        """The persons a capitalised word names: by a whole name word, else as its prefix."""
        if word in self.words:
            return self.words[word]
        if len(word) < 4:
            return []
        return [p for known, persons in self.words.items() if known.startswith(word) for p in persons]


# --- Paragraphs, quotes, sentences ---------------------------------------------------------

class _Quote(NamedTuple):
    """A quote in a paragraph: the opening mark's start, the text's start and end, the end of
    the closing mark; ``opened`` is False when the opening mark is missing."""

    open: int
    start: int
    end: int
    close: int
    opened: bool = True


def _quotes(paragraph: str) -> list[_Quote]:
    """The quotes of four words or more in a paragraph.

    A mark with a space before and a letter after opens, one with a letter before and a space
    or punctuation after closes; otherwise “ opens, ” closes and " toggles. A second opening
    mark restarts the quote (the first was stray); an unclosed quote is dropped; a closing mark
    (or a straight one before a cue: ``'' kata Willem``) with nothing open closes a quote from
    the paragraph's start whose opening mark was lost.

    >>> p = 'Ia menyebutnya "memalukan". “Saya minta maaf kepada semua pihak,\\" kata dia.'
    >>> [p[q.start:q.end] for q in _quotes(p)]
    ['Saya minta maaf kepada semua pihak,']
    """
    found, opened_at = [], None
    for mark in _MARK.finditer(paragraph):
        before = paragraph[mark.start() - 1] if mark.start() else " "
        after = paragraph[mark.end()] if mark.end() < len(paragraph) else " "
        can_open = before.isspace() or before in "([:;,-–—/"
        can_close = after.isspace() or after in ",.;:!?)-–—/"
        if can_open != can_close:
            opens = can_open
        elif mark.group() in "“”":
            opens = mark.group() == "“"
        else:           # a straight mark between spaces toggles, but one a cue follows closes
            opens = opened_at is None and (bool(found) or not _patterns().after_quote.match(paragraph, mark.end()))
        if opens:
            opened_at = mark
        elif opened_at is not None:
            found.append(_Quote(opened_at.start(), opened_at.end(), mark.start(), mark.end()))
            opened_at = None
        elif not found:
            found.append(_Quote(0, 0, mark.start(), mark.end(), opened=False))
    return [q for q in found if len(paragraph[q.start:q.end].split()) >= MIN_WORDS]


class _Sentence(NamedTuple):
    """A sentence of a paragraph (character offsets) and the quotes that open in it."""

    start: int
    end: int
    quotes: list[_Quote]


def _sentences(paragraph: str, quotes: list[_Quote]) -> list[_Sentence]:
    """A paragraph cut into sentences at ``.!?`` followed by a capital, a digit or a quote
    mark, never inside a quote nor after an initial or an abbreviation (``dr.``, ``Jl.``).

    >>> p = '“Dia datang. Lalu pergi begitu saja,” kata Rosan P. Roeslani. Ia pulang.'
    >>> [p[s.start:s.end] for s in _sentences(p, _quotes(p))]
    ['“Dia datang. Lalu pergi begitu saja,” kata Rosan P. Roeslani. ', 'Ia pulang.']
    """
    sentences, inside = [], 0
    for end in _SENTENCE_END.finditer(paragraph):
        following = paragraph[end.end():end.end() + 1]
        word = _WORD.findall(paragraph[max(0, end.start() - 12):end.start()] or " ")
        last = word[-1] if word else ""
        if not (following.isupper() or following.isdigit() or following in "“\"'("):
            continue
        if (len(last) == 1 and last.isupper()) or (last.lower() in _ABBREVIATIONS and not last.isupper()):
            continue
        while inside < len(quotes) and quotes[inside].close <= end.end():
            inside += 1
        if inside < len(quotes) and quotes[inside].start < end.end():
            continue                                    # inside a quote
        sentences.append(end.end())
    bounds = [0] + sentences + [len(paragraph)]
    result, first = [], 0
    for a, b in zip(bounds, bounds[1:]):
        last = first
        while last < len(quotes) and quotes[last].open < b:
            last += 1
        if a < b:
            result.append(_Sentence(a, b, quotes[first:last]))
        first = last
    return result


# --- Speaker phrases -----------------------------------------------------------------------

class _Who(NamedTuple):
    """Who a speaker phrase names: a canonical name (or None for an unnamed person), the role
    it gives, and whether it points back at the focus (``dia``, ``-nya``, ``pria itu``)."""

    name: str | None
    role: str | None = None
    pointer: bool = False


_POINTER = _Who(None, None, True)


def _clean(text: str) -> str:
    """Whitespace collapsed; commas and spaces trimmed at both ends."""
    return " ".join(text.split()).strip(" ,")


def _is_role_word(word: str) -> bool:
    """A word that can be part of a role before a name: capitalised, a number, a title's word
    or a joiner (``juru``, ``bicara``, ``untuk``)."""
    return word[:1].isupper() or word[:1].isdigit() or word[:1] == "(" or \
        word.lower().strip("()") in _patterns().role_words or word in _ROLE_JOINERS


def _role(text: str, whole: bool = False) -> str | None:
    """The role in ``text``, the words right before a name: from the first title or person
    noun in the run of role words that ends it, or in all of it when ``whole`` (after a cue,
    where only the speaker can stand: ``kata kepala konten Netflix, Ted Sarandos``).

    >>> _role("Dari Gedung Putih, juru bicara Dewan Keamanan Nasional "), _role("Ketika ")
    ('juru bicara Dewan Keamanan Nasional', None)
    """
    text = text.rstrip(" ,")
    start = 0 if whole else len(text)
    for match in [] if whole else reversed(list(re.finditer(r"[^\s,]+", text))):
        if not _is_role_word(match.group()) or "," in text[match.end():start]:
            break
        start = match.start()
    title = _patterns().title.search(text, start)
    return _clean(text[title.start():]) or None if title else None


def _heads_person(phrase: str) -> bool:
    """True when a phrase without a name describes a person: after ``seorang``, ``mantan``...
    its first word is a title or a person noun (``politikus Gerindra itu``, ``Mendagri``)."""
    words = phrase.split()
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    return bool(words) and bool(_patterns().title.match(" ".join(words)))


@functools.lru_cache(maxsize=4096)
def _unlisted_name(phrase: str, last: bool) -> str | None:
    """A person or else an organization named in ``phrase`` that the article's lists lack,
    read by the entity rules as the speaker of ``kata <phrase>``."""
    found = extract_entities("", f"kata {phrase}")
    names = found["persons"] or found["organizations"]
    return (names[-1] if last else names[0]) if names else None


def _ends_subject(tail: str) -> bool:
    """True when what follows a name lets it be the subject of the verb after: nothing, a
    channel (``Budi dalam keterangannya mengatakan``), perhaps after a degree (``Rakun MP``).

    >>> _ends_subject(" MP dalam keterangan tertulis"), _ends_subject(" membuat Budi")
    (True, False)
    """
    tail = re.sub(r"^\s*[A-Z][A-Za-z.]{0,5}(?=\s|$)", "", tail).strip()
    return not tail or bool(_patterns().channel.match(tail))


def _resolve(phrase: str, names: _Names, subject: bool) -> _Who | None:
    """Who a speaker phrase names, or None when it names nobody.

    ``subject`` phrases stand before their verb and the name must end them (``Sejarah itu
    membuat Klopp``); other phrases follow a cue, and only their first comma-separated part
    that names a person counts. The last person named counts (the last organization when
    there is none), with the role before it or, after a cue, in an apposition after it
    (``kata Jason Chen, CEO Acer``).

    >>> names = _Names(["Jens Stoltenberg"], ["NATO"])
    >>> _resolve("Sekretaris Jenderal NATO Jens Stoltenberg", names, subject=True)
    _Who(name='Jens Stoltenberg', role='Sekretaris Jenderal NATO', pointer=False)
    >>> _resolve("politikus Gerindra itu", names, subject=False).pointer
    True
    """
    phrase = _clean(phrase)
    if not phrase:
        return None
    words = phrase.lower().split()
    if (words[-1] if subject else words[0]) in _PRONOUNS:
        return _POINTER
    if (words[-1] in _DEMONSTRATIVES and _heads_person(phrase)) or words[0] == "sang":
        return _POINTER                             # politikus Partai Gerindra itu, sang detektif
    spans = names.find(phrase)
    if subject:
        spans = [s for s in spans if _ends_subject(phrase[s.end:])]
    elif spans:                 # the comma part that names someone: "Menko Polhukam, Wiranto"
        first = next((s for s in spans if s.person), spans[0])
        spans = [s for s in spans if phrase.count(",", 0, s.start) == phrase.count(",", 0, first.start)]
    span = next((s for s in reversed(spans) if s.person), spans[-1] if spans else None)
    if span:
        role = _role(phrase[:span.start], whole=not subject)
        if role is None and not subject and _patterns().title.search(phrase[span.end:]):
            role = _clean(phrase[span.end:])
        return _Who(span.name, role)
    if _heads_person(phrase):
        if _patterns().title.fullmatch(phrase):
            return _POINTER                         # Mendagri: someone named before
        return _Who(None, _clean(_speaker_window(phrase).split(" yang ")[0]))
    if subject and len(words) > 4:
        return None
    name = _unlisted_name(phrase, subject)
    if name is None:
        return None
    at = phrase.find(name.split()[0])
    return _Who(name, _role(phrase[:at]) if at > 0 else None)


def _speaker_window(text: str) -> str:
    """The part of the text after a cue that can name the speaker: up to a channel, a time or
    place (``kepada wartawan``, ``di``, ``saat``, ``seperti dilansir``), the sentence's end, a
    bracket with a number (``(6/8)``) or a quote mark, and at most a few words.

    >>> _speaker_window(" Stoltenberg dalam konferensi pers di Washington.")
    ' Stoltenberg '
    """
    end = re.search(r"[.;:!?“”\"]|\((?=\d)|''", text)
    text = text[:end.start()] if end else text
    channel = _patterns().channel.search(text)
    text = text[:channel.start()] if channel else text
    words = text.split()
    return " ".join(words[:_WINDOW_WORDS]) if len(words) > _WINDOW_WORDS else text


def _subject_phrase(text: str) -> tuple[str, str]:
    """The phrase naming who does a verb, from the text before the verb: its last comma-
    separated part that is not a time or channel (``, Rabu,``), without adverbs (``Ia pun``),
    a bracketed age (``Basri (46)``) or what follows the name (``X selaku Y``, ``X sebagai
    Y``, ``X atau Y``, ``X alias Y``); and the part before it, which may be a role in
    apposition (``Juru bicara X, Adi Prasetyo, …``).

    >>> _subject_phrase("Terkait hal itu, pengamat politik UIN, Adi Prayitno, pun ")
    ('Adi Prayitno', 'pengamat politik UIN')
    >>> _subject_phrase("Irene (21) sebagai mahasiswa juga ")
    ('Irene', '')
    """
    words = re.sub(r"\(\d+\)", " ", text[-_REACH:]).replace(",", " , ").split()
    while words and (words[-1].lower() in _ADVERBS or words[-1] == ","):
        words.pop()
    if words and words[-1] in ("dan", "serta"):
        return "", ""                       # "X datang dan mengatakan": the subject is further back
    parts = " ".join(words).replace(" , ", ", ").rsplit(",", 3)
    while len(parts) > 1 and _patterns().channel.match(parts[-1].strip()):
        parts.pop()                         # "X dalam keterangan tertulis, Rabu, mengatakan"
    subject = re.sub(r" (?:selaku|sebagai|atau|alias)(?: \S+){1,4}$", "", parts[-1])
    return _clean(subject), _clean(parts[-2]) if len(parts) > 1 else ""


# --- Reported statements -------------------------------------------------------------------

class _Said(NamedTuple):
    """An attribution found in a sentence: the cue as written, the speaker phrase, whether the
    phrase is a subject (before its verb), and the statement's text (for indirect speech)."""

    cue: str
    who: str
    subject: bool = False
    text: str = ""
    apposition: str = ""


def _who_of_cue(cue: str, phrase: str) -> str:
    """The speaker phrase of a cue: ``ujarnya`` and ``menurutnya`` point back (``dia``).

    >>> _who_of_cue("ujarnya", ""), _who_of_cue("tanya", "Spears")
    ('dia', 'Spears')
    """
    cue = cue.lower()
    return "dia" if cue.endswith("nya") and cue not in _patterns().stems else phrase


def _statement_text(text: str) -> str:
    """The statement after a verb of saying: past a ``bahwa`` close by (``menegaskan kepada
    wartawan bahwa …``) or else past a channel up to its comma (``mengatakan saat dihubungi,
    …``).

    >>> _statement_text(" kepada wartawan di Jakarta bahwa AS tidak mempersoalkannya.")
    'AS tidak mempersoalkannya.'
    """
    bahwa = re.search(r"\bbahwa\b", text[:_REACH])
    if bahwa and len(text[:bahwa.start()].split()) <= 6:
        text = text[bahwa.end():]
    elif _patterns().channel.match(text.lstrip()):
        comma = re.match(r"[^,“”\"]{0,80},", text)
        text = text[comma.end():] if comma else text
    return text.strip(" ,:\n")


def _statements(sentence: str) -> list[_Said]:
    """The attributions a sentence without quotes may hold, the likeliest first: a passive
    opening (``Dijelaskan X, …``), every verb of saying with the text before it, ``Menurut X,
    …`` (also inside the sentence, or ``Kata X, …`` opening it), a parenthetical ``…, kata X, …``.

    >>> [(s.cue, s.who, s.text) for s in _statements("Selain itu, kata Syarif, poin itu melemahkan KPK.")]
    [('kata', 'Syarif', 'Selain itu, poin itu melemahkan KPK.')]
    """
    p, found = _patterns(), []
    if len(sentence) > _LONGEST_SENTENCE or p.cue_words.isdisjoint(_LOWER_WORD.findall(sentence.lower())):
        return found
    passive = p.passive.match(sentence)
    if passive:
        found.append(_Said(passive["cue"], _who_of_cue(passive["cue"], passive["who"]) or "dia",
                           text=re.sub(r"^bahwa\s+", "", passive["text"].strip())))
    for verb in p.statement_verb.finditer(sentence):
        who, apposition = _subject_phrase(sentence[max(0, verb.start() - _REACH):verb.start()])
        found.append(_Said(verb["cue"], who, True, _statement_text(sentence[verb.end():]), apposition))
    for menurut in p.menurut.finditer(sentence):
        cue, after = menurut["cue"] or menurut["kata"], sentence[menurut.end():menurut.end() + _REACH]
        who = after[:_role_run_end(after)]
        rest = sentence[menurut.end() + len(who):].strip()
        if re.match(r"yang\b", rest) or p.channel.match(rest):     # Menurut X yang dikutip Y, …
            rest = rest.partition(",")[2]
        rest = rest.strip(" ,")
        text = rest if rest.strip(".!? ") else sentence[:menurut.start()].strip(" ,")
        found.append(_Said(cue, _who_of_cue(cue, who), text=text))
    for aside in p.parenthetical.finditer(sentence):
        joint = ", " if aside["end"] == "," else ""
        text = sentence[:aside.start()] + joint + sentence[aside.end():]
        found.append(_Said(aside["cue"], _who_of_cue(aside["cue"], _clean(_speaker_window(aside["who"]))),
                           text=" ".join(text.split())))
    return found


def _role_run_end(text: str) -> int:
    """Where the speaker after ``menurut`` ends: the run of role and name words that opens
    ``text``, up to a comma or an ordinary lowercase word.

    >>> text = " Kepala BPS Suhariyanto, harga naik."
    >>> text[:_role_run_end(text)]
    ' Kepala BPS Suhariyanto'
    """
    end = 0
    for match in re.finditer(r"[^\s,]+|,", text):
        if match.group() == "," or not (_is_role_word(match.group()) or match.group().lower() in _PRONOUNS):
            break
        end = match.end()
    return end


def _after_quote(text: str) -> _Said | None:
    """The attribution right after a quote's closing mark: ``, kata X …``, ``, ujarnya``,
    ``katanya menambahkan``, or ``, X menambahkan``.

    >>> _after_quote(", kata Wakil Kepala Jaksa Penuntut Bulgaria, Ivan Geshev, kepada wartawan.")
    _Said(cue='kata', who='Wakil Kepala Jaksa Penuntut Bulgaria, Ivan Geshev,', subject=False, text='', apposition='')
    """
    p = _patterns()
    cue = p.after_quote.match(text)
    if cue:
        return _Said(cue["cue"], _who_of_cue(cue["cue"], _speaker_window(cue["who"]).strip()))
    named = p.subject_after_quote.match(text)
    if named and _only_channel(text[named.end():].rstrip(". ")):
        return _Said(named["cue"], named["who"], subject=True)
    return None


def _only_channel(text: str) -> bool:
    """True for what may stand between a verb and its quote: nothing, ``bahwa``, or a short
    channel (``kepada wartawan di Jakarta, Senin,``).

    >>> _only_channel(" kepada wartawan, "), _only_channel(" hal itu dan menambahkan, ")
    (True, False)
    """
    text = re.sub(r"\bbahwa$", "", text.strip(" ,:")).strip(" ,")
    return not text or (len(text.split()) <= 8 and bool(_patterns().channel.match(text)))


def _before_quote(text: str) -> _Said | None:
    """The attribution right before a quote's opening mark: ``X mengatakan, “``, ``X
    menegaskan kepada wartawan bahwa “``, ``Menurut X, “``, ``Kata X: “``.

    >>> _before_quote("Lalu Baginda Nabi menjawab, ")
    _Said(cue='menjawab', who='Lalu Baginda Nabi', subject=True, text='', apposition='')
    """
    verb = _patterns().before_quote.match(text)
    if verb and _only_channel(verb["between"]):
        who, apposition = _subject_phrase(text[:verb.start("cue")])
        return _Said(verb["cue"], who, True, apposition=apposition)
    cue = re.search(r"(?:^|[\s,])(?P<cue>[Mm]enurut(?:nya)?|Kata)\b(?P<who>[^,]*)[,:]\s*$", text)
    if cue:
        return _Said(cue["cue"], _who_of_cue(cue["cue"], cue["who"]))
    return None


# --- The reader ----------------------------------------------------------------------------

class _Reader:
    """Reads an article's sentences in order, keeping the focus (the person a pronoun points
    at), each speaker's role, and where the last direct quote was."""

    def __init__(self, names: _Names):
        self.names = names
        self.focus: str | None = None
        self.roles: dict[str, str] = {}
        self.quote_paragraph = -2          # the paragraph of the last direct quote
        self.intro: tuple[_Said, _Who] | None = None   # "X menjelaskan:" before a quote
        self.quotes: list[dict] = []

    def read(self, index: int, paragraph: str) -> None:
        """Read one paragraph (its number ``index`` tells follow-on quotes how far back to look)."""
        quotes = _quotes(paragraph)
        for sentence in _sentences(paragraph, quotes):
            text = paragraph[sentence.start:sentence.end]
            self._note_subject(paragraph[sentence.start:sentence.quotes[0].open] if sentence.quotes else text)
            intro, self.intro = self.intro, None
            if sentence.quotes:
                self._read_quotes(index, paragraph, sentence, intro)
            else:
                self._read_statement(text)

    def _note_subject(self, text: str) -> None:
        """Make the person a sentence opens with the focus: after a short opening phrase
        (``Sementara itu,``) only role and name words may come before the name, so that a
        name read as an object (``ditunda oleh Menpora Imam Nahrawi``) is left alone."""
        opening = re.match(r"[^,]{0,60},", text)
        start = opening.end() if opening and len(opening.group().split()) <= 4 else 0
        end = start
        for word in re.finditer(r"[^\s,]+", text[start:start + _REACH]):
            if not _is_role_word(word.group()):
                break
            end = start + word.end()
        span = next((s for s in self.names.find(text[start:end]) if s.person), None)
        if span:
            self._remember(span.name, _role(text[start:start + span.start]))

    def _remember(self, name: str | None, role: str | None) -> None:
        """Make a named speaker or subject the focus, and keep the role given to them."""
        if name:
            self.focus = name
            if role:
                self.roles[name] = role

    def _identify(self, said: _Said) -> _Who | None:
        """The speaker of an attribution with its role, the focus for a pointer; None when
        the phrase names nobody."""
        who = _resolve(said.who, self.names, said.subject)
        if who is None:
            return None
        if who.pointer:
            return self._focus()
        role = who.role or (_clean(said.apposition.split(" yang ")[0]) if _heads_person(said.apposition) else None)
        self._remember(who.name, role)
        return _Who(who.name, role or self.roles.get(who.name))

    def _focus(self) -> _Who:
        """The focus as a speaker, with the role last given to them."""
        return _Who(self.focus, self.roles.get(self.focus))

    def _add(self, kind: str, said: _Said | None, who: _Who, text: str) -> None:
        self.quotes.append({"speaker": who.name, "role": who.role, "text": text, "kind": kind,
                            "cue": said.cue if said else None})

    def _read_quotes(self, index: int, paragraph: str, sentence: _Sentence, intro) -> None:
        """Attribute each quote of a sentence: named after or before it, else following on."""
        previous = None
        for i, quote in enumerate(sentence.quotes):
            before = paragraph[sentence.quotes[i - 1].close if i else sentence.start:quote.open]
            following = sentence.quotes[i + 1].open if i + 1 < len(sentence.quotes) else sentence.end
            opens_sentence = not before.strip()
            said = _after_quote(paragraph[quote.close:min(following, quote.close + _REACH)]) \
                or _before_quote(before[-_REACH:])
            if said:
                who = self._identify(said) or _Who(None)      # a cue that names nobody known
            elif not quote.opened:
                continue                                      # a lost opening mark needs a cue
            elif intro and opens_sentence:
                said, who = intro                             # "X menjelaskan:" ended the paragraph before
            elif previous or (opens_sentence and index - self.quote_paragraph <= 1):
                who = previous or self._focus()               # a follow-on quote
            else:
                continue
            text = paragraph[quote.start:quote.end].strip(" \n'\"“”").rstrip(" ,")
            self._add("direct", said, who, text)
            previous, self.quote_paragraph = who, index

    def _read_statement(self, sentence: str) -> None:
        """Record the first attribution of a quote-free sentence whose speaker resolves; a
        verb of saying that ends the sentence with ``:`` introduces the next quote."""
        for said in _statements(sentence):
            if said.subject and not said.text and sentence.rstrip().endswith(":"):
                who = self._identify(said)
                if who:
                    self.intro = (said, who)
                    return
                continue
            if len(said.text.split()) < 3 or said.text[:1] in "“\"'":
                continue
            who = self._identify(said)
            if who:
                self._add("indirect", said, who, said.text.rstrip(" ,"))
                return


def extract_quotes(body: str, persons: list[str], organizations: list[str]) -> list[dict]:
    """The direct quotes and reported statements of an article's body, in order of appearance.

    Each is ``{"speaker", "role", "text", "kind", "cue"}``: the speaker's canonical name from
    ``persons`` or ``organizations`` (the article's names from ``extract_entities``) or None,
    the role or title given to them or None, the text (without quote marks), ``"direct"`` or
    ``"indirect"``, and the attribution word as written (None for a quote that follows on).

    >>> extract_quotes("Menurut Budi, harga beras naik lagi minggu ini.", ["Budi Santoso"], [])
    [{'speaker': 'Budi Santoso', 'role': None, 'text': 'harga beras naik lagi minggu ini.', 'kind': 'indirect', 'cue': 'Menurut'}]
    """
    reader = _Reader(_Names(persons, organizations))
    for index, paragraph in enumerate(p for p in body.split("\n") if p.strip()):
        reader.read(index, paragraph)
    return reader.quotes
