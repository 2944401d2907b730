"""Tests for indexer.article: datelines, boilerplate, titles, ids, dates, the JSON form
and the content hash, on hand-written articles in the corpus style and on real ones."""

import json
from datetime import datetime, timedelta, timezone
from itertools import islice

import pytest

from indexer.article import (Article, ArticleError, derive_title, from_record, paragraphs,
                             parse_dateline, parse_published, remove_boilerplate)
from indexer.sources import RawRecord, iter_inputs
from tests.conftest import CORPUS, shared

JAKARTA = timezone(timedelta(hours=7))

BI_RATE = """\
Bisnis.com, JAKARTA - Bank Indonesia mempertahankan suku bunga acuan BI 7-Day Reverse Repo Rate di level 5,25 persen pada Rapat Dewan Gubernur bulan ini. Keputusan itu sesuai dengan perkiraan sebagian besar ekonom.
Gubernur BI Perry Warjiyo mengatakan inflasi masih terkendali di kisaran sasaran 3,5 plus minus 1 persen.

Baca Juga
Rupiah Menguat Tipis Jelang Pengumuman Suku Bunga BI
"Kami melihat ruang pelonggaran masih terbuka," kata Perry di Kompleks Perkantoran BI, Jakarta, Kamis (19/9/2019). Baca juga: Kredit Perbankan Tumbuh Melambat
Simak Video Pilihan di Bawah Ini:
Editor: Rio Sandy Pradana
"""


def txt_record(body: str, path: str = "000_fa2b72a6b3e6f8b4.txt") -> RawRecord:
    return RawRecord({"body": body}, path, None, "txt")


def json_record(line: int = 3, path: str = "sub/articles.jsonl", **fields) -> RawRecord:
    fields.setdefault("body", "Warga Bogor membersihkan saluran air menjelang musim hujan.")
    return RawRecord(fields, path, line, "jsonl")


def corpus_records(name: str, count: int) -> list[RawRecord]:
    """The first COUNT records of a development corpus (see ``shared``)."""
    path = shared(CORPUS / name / "articles.jsonl")
    return list(islice(iter_inputs([str(path)]), count))


# --- a txt article end to end ---------------------------------------------------------

def test_txt_article_is_cleaned(tmp_path):
    (tmp_path / "ekonomi").mkdir()
    (tmp_path / "ekonomi" / "000_fa2b72a6b3e6f8b4.txt").write_text(BI_RATE, encoding="utf-8")
    [record] = iter_inputs([str(tmp_path)])

    art = from_record(record)

    assert art.id == "ekonomi/000_fa2b72a6b3e6f8b4"
    assert art.path == "ekonomi/000_fa2b72a6b3e6f8b4.txt"
    assert (art.source, art.city) == ("Bisnis.com", "Jakarta")
    assert paragraphs(art.body) == [
        "Bank Indonesia mempertahankan suku bunga acuan BI 7-Day Reverse Repo Rate di level 5,25 persen "
        "pada Rapat Dewan Gubernur bulan ini. Keputusan itu sesuai dengan perkiraan sebagian besar ekonom.",
        "Gubernur BI Perry Warjiyo mengatakan inflasi masih terkendali di kisaran sasaran 3,5 plus minus 1 persen.",
        '"Kami melihat ruang pelonggaran masih terbuka," kata Perry di Kompleks Perkantoran BI, Jakarta, '
        "Kamis (19/9/2019).",
    ]
    assert art.body == "\n\n".join(paragraphs(art.body))
    assert art.title == ("Bank Indonesia mempertahankan suku bunga acuan BI 7-Day Reverse Repo Rate "
                         "di level 5,25 persen pada…")
    assert (art.published, art.published_inferred, art.url, art.category, art.extra) == (None, False, "", "", {})


# --- datelines ------------------------------------------------------------------------

