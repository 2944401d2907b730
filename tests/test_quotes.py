"""Tests for indexer.quotes: the seed article, each attribution pattern on short real corpus
passages (their article ids in comments), pronouns and descriptions, channels and outlets,
scare quotes, follow-on quotes, the word lists, and hostile input."""

import time

import pytest

from indexer.analysis import LEXICON_DIR, lexicon
from indexer.entities import extract_entities
from indexer.quotes import extract_quotes
from tests.conftest import SEED, seed_article

QUOTE_LISTS = ("quote_cues_after", "quote_verbs_before", "quote_verbs_quote_only", "quote_verbs_passive",
               "quote_channels", "quote_person_nouns")


def quotes_of(text: str) -> list[dict]:
    """``extract_quotes`` with the text's own entities, as the indexer calls it."""
    entities = extract_entities("", text)
    return extract_quotes(text, entities["persons"], entities["organizations"])


def said(text: str) -> list[tuple]:
    """(kind, speaker, cue, first three words of the text) of each quote and statement."""
    return [(q["kind"], q["speaker"], q["cue"], " ".join(q["text"].split()[:3])) for q in quotes_of(text)]


# --- the seed article ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_quotes():
    article = seed_article()
    entities = extract_entities(article.title, article.body)
    return extract_quotes(article.body, entities["persons"], entities["organizations"])


def test_seed_direct_quotes(seed_quotes):
    direct = [(q["speaker"], q["cue"], q["text"][:27]) for q in seed_quotes if q["kind"] == "direct"]
    assert direct == [("Jens Stoltenberg", "kata", "Kami tentu saja juga prihat"),
                      ("Jens Stoltenberg", "ujarnya", "Tetapi ini juga menunjukkan")]


def test_seed_indirect_statements(seed_quotes):
    indirect = [(q["speaker"], " ".join(q["text"].split()[:3])) for q in seed_quotes if q["kind"] == "indirect"]
    assert indirect == [
        ("Jens Stoltenberg", "aliansi itu mengikuti"),
        ("Jens Stoltenberg", "Korea Utara telah"),              # Menurut Stoltenberg, …
        ("Jens Stoltenberg", "China, Korea Utara,"),            # … menambahkan bahwa …
        ("Jens Stoltenberg", "Beijing, di bawah"),              # Dia menegaskan bahwa …
        ("Antony Blinken", "kunjungan Putin ke"),
        ("John Kirby", "AS tidak mempersoalkan"),
        ("John Kirby", "pasokan senjata dari"),
        ("Karine Jean-Pierre", "kerja sama Rusia-Korut"),       # … menegaskan kepada wartawan bahwa …
        ("Kurt Campbell", "Washington akan menemui"),
        ("Kurt Campbell", "Moskow bisa saja"),
        ("Bonnie Jenkins", "AS kehilangan kepercayaan"),
        ("Bonnie Jenkins", "Rusia justru melanggar"),           # Menurut Jenkins, …
    ]


def test_seed_roles(seed_quotes):
    roles = {q["speaker"]: q["role"] for q in seed_quotes}
    assert roles["Jens Stoltenberg"] == "Sekretaris Jenderal NATO"
    assert roles["John Kirby"] == "juru bicara Dewan Keamanan Nasional"
    assert roles["Karine Jean-Pierre"] == "Sekretaris Pers Gedung Putih"
    assert roles["Kurt Campbell"] == "Wakil Menteri Luar Negeri AS"
    assert roles["Bonnie Jenkins"] == "Wakil Menteri Luar Negeri AS untuk Pengendalian Senjata dan Keamanan Internasional"


def test_seed_texts_are_clean(seed_quotes):
    for q in seed_quotes:
        assert set(q) == {"speaker", "role", "text", "kind", "cue"}
        assert q["text"] == q["text"].strip() and not q["text"].endswith(",")
        assert not q["text"][0] in "“”\"" and not q["text"][-1] in "“”\""
    assert seed_quotes[3]["text"].endswith("tidak lagi menyembunyikannya")    # the whole quote, its comma cut


