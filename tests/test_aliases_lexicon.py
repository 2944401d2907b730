"""The query-time alias lexicon: well formed, and every group attested in the shared corpora."""

import gc
import json
import re

import pytest

from tests.conftest import CLICK_ID, INDOSUM, ROOT, shared

ALIASES = ROOT / "indexer" / "lexicon" / "aliases.txt"

# Words as the indexer's tokenizer sees them: letters and digits, joined by - or '.
WORD = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*")
ONLY_ATTESTED = re.compile(r"^only .+ attested\b")
MAX_ONLY_ATTESTED = 20


def parse(path=ALIASES):
    """The groups of an alias file: a list of (line number, forms, trailing comment)."""
    groups = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text, _, comment = line.partition("#")
        if text.strip():
            groups.append((number, [form.strip() for form in text.split("=")], comment.strip()))
    return groups


def is_acronym(form):
    """All capitals (digits and hyphens allowed): ``AS``, ``G20``, ``PDI-P``, ``UUD 1945``."""
    return any(c.isupper() for c in form) and not any(c.islower() for c in form)


def is_marked(comment):
    return bool(ONLY_ATTESTED.match(comment))


GROUPS = parse()


def test_header_comes_first_and_says_what_and_whence():
    lines = ALIASES.read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    text = " ".join(header)
    assert len(header) >= 5
    for needed in ("query", "IndoSum", "CLICK-ID", "CC BY-SA 4.0", "CC BY 4.0", "License"):
        assert needed in text, needed


def test_enough_groups():
    assert len(GROUPS) >= 150


def test_forms_are_well_formed():
    for number, forms, _ in GROUPS:
        assert len(forms) >= 2, f"line {number}: a group needs two forms"
        for form in forms:
            assert form, f"line {number}: empty form"
            assert not re.search(r"['\"‘’“”`=]", form), f"line {number}: {form!r}"
            assert "  " not in form, f"line {number}: {form!r}"
            assert WORD.search(form), f"line {number}: {form!r} has no word"


def test_lines_use_spaced_equals():
    for number, line in enumerate(ALIASES.read_text(encoding="utf-8").splitlines(), 1):
        text = line.partition("#")[0].rstrip()
        if text:
            assert text.count("=") == text.count(" = "), f"line {number}: separate forms by ' = '"


def test_no_form_in_two_groups():
    seen = {}
    for number, forms, _ in GROUPS:
        for form in forms:
            key = form.casefold()
            assert key not in seen, f"{form!r} on line {number} and line {seen[key]}"
            seen[key] = number


def test_canonical_form_is_not_an_acronym_when_a_long_form_exists():
    for number, forms, _ in GROUPS:
        if not all(is_acronym(form) for form in forms):
            assert not is_acronym(forms[0]), f"line {number}: put the long form first"


def test_few_groups_have_only_one_attested_form():
    marked = [number for number, _, comment in GROUPS if is_marked(comment)]
    assert len(marked) <= MAX_ONLY_ATTESTED, marked


def _shouting(text):
    """A short all-capitals text (a headline), where capitals are no acronym."""
    if len(text) > 300:
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


class Corpus:
    """The shared corpora read once: their words, their acronyms and their lowercased text."""

    def __init__(self, paths):
        gc.disable()  # millions of short-lived strings: collecting them midway only costs time
        try:
            self._read(paths)
        finally:
            gc.enable()

    def _read(self, paths):
        fields, chunks, headline_chunks = [], set(), set()
        for path in paths:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    record = json.loads(line)
                    for field in (record.get("title") or "", record.get("body") or ""):
                        fields.append(field)
                        (headline_chunks if _shouting(field) else chunks).update(field.split())
        words = set()
        for chunk in chunks:  # tokenize each distinct chunk once
            words.update(WORD.findall(chunk))
        self.acronyms = {w for w in words if is_acronym(w)}
        self.words = {w.lower() for w in words}
        for chunk in headline_chunks:
            self.words.update(w.lower() for w in WORD.findall(chunk))
        self.text = "\n".join(fields).lower()

    def _has_phrase(self, phrase):
        text, start = self.text, self.text.find(phrase)
        while start != -1:
            end = start + len(phrase)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not before.isalnum() and not after.isalnum():
                return True
            start = text.find(phrase, start + 1)
        return False

    def attests(self, form):
        """True if ``form`` occurs: acronyms case-sensitively, other forms in any case."""
        if is_acronym(form):
            if WORD.fullmatch(form):
                return form in self.acronyms
            return all(w in self.acronyms or not is_acronym(w) for w in WORD.findall(form)) \
                and self._has_phrase(form.lower())
        if WORD.fullmatch(form):
            return form.lower() in self.words
        return self._has_phrase(form.lower())


@pytest.fixture(scope="session")
def corpus():
    return Corpus([shared(INDOSUM), shared(CLICK_ID)])


def test_every_group_is_attested_in_the_corpora(corpus):
    problems = []
    for number, forms, comment in GROUPS:
        needed = 1 if is_marked(comment) else 2
        attested = []
        for form in sorted(forms, key=lambda f: not WORD.fullmatch(f)):  # single words are cheap
            if corpus.attests(form):
                attested.append(form)
                if len(attested) == needed:
                    break
        if len(attested) < needed:
            problems.append(f"line {number}: only {attested} of {forms} occur")
    assert not problems, "\n".join(problems)


def test_marked_groups_name_their_attested_form(corpus):
    for number, forms, comment in GROUPS:
        if is_marked(comment):
            named = comment[len("only "):comment.index(" attested")]
            assert named in forms and corpus.attests(named), f"line {number}: {comment}"