DATELINES = [
    # first line                                           source           city
    ("Bisnis.com, JAKARTA - Harga emas naik.",               "Bisnis.com",    "Jakarta"),
    ("Jakarta, CNN Indonesia -- Harga emas naik.",           "CNN Indonesia", "Jakarta"),
    ("JAKARTA, KOMPAS.com - Harga emas naik.",               "Kompas.com",    "Jakarta"),
    ("KOMPAS.com - Harga emas naik.",                        "Kompas.com",    ""),
    ("TEMPO.CO, Jakarta - Harga emas naik.",                 "Tempo.co",      "Jakarta"),
    ("Liputan6.com, Jakarta - Harga emas naik.",             "Liputan6.com",  "Jakarta"),
    ("JAKARTA (ANTARA) - Harga emas naik.",                  "Antara",        "Jakarta"),
    ("Jakarta (ANTARA) - Harga emas naik.",                  "Antara",        "Jakarta"),
    ("Sukabumi, Jawa Barat (ANTARA News) - Harga emas naik.", "Antara",       "Sukabumi"),
    ("SEOUL - Harga emas naik.",                             "",              "Seoul"),
    ("VIVA – Harga emas naik.",                              "VIVA",          ""),
    ("VIVA — Harga emas naik.",                              "VIVA",          ""),
    ("detikNews, Jakarta - Harga emas naik.",                "detikNews",     "Jakarta"),
    ("BANDAR LAMPUNG, KOMPAS.com - Harga emas naik.",        "Kompas.com",    "Bandar Lampung"),
    ("KAB. CIREBON -- Harga emas naik.",                     "",              "Kab. Cirebon"),
    ("JUARA.NET, KUALA LUMPUR - Harga emas naik.",           "Juara.net",     "Kuala Lumpur"),
]


@pytest.mark.parametrize("line, source, city", DATELINES)
def test_dateline_gives_source_and_city_and_is_removed(line, source, city):
    assert parse_dateline(line) == (source, city, "Harga emas naik.")
    art = from_record(txt_record(line + "\nPedagang di Pasar Baru ramai."))
    assert (art.source, art.city) == (source, city)
    assert paragraphs(art.body) == ["Harga emas naik.", "Pedagang di Pasar Baru ramai."]


NOT_DATELINES = [
    "Presiden Joko Widodo - yang hadir bersama Ibu Negara - meresmikan jalan tol.",
    "Berita - Kisah haru seorang kakak merawat adiknya.",        # capitalised word, not a city
    "Jakarta - Hujan deras mengguyur ibu kota.",                 # a city needs capitals to stand alone
    "Jokowi, Prabowo - dua nama itu kembali bertemu.",           # two names but no outlet
    "Harga emas naik - kata pedagang - pagi ini.",
    "Wafatnya Presiden Indonesia Ke- 3 Prof. Dr. Ing. H. Bacharuddin Jusuf Habibie.",
    "Rabu (11/9/2019) Pukul 18.05 WIB, - Presiden ketiga wafat.",
]


@pytest.mark.parametrize("line", NOT_DATELINES)
def test_ordinary_first_sentence_is_not_a_dateline(line):
    assert parse_dateline(line) == ("", "", line)


def test_dateline_in_json_body_fills_only_what_the_record_lacks():
    body = "JAKARTA, KOMPAS.com - Harga cabai naik."
    bare = from_record(json_record(body=body))
    assert (bare.source, bare.city, bare.body) == ("Kompas.com", "Jakarta", "Harga cabai naik.")
    own = from_record(json_record(body=body, source="kompas", city="Bogor"))
    assert (own.source, own.city, own.body) == ("kompas", "Bogor", "Harga cabai naik.")


# --- boilerplate ----------------------------------------------------------------------