# --- direct quotes ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # indosum-1503292744-perwira-tinggi-tni-diprioritaskan-jaga-keamanan-kp: role, channel, mixed marks
    ("“Misalnya untuk posisi Kepala Bagian Keamanan (yang dijabat Pak Jalil),” kata Kepala Bagian "
     "Pemberitaan dan Publikasi KPK Priharsa Nugraha di Kantor KPK, Jakarta, Jumat (8/5).\n\n"
     "“Fasilitas seperti Rumah Tahanan Guntur. Kalau sumber daya manusia misalnya ya Kepala Bagian "
     "Keamanan Pak Jalil,\" kata Priharsa.",
     [("direct", "Priharsa Nugraha", "kata", "Misalnya untuk posisi"),
      ("direct", "Priharsa Nugraha", "kata", "Fasilitas seperti Rumah")]),
    # indosum-1474596047-kemenpora-minta-klarifikasi-insiden-pemukulan-peno: -nya and a chained verb
    ("Gatot pun mengatakan akan mengirim surat kepada PB PON untuk meminta klarifikasi.\n\n"
     "\"Termasuk jaminan untuk mengutamakan keamanan seluruh kontingen peserta,\" katanya menambahkan.",
     [("indirect", "Gatot", "mengatakan", "akan mengirim surat"),
      ("direct", "Gatot", "katanya", "Termasuk jaminan untuk")]),
    # clickid-okezone-056cec276a657df5: the verb before the quote
    ("Bambang Supriyanto menjelaskan, “Perhutanan Sosial 4.0 akan dapat melaksanakan berbagai program "
     "antara lain pemasaran digital.”",
     [("direct", "Bambang Supriyanto", "menjelaskan", "Perhutanan Sosial 4.0")]),
    # clickid-tempo-a8446b3eff4e4df8: a role in apposition after the cue
    ("“Malinov telah dituntut atas dugaan menempatkan dirinya dalam organisasi asing,” kata Wakil "
     "Kepala Jaksa Penuntut Bulgaria, Ivan Geshev.",
     [("direct", "Ivan Geshev", "kata", "Malinov telah dituntut")]),
    # clickid-okezone-dc393d47b1048f96: a comma right after the cue, the name after its role
    ("“Tapi ini tidak menyurutkan semangat personil untuk memberantas miras di wilayah hukum Polsek "
     "Salawati,” ucap, Paur Humas Polres Sorong, Ipda Amiruddin, kepada wartawan, Rabu (18/9/2019).",
     [("direct", "Amiruddin", "ucap", "Tapi ini tidak")]),
])
def test_direct_quotes(text, expected):
    assert said(text) == expected


def test_role_of_a_direct_quote():
    # indosum-1503292744-perwira-tinggi-tni-diprioritaskan-jaga-keamanan-kp
    [quote] = quotes_of("“Misalnya untuk posisi Kepala Bagian Keamanan (yang dijabat Pak Jalil),” kata "
                        "Kepala Bagian Pemberitaan dan Publikasi KPK Priharsa Nugraha di Kantor KPK, Jakarta.")
    assert quote["role"] == "Kepala Bagian Pemberitaan dan Publikasi KPK"


def test_the_speaker_named_after_the_quote():
    assert said("“Kami akan tetap mengawal kasus ini sampai selesai,” Budi Santoso menambahkan.") == [
        ("direct", "Budi Santoso", "menambahkan", "Kami akan tetap")]


def test_a_quote_introduced_at_the_end_of_the_previous_paragraph():
    # indosum-1507251989-minggu-ini-touchten-akan-luncurkan-playgamecom (shortened)
    text = ("Kepada DailySocial, CEO Touchten Anton Soeharyo selaku penggagas PlayGame.com menjelaskan:\n\n"
            "“Fokus kami memang sebagai pengembang mobile game, membuat game yang sesuai di pasar Indonesia.”")
    [quote] = extract_quotes(text, ["Anton Soeharyo"], ["DailySocial"])
    assert (quote["speaker"], quote["role"], quote["cue"]) == ("Anton Soeharyo", "CEO Touchten", "menjelaskan")


def test_a_quote_whose_opening_mark_was_lost():
    # clickid-tribunnews-f8b6637764855a8f: doubled apostrophes as marks, the first one missing
    text = ("Tetap melanjutkan perkuliahan di tempat semula sebagaimana biasanya sampai dengan selesai '' "
            "kata Willem.\n\n''Pemerintah menjamin keamanan. Laporkan kepada pihak berwajib setempat '' pungkas Willem.")
    assert [(q["speaker"], q["text"][:20]) for q in extract_quotes(text, ["Willem Wandik"], [])] == [
        ("Willem Wandik", "Tetap melanjutkan pe"), ("Willem Wandik", "Pemerintah menjamin ")]


