"""Tests for indexer.entities: the seed article, canonical names, roles, sentence openers,
outlets, countries as modifiers, the alias table, hand-checked corpus articles, and a floor
under the entity-level F1 on idner-news-2k test so that regressions fail."""

import importlib.util
import json

import pytest

from indexer.analysis import LEXICON_DIR, lexicon
from indexer.article import from_record
from indexer.entities import Mention, _entries, extract_entities, find_mentions
from indexer.sources import RawRecord, iter_inputs
from tests.conftest import CLICK_ID, INDOSUM, ROOT, SHARED, seed_article, shared


# Measured by bench/eval_entities.py (micro F1 on idner-news-2k test); see bench/results.
IDNER_TEST_F1 = 0.859


def kinds(text: str) -> dict[str, str]:
    """Mention text -> type for one text."""
    return {m.text: m.type for m in find_mentions(text)}


# --- the seed article ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_entities():
    article = seed_article()
    return extract_entities(article.title, article.body)


def test_seed_persons_exactly(seed_entities):
    assert set(seed_entities["persons"]) == {
        "Vladimir Putin", "Kim Jong Un", "Jens Stoltenberg", "Antony Blinken", "John Kirby",
        "Karine Jean-Pierre", "Xi Jinping", "Kurt Campbell", "Bonnie Jenkins"}
    assert seed_entities["persons"][:2] == ["Vladimir Putin", "Kim Jong Un"]     # first-mention order


def test_seed_organizations(seed_entities):
    assert {"NATO", "Gedung Putih", "Reuters", "KCNA"} <= set(seed_entities["organizations"])
    assert "Washington" not in seed_entities["organizations"]


def test_seed_places(seed_entities):
    assert {"Rusia", "Korea Utara", "Amerika Serikat", "Korea Selatan", "Ukraina", "China", "Iran",
            "Eropa", "Pyongyang", "Moskow", "Washington"} <= set(seed_entities["places"])
    assert set(seed_entities["places"]) <= {
        "Rusia", "Korea Utara", "Amerika Serikat", "Korea Selatan", "Ukraina", "China", "Iran",
        "Eropa", "Pyongyang", "Moskow", "Washington", "Beijing", "Jepang", "Semenanjung Korea"}
    assert "Korut" not in seed_entities["places"] and "AS" not in seed_entities["places"]


def test_lists_are_distinct(seed_entities):
    for names in seed_entities.values():
        assert len(names) == len(set(names))


# --- canonical names ------------------------------------------------------------------------

@pytest.mark.parametrize("body, kind, expected", [
    ("Presiden Rusia Vladimir Putin tiba. Putin disambut.", "persons", ["Vladimir Putin"]),
    ("Sekretaris Jenderal NATO Jens Stoltenberg berbicara.", "persons", ["Jens Stoltenberg"]),
    ("Pemimpin Korea Utara Kim Jong Un menyambut tamunya. Ayah Kim dulu juga begitu.", "persons", ["Kim Jong Un"]),
    ("Komisi Pemberantasan Korupsi (KPK) memeriksa saksi. KPK menahan tersangka.", "organizations",
     ["Komisi Pemberantasan Korupsi"]),
    ("Himpunan Pengusaha Muda Indonesia (Hipmi) bertemu. Munas HIPMI dibuka.", "organizations",
     ["Himpunan Pengusaha Muda Indonesia"]),
    ("Warga AS dan Korut berunding, disaksikan Korsel.", "places", ["Amerika Serikat", "Korea Utara", "Korea Selatan"]),
    ("Hujan turun di Jabar, Jateng dan Kota Bandung.", "places", ["Jawa Barat", "Jawa Tengah", "Bandung"]),
    ("Kapal dari Tiongkok dan Cina, bukan dari RRC.", "places", ["China"]),
])
def test_canonical_names(body, kind, expected):
    assert extract_entities("", body)[kind] == expected


def test_alias_table_joins_articles():
    one = extract_entities("", "Presiden Jokowi meresmikan jalan tol di Semarang.")
    two = extract_entities("", "Presiden Joko Widodo meresmikan bendungan di Aceh.")
    assert one["persons"] == two["persons"] == ["Joko Widodo"]


def test_alias_table_is_well_formed():
    aliases = _entries("entity_aliases")
    assert ("Jokowi", "Joko Widodo") in aliases
    assert all(alias and canonical and alias != canonical for alias, canonical in aliases)


def test_every_lexicon_names_its_origin_and_license():
    for name in ("titles", "org_heads", "place_heads", "event_heads", "organizations", "places",
                 "countries", "regions_id", "given_names", "name_roots", "not_entities", "entity_aliases"):
        header = (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").split("\n\n")[0]
        assert "Origin:" in header and "License" in header, name
        assert lexicon(name), name


# --- what is not a person -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Presiden Prabowo Subianto hadir.",
    "Menteri Luar Negeri Retno Marsudi hadir.",
    "Brigjen Pol Ahmad Ramadhan menjelaskan kasus itu.",
    "Kapolda Metro Jaya Irjen Karyoto memimpin apel.",
    "Juru Bicara Kementerian Luar Negeri Lalu Muhamad Iqbal berbicara.",
])
def test_roles_are_stripped_from_persons(text):
    persons = extract_entities("", text)["persons"]
    assert len(persons) == 1
    assert not any(role in persons[0] for role in ("Presiden", "Menteri", "Brigjen", "Irjen", "Kapolda", "Juru"))