BOILERPLATE = [
    "Baca Juga: Harga Cabai Melonjak di Pasar Induk",
    "Baca juga Harga Cabai Melonjak",
    "BACA JUGA: Harga Cabai Melonjak",
    "Simak juga: Rupiah Menguat",
    "Simak Video Pilihan di Bawah Ini:",
    "Lihat juga: Banjir di Kampung Melayu",
    "Editor: Rio Sandy Pradana",
    "Penulis: Annesa K. Ramadhany",
    "Reporter: Fair Cholis",
    "Sumber: Kementerian Perhubungan",
    "Foto: Antara/Sigid Kurniawan",
    "Video: Detik-detik Banjir Bandang",
    "Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com.",
    "Ikuti kami di Instagram @beritaterkini",
    "Follow Instagram kami untuk info terbaru",
    "Klik di sini untuk berlangganan.",
    "Scroll untuk melanjutkan membaca",
    "ADVERTISEMENT",
    "Simak berita lainnya di Google News",
    "Simak Google News dan Channel WhatsApp Bisnis.com untuk berita terbaru setiap hari.",
]


@pytest.mark.parametrize("para", BOILERPLATE)
def test_boilerplate_paragraph_is_dropped(para):
    assert remove_boilerplate(["Warga mengungsi.", para, "Air mulai surut."]) == [
        "Warga mengungsi.", "Air mulai surut."]


@pytest.mark.parametrize("para", [
    "Sumber air bersih warga kini tercemar limbah.",             # "Sumber" without a colon
    "Simak bagaimana warga bergotong royong membersihkan lumpur.",
    "Penulisan laporan keuangan perusahaan itu diperiksa auditor.",
    "Ia mengaku sudah baca juga laporan itu.",                   # lower-case "baca juga"
])
def test_ordinary_paragraph_is_kept(para):
    assert remove_boilerplate([para]) == [para]


@pytest.mark.parametrize("alone", ["Baca Juga", "Baca juga:", "BACA JUGA :"])
def test_baca_juga_alone_drops_the_headline_line_after_it(alone):
    body = f"Harga cabai naik.\n{alone}\nPetani Cabai di Garut Merugi\nPedagang mengeluh."
    assert paragraphs(from_record(txt_record(body)).body) == ["Harga cabai naik.", "Pedagang mengeluh."]


def test_inline_baca_juga_is_cut():
    assert remove_boilerplate([
        "Pedagang mengeluh sepi pembeli. Baca juga: Harga Cabai Melonjak",
        "Kapal itu tenggelam. (Baca juga: Dua Nelayan Hilang) Tim SAR masih mencari korban.",
        "Angin kencang melanda pesisir. (Baca Juga: Gelombang Tinggi Ancam Nelayan",
        "BACA JUGA: Pelabuhan Ditutup",
    ]) == ["Pedagang mengeluh sepi pembeli.", "Kapal itu tenggelam. Tim SAR masih mencari korban.",
           "Angin kencang melanda pesisir."]


# --- titles ---------------------------------------------------------------------------

TITLES = [
    ("Harga cabai di Pasar Induk naik tajam. Pedagang mengeluh.", "Harga cabai di Pasar Induk naik tajam"),
    ("Benarkah harga cabai naik lagi? Pedagang mengeluh.", "Benarkah harga cabai naik lagi?"),
    ("Prof. Dr. H. Budi Santoso tiba di Jakarta. Ia disambut warga.", "Prof. Dr. H. Budi Santoso tiba di Jakarta"),
    ("Inflasi mencapai 3,5 persen atau Rp1.500 per kilogram. Itu tinggi.",
     "Inflasi mencapai 3,5 persen atau Rp1.500 per kilogram"),
    ("Tanpa titik di akhir kalimat", "Tanpa titik di akhir kalimat"),
]


@pytest.mark.parametrize("body, title", TITLES)
def test_title_is_the_first_sentence(body, title):
    assert derive_title(body) == title