# --- reported statements ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # indosum-1487486746-pilkada-dki-paling-banyak-praktik-politik-uang: parenthetical "kata X"
    ("“Ini kan modus namanya, modus yang mengarah politik uang,” kata Ketua Bawaslu DKI, Mimah Susanti.\n\n"
     "Bila terbukti, kata Mimah, pelanggaran itu bisa menggugurkan pasangan calon (paslon) yang bersangkutan.",
     [("direct", "Mimah Susanti", "kata", "Ini kan modus"),
      ("indirect", "Mimah Susanti", "kata", "Bila terbukti, pelanggaran")]),
    # clickid-okezone-722e17feaed325a6: parenthetical, then "Menurut X, …"
    ("Selain itu, kata Syarif, poin yang melemahkan lainnya adalah status Kepegawaian KPK berubah drastis.\n\n"
     "Menurut Syarif, hal-hal di atas tersebut berpotensi besar untuk mengganggu independensi KPK.",
     [("indirect", "Syarif", "kata", "Selain itu, poin"),
      ("indirect", "Syarif", "Menurut", "hal-hal di atas")]),
    # indosum-1479668436-hebat-nadine-chandrawinata-terlibat-kampanye-penye: the passive
    ("Nadine, 32, ingin fungsi hutan dikembalikan.\n\n"
     "Dijelaskan Nadine, hutan yang berada di tanah vulkanik tersebut unik dan cantik.",
     [("indirect", "Nadine", "Dijelaskan", "hutan yang berada")]),
    # indosum-1475877650-jateng-kirim-peserta-terbanyak-ke-tafisa-2016: a channel and a day between
    ("Ketua Federasi Olahraga Rekreasi Masyarakat Indonesia (FORMI) Jawa Tengah Rakun MP dalam keterangan "
     "tertulis yang diterima media di Jakarta, Rabu mengatakan jumlah atlet yang akan diberangkatkan sekitar 200 orang.",
     [("indirect", "Rakun", "mengatakan", "jumlah atlet yang")]),
])
def test_reported_statements(text, expected):
    assert said(text) == expected


def test_statement_after_a_channel_and_bahwa(seed_quotes):
    jean_pierre = next(q for q in seed_quotes if q["speaker"] == "Karine Jean-Pierre")
    assert jean_pierre["cue"] == "menegaskan" and jean_pierre["text"].startswith("kerja sama Rusia-Korut")


def test_menurutnya_and_a_closing_menurut():
    text = ("Kepala Dinas Kesehatan Provinsi Lampung, Reihana menyampaikan hingga saat ini belum ditemukan "
            "peredaran pil PCC di daerah setempat.\n\nNamun, menurutnya, Pemerintah Provinsi Lampung terus "
            "melakukan pengawasan ketat.\n\nHarga obat juga naik tajam bulan ini, menurut Reihana.")
    assert [(q["speaker"], q["cue"], q["text"][:22]) for q in extract_quotes(text, ["Reihana"], [])] == [
        ("Reihana", "menyampaikan", "hingga saat ini belum "),
        ("Reihana", "menurutnya", "Pemerintah Provinsi La"),
        ("Reihana", "menurut", "Harga obat juga naik t")]


def test_not_statements():
    assert said("Putin sebelumnya menulis di media pemerintah Korut bahwa Moskow dan Pyongyang akan "
                "membangun sistem perdagangan.") == []                          # writing, not saying
    assert said("Kedua kepala negara dijadwalkan bertemu pada Rabu, menurut kantor berita pemerintah "
                "Korut, KCNA.") == []                                            # an outlet
    assert said("Kabar terakhir menyebutkan kalau Schumacher menjalani proses penyembuhan.") == []
    assert said("Dengan kata lain, harga beras akan terus naik sampai akhir tahun.") == []


# --- who: pronouns, descriptions, subjects and objects ----------------------------------------

def test_dia_points_at_the_last_subject(seed_quotes):
    beijing = next(q for q in seed_quotes if q["text"].startswith("Beijing"))
    assert (beijing["speaker"], beijing["role"]) == ("Jens Stoltenberg", "Sekretaris Jenderal NATO")