def test_sentence_openers_days_and_months_are_not_entities():
    text = ("Namun hujan turun. Menurut warga, banjir datang. Sementara itu, air surut. "
            "Kedua jalan ditutup pada Senin, 3 Maret. Rabu (5/3) jalan dibuka lagi pada Juni.")
    assert find_mentions(text) == []


def test_mentions_sit_on_token_boundaries():
    text = "Menteri Luar Negeri AS Antony Blinken tiba di Washington."
    for mention in find_mentions(text):
        assert isinstance(mention, Mention)
        assert text[mention.start:mention.end] == mention.text
        assert mention.start == 0 or not text[mention.start - 1].isalnum()
        assert mention.end == len(text) or not text[mention.end].isalnum()


# --- outlets, country modifiers, clubs and brands ----------------------------------------

@pytest.mark.parametrize("text, outlet", [
    ("Serangan itu menewaskan tiga orang, seperti dilansir Reuters.", "Reuters"),
    ("Harga naik, dikutip dari Antara, Senin.", "Antara"),
    ('"Kami siap," kata Gatot kepada CNNIndonesia.com.', "CNNIndonesia.com"),
    ("Hasil itu dikutip dari Speedweek.", "Speedweek"),
])
def test_outlets_are_organizations(text, outlet):
    assert kinds(text)[outlet] == "ORG"


def test_countries_as_modifiers_are_places():
    assert kinds("Dulu tentara Jepang menyita foto itu.")["Jepang"] == "LOC"
    found = kinds("Menteri Luar Negeri AS Antony Blinken tiba.")
    assert found["AS"] == "LOC" and found["Antony Blinken"] == "PER"


def test_currencies_are_not_places():
    assert "Amerika Serikat" not in extract_entities("", "Rupiah melemah ke Rp 14.300 per dolar AS.")["places"]


def test_clubs_and_brands_are_not_persons():
    found = extract_entities("", "Persib menjamu Arema di Bandung. Tim Dewa United kalah dari Bali United, "
                                 "sementara Samsung dan Xiaomi merilis ponsel.")
    assert not found["persons"]
    assert {"Persib", "Arema", "Bali United", "Samsung", "Xiaomi", "Dewa United"} <= set(found["organizations"])


# --- hand-checked corpus articles ---------------------------------------------------------

CHECKED = {
    "indosum-1517625675-leicester-city-siapkan-denda-untuk-riyad-mahrez": {
        "persons": {"Riyad Mahrez", "Pep Guardiola"},
        "organizations": {"Leicester City", "Manchester City", "Daily Mirror"},
        "places": {"Aljazair", "King Power Stadium"}},
    "indosum-1496606400-daftar-juara-liga-champions-sejarah-real-madrid": {
        "persons": {"Zinedine Zidane", "Cristiano Ronaldo", "Gianluigi Buffon"},
        "organizations": {"Real Madrid", "Juventus", "AC Milan"},
        "places": {"Wales"}},
    "clickid-sindonews-8179d860de881e49": {
        "persons": {"Ridwan Kamil", "Daud Achmad"},
        "organizations": set(),
        "places": {"Jawa Barat", "Bandung", "Gedung Sate"}},
    "clickid-sindonews-7631227c4a385ccc": {
        "persons": {"Imam Nahrawi", "Febri Diansyah", "Miftahul Ulum"},
        "organizations": {"Komisi Pemberantasan Korupsi", "Kementerian Pemuda dan Olahraga",
                          "Partai Kebangkitan Bangsa"},
        "places": set()},
}


@pytest.fixture(scope="module")
def checked_articles():
    corpora = [shared(INDOSUM), shared(CLICK_ID)]
    articles = {}
    for path in corpora:
        for record in iter_inputs([str(path)]):
            if isinstance(record, RawRecord) and record.fields.get("id") in CHECKED:
                article = from_record(record)
                articles[article.id] = extract_entities(article.title, article.body)
    return articles


@pytest.mark.parametrize("article_id", sorted(CHECKED))
def test_hand_checked_corpus_article(checked_articles, article_id):
    found = checked_articles[article_id]
    for field, expected in CHECKED[article_id].items():
        assert expected <= set(found[field]), field
    persons = set(found["persons"])
    assert not persons & set(found["organizations"]) and not persons & set(found["places"])


def test_gold_annotations_are_well_formed():
    rows = [json.loads(line) for line in (ROOT / "bench" / "data_entities_gold.jsonl").read_text().splitlines()]
    assert len(rows) == 20 and len({row["id"] for row in rows}) == 20
    for row in rows:
        assert set(row) == {"id", "persons", "organizations", "places", "note"}


# --- the NER benchmark does not regress ----------------------------------------------------

def test_idner_test_f1_does_not_regress():
    path = shared(SHARED / "ner" / "idner-news-2k" / "test.txt")
    spec = importlib.util.spec_from_file_location("eval_entities", ROOT / "bench" / "eval_entities.py")
    evaluation = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluation)
    micro = evaluation.evaluate_ner(path)["micro"]
    assert micro["f1"] >= IDNER_TEST_F1 - 0.02, micro