def test_long_title_is_cut_at_a_word_boundary():
    body = ("Pemerintah Provinsi DKI Jakarta bersama Kementerian Pekerjaan Umum dan Perumahan Rakyat "
            "memulai normalisasi Kali Ciliwung di kawasan Kampung Melayu pekan depan. Warga setuju.")
    title = derive_title(body)
    assert len(title) <= 100 and title.endswith("…")
    assert body.startswith(title.removesuffix("…") + " ")
    assert title == ("Pemerintah Provinsi DKI Jakarta bersama Kementerian Pekerjaan Umum dan "
                     "Perumahan Rakyat memulai…")


def test_record_title_is_kept_and_tidied():
    art = from_record(json_record(title="  Warga Bogor\nBersih-bersih Kali  "))
    assert art.title == "Warga Bogor Bersih-bersih Kali"


# --- ids ------------------------------------------------------------------------------

@pytest.mark.parametrize("record, expected", [
    (json_record(id="  clickid-tempo-1a2b  "), "clickid-tempo-1a2b"),
    (json_record(id=1234), "1234"),
    (json_record(id=""), "sub/articles:3"),
    (json_record(), "sub/articles:3"),
    (json_record(line=7, path="dump.jsonl.gz"), "dump:7"),
    (json_record(line=2, path="rows.csv"), "rows:2"),
    (txt_record("SEOUL - Isi."), "000_fa2b72a6b3e6f8b4"),
    (txt_record("SEOUL - Isi.", path="2019/09/berita.txt"), "2019/09/berita"),
])
def test_id_is_the_records_own_or_its_path(record, expected):
    assert from_record(record).id == expected


def test_ids_are_stable_across_reads(tmp_path):
    (tmp_path / "a.txt").write_text(BI_RATE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"body": "Satu."}\n{"body": "Dua."}\n', encoding="utf-8")
    first, second = ([from_record(r).id for r in iter_inputs([str(tmp_path)])] for _ in range(2))
    assert first == second == ["a", "b:1", "b:2"]


# --- published ------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2019-09-12T10:11:00+07:00", datetime(2019, 9, 12, 10, 11, tzinfo=JAKARTA)),
    ("2019-09-12 10:11:00", datetime(2019, 9, 12, 10, 11, tzinfo=JAKARTA)),
    ("2019-09-12", datetime(2019, 9, 12, tzinfo=JAKARTA)),
    ("12/09/2019", datetime(2019, 9, 12, tzinfo=JAKARTA)),
    ("12-09-2019 10:11 WIB", datetime(2019, 9, 12, 10, 11, tzinfo=JAKARTA)),
    ("12 September 2019 10:11 WITA", datetime(2019, 9, 12, 10, 11, tzinfo=timezone(timedelta(hours=8)))),
    ("2019-09-12T03:11:00Z", datetime(2019, 9, 12, 3, 11, tzinfo=timezone.utc)),
    ("Sep 12, 2019", datetime(2019, 9, 12, tzinfo=JAKARTA)),
])
def test_published_is_parsed_and_aware(value, expected):
    published = from_record(json_record(published=value)).published
    assert published == expected and published.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("value", [None, "", "   ", "kemarin sore", "September 2019", "10:11",
                                   1568268000, ["2019"]])
def test_unusable_published_becomes_none(value):
    art = from_record(json_record(published=value))
    assert art.published is None and art.published_inferred is False


def test_naive_published_is_jakarta_time():
    published = parse_published("2019-09-12 10:11:00")
    assert published.tzinfo.key == "Asia/Jakarta"


# --- other fields ---------------------------------------------------------------------

def test_fields_are_stripped_and_unknown_keys_kept():
    art = from_record(json_record(source=" Tempo.co ", url=" https://tempo.co/read/1 ", category=None,
                                  lang="id", tags=["banjir", "Bogor"], summary={"text": "x"}))
    assert (art.source, art.url, art.category) == ("Tempo.co", "https://tempo.co/read/1", "")
    assert art.extra == {"lang": "id", "tags": ["banjir", "Bogor"], "summary": {"text": "x"}}