def test_nya_points_at_the_subject_not_the_object():
    # indosum-1502014678-wakil-ketua-mpr-minta-jokowi-cairkan-dana-pramuka
    text = ("Wakil Ketua MPR RI Hidayat Nur Wahid meminta pemerintah segera mencairkan dana Pramuka yang "
            "ditunda pencairannya oleh Menteri Pemuda dan Olahraga Imam Nahrawi.\n\n\"Sudah saya sampaikan "
            "ke Pak Jokowi agar anggaran dana Pramuka segera dicairkan,\" katanya usai menjadi pembicara.")
    [quote] = quotes_of(text)
    assert (quote["speaker"], quote["role"], quote["cue"]) == ("Hidayat Nur Wahid", "Wakil Ketua MPR RI", "katanya")


@pytest.mark.parametrize("text, speaker", [
    # clickid-tempo-c76ce2381abdb2cc: "politikus Gerindra itu" is the last speaker, Desmond
    ("\"Anda pernah di LPSK 10 tahun? Sudah paham UU LPSK? Paham juga UU KPK, nggak?\" kata Desmond lagi.\n\n"
     "\"Paham,\" ujar Lili.\n\n\"Oke, kalau Anda paham, yang punya kapasitas dalam dua UU tersebut untuk JC "
     "siapa sebenarnya?\" kata politikus Gerindra itu.", "Desmond"),
    # clickid-okezone-dcf531c087f56b9b
    ("\"Jakarta itu masuknya di waktu yang tepat,\" ucap Anies di kawasan Monas, Jakarta Pusat.\n\n\"Nah, "
     "sekarang mereka sudah masuk break even point,\" ujar mantan Menteri Pendidikan dan Kebudayaan tersebut.",
     "Anies Baswedan"),
    # clickid-kapanlagi-b66b157f4f6cf32b
    ("Detektif bernama Greg Kading dari Kepolisian Los Angeles percaya Tupac dibunuh.\n\n\"Anderson sempat "
     "berselisih dengan Tupac hari itu, dan ia kembali dengan gengnya,\" ujar sang detektif.", "Greg Kading"),
])
def test_descriptions_point_back(text, speaker):
    assert [q["speaker"] for q in quotes_of(text)][-1] == speaker


def test_a_surname_is_the_full_name():
    [quote] = extract_quotes("“Kami tentu saja juga prihatin dengan potensi itu,” kata Stoltenberg.",
                             ["Jens Stoltenberg", "Antony Blinken"], ["NATO"])
    assert quote["speaker"] == "Jens Stoltenberg"


def test_an_unnamed_speaker_has_no_name_but_a_role():
    [quote] = extract_quotes("“Mereka benar-benar keterlaluan sampai akhir,” kata seorang warga Bintaro.", [], [])
    assert (quote["speaker"], quote["role"]) == (None, "seorang warga Bintaro")


def test_an_organization_speaks():
    # clickid-sindonews-d5d2f37f0f96e835
    [quote] = quotes_of("\"Asap melayang di atas pulau-pulau dan telah memicu peringatan kualitas udara,\" tulis NASA.")
    assert (quote["speaker"], quote["cue"]) == ("NASA", "tulis")


# --- channels and outlets are not speakers ---------------------------------------------------

@pytest.mark.parametrize("text, speaker", [
    # indosum-1499542200-mengenal-rekam-jejak-sekjen-baru-pssi
    ("\"Posisi Sekjen gampang-gampang susah untuk diisi,\" kata Hanif kepada CNNIndonesia.com di Kantor PSSI.", "Hanif"),
    # indosum-1487019624-tak-segera-berbenah-twitter-bisa-terus-merugi
    ("\"Kami percaya hanya perubahan user interface yang radikal bisa mengembangkan potensi pengguna inti,\" "
     "kata Mahaney seperti dikutip dari Reuters.", "Mahaney"),
    # indosum-1477003501-pesawat-latih-jatuh-di-persawahan-cilacap
    ("\"Kedua awak pesawat hanya mengalami luka,\" kata Djarot seperti dilansir Antara.", "Djarot"),
    # clickid-kompas-6e02aed76aceda4b
    ("\"Yang bersangkutan akan diperiksa sebagai saksi untuk tersangka SMT,\" kata Febri melalui keterangan "
     "tertulis, Kamis pagi.", "Febri"),
    # clickid-okezone-3ac55b309e8cd12c: the speaker quotes someone else
    ("\"Kalau suatu saat Reza diminta lagi bermain film, tolong bersedia ya,\" ujar Reza Rahardian menirukan "
     "perkataan mendiang BJ Habibie saat ditemui di TMP Kalibata.", "Reza Rahardian"),
])
def test_channels_are_not_speakers(text, speaker):
    assert [q["speaker"] for q in quotes_of(text)] == [speaker]