@pytest.mark.parametrize("body, reason", [
    ("", "no body"),
    ("  \n\n \u200b ", "no body"),
    (None, "no body"),
    (["Satu.", "Dua."], "no body"),
    ("JAKARTA, KOMPAS.com -\nBaca juga: Harga Cabai Melonjak\nEditor: Budi", "no body left"),
])
def test_record_without_body_is_an_error(body, reason):
    with pytest.raises(ArticleError, match=reason):
        from_record(json_record(body=body))


# --- real articles --------------------------------------------------------------------

def test_real_corpus_records_become_articles():
    for record in corpus_records("indosum", 150) + corpus_records("click-id", 150):
        art = from_record(record)
        assert art.id == record.fields["id"]
        assert art.title and art.body and art.published and art.published.tzinfo
        assert art.source == record.fields["source"]
        assert all(paragraphs(p) == [p] for p in paragraphs(art.body))


def test_real_cnn_dateline_gives_the_city():
    record = corpus_records("indosum", 1)[0]
    assert record.fields["body"].startswith("Jakarta, CNN Indonesia -- ")
    art = from_record(record)
    assert (art.source, art.city) == ("cnn indonesia", "Jakarta")      # the record's source wins
    assert art.body.startswith("Komisi Pemberantasan Korupsi")


# --- JSON form and content hash -------------------------------------------------------

def enriched(art: Article) -> Article:
    art.persons, art.organizations, art.places = ["Perry Warjiyo"], ["Bank Indonesia"], ["Jakarta"]
    art.quotes = [{"speaker": "Perry Warjiyo", "role": "Gubernur BI", "kind": "direct", "cue": "kata",
                   "text": "Kami melihat ruang pelonggaran masih terbuka"}]
    art.dates = ["2019-09-19"]
    return art


def test_to_json_uses_design_names_and_iso_dates():
    art = from_record(json_record(published="2019-09-12 10:11", lang="id"))
    data = art.to_json()
    assert list(data) == ["id", "title", "body", "published", "source", "city", "url", "category", "path",
                          "published_inferred", "persons", "organizations", "places", "quotes", "dates",
                          "extra"]
    assert data["published"] == "2019-09-12T10:11:00+07:00"
    assert data["extra"] == {"lang": "id"}
    assert json.loads(json.dumps(data)) == data


def test_json_round_trip_on_real_and_enriched_articles(tmp_path):
    (tmp_path / "bi.txt").write_text(BI_RATE, encoding="utf-8")
    arts = [from_record(r) for r in corpus_records("indosum", 20) + corpus_records("click-id", 20)]
    arts += [enriched(from_record(r)) for r in iter_inputs([str(tmp_path)])]
    for art in arts:
        data = json.loads(json.dumps(art.to_json()))
        again = Article.from_json(data)
        assert again == art and again.to_json() == data
        assert again.content_hash() == art.content_hash()


def test_content_hash_follows_the_cleaned_content_only():
    art = from_record(txt_record(BI_RATE))
    digest = art.content_hash()
    assert len(digest) == 40 and int(digest, 16) >= 0
    assert from_record(txt_record(BI_RATE)).content_hash() == digest            # deterministic
    assert from_record(txt_record(BI_RATE + "\n\nEditor: Budi\n")).content_hash() == digest
    assert enriched(art).content_hash() == digest                               # extraction is not content
    art.path, art.extra = "elsewhere.txt", {"lang": "id"}
    assert art.content_hash() == digest
    changed = from_record(txt_record(BI_RATE.replace("5,25 persen", "5 persen")))
    assert changed.content_hash() != digest
    changes = [("title", "Judul lain"), ("source", "Kontan"), ("city", "Bogor"), ("url", "u"),
               ("category", "ekonomi"), ("id", "x"), ("published", datetime(2019, 9, 19, tzinfo=JAKARTA))]
    for field, value in changes:
        other = from_record(txt_record(BI_RATE))
        setattr(other, field, value)
        assert other.content_hash() != digest, field