def test_the_seed_outlets_are_not_speakers(seed_quotes):
    assert not {"KCNA", "Reuters", "Vladimir Putin"} & {q["speaker"] for q in seed_quotes}


# --- scare quotes, titles, follow-on quotes --------------------------------------------------

def test_scare_quotes_and_titles_are_skipped():
    # indosum-1476515753-satuan-personel-gabungan-amankan-peparnas-xv, indosum-1476525617-pbfc-kalahkan-mitra-kukar-3-2
    assert said("Menpora Imam Nahrawi dijadwalkan membuka Peparnas XV/2016 yang mengusung semangat dan tema "
                "\"Terbanglah Garudaku Mendunia\".") == []
    assert said("Kemenangan itu cukup berarti bagi tim berjuluk \"Pesut Etam\" untuk mendongkrak posisi.") == []
    assert said("Ia menyebutnya “memalukan.” Semua pihak diminta tenang.") == []


def test_follow_on_quotes_take_the_last_speaker():
    # clickid-wowkeren-578563f8205a0d86: the same paragraph
    text = ("\"Dia itu mungkin sakit hati,” kata Dinar Candy di Polda Metro Jaya hari ini, Kamis (19/9). “Dia "
            "ambilin foto aku lagi tidur terus ada salah satu foto aku lagi tidur.\"")
    assert [(q["speaker"], q["cue"]) for q in quotes_of(text)] == [("Dinar Candy", "kata"), ("Dinar Candy", None)]
    # indosum-1498673700-westbrook-sabet-gelar-pemain-terbaik-nba: the next paragraph
    text = ("\"Semua orang di Oklahoma City memberikan jalan dan bersaing di level tertinggi,\" kata Westbrook "
            "seperti dikutip ESPN.\n\n\"Saya tidak bisa mengucapkan terima kasih kepada semua orang.\"")
    assert [q["speaker"] for q in extract_quotes(text, ["Russell Westbrook"], ["ESPN"])] == ["Russell Westbrook"] * 2


def test_an_unattributed_quote_far_from_any_speaker_is_left_out():
    text = ("“Saya datang ke sini untuk membantu,” kata Budi.\n\nHujan turun sejak pagi.\n\nJalan ditutup.\n\n"
            "“Kami menolak rencana pembangunan itu sampai kapan pun.”")
    assert len(extract_quotes(text, ["Budi"], [])) == 1


# --- word lists ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", QUOTE_LISTS)
def test_word_lists_name_their_origin_and_license(name):
    header = (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").split("\n\n")[0]
    assert "Origin:" in header and "quote-patterns.md" in header and "License" in header
    assert lexicon(name) and all(entry == entry.strip() for entry in lexicon(name))


# --- hostile and odd input -------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "", "\n\n\n", "“", "\"\"\"\"", "“”“”", "'' '' ''", "kata", "Menurut", ", kata ,", "Dijelaskan,",
    "“Saya datang ke sini untuk membantu kata Budi. “Lalu pergi lagi tanpa pamit,",       # unbalanced
    "Saya datang ke sini untuk membantu,” kata Budi. ” ” ”",
    "\x00\ufeff“Ini\u200b teks\u00a0aneh sekali ya,” kata 😀 Budi.",
])
def test_odd_input_does_not_fail(body):
    for quote in extract_quotes(body, ["Budi Santoso"], []):
        assert quote["kind"] in ("direct", "indirect") and quote["text"]


@pytest.mark.parametrize("body", [
    SEED.read_text(encoding="utf-8") * 80,                                        # 260 KB of real text
    "kata Budi mengatakan bahwa menurut dia " * 5000,                             # no sentence end
    ", kata Budi, mengatakan, menurut " * 6000,
    "“ \" ” '' " * 25000,                                                         # marks only
    "“Saya datang ke sini untuk membantu,” kata Budi. " * 4000,
    "Budi mengatakan " * 12000 + ".",
    ". " * 100000,
])
def test_200_kb_bodies_take_bounded_time(body):
    started = time.perf_counter()
    extract_quotes(body, ["Budi Santoso", "Jens Stoltenberg"], ["NATO"])
    assert time.perf_counter() - started < 3.0
