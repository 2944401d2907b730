"""Tests for indexer.dates: dates mentioned in real corpus snippets, year inference from
weekdays and across the new year, the seed article, vague expressions and false friends,
publication dates inferred from text, and the from/to date filters."""

import json
from datetime import date, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from indexer.article import parse_published
from indexer.dates import (JAKARTA, DateFilterError, infer_published, mentioned_dates,
                           parse_date_filter)
from tests.conftest import CORPUS, SEED, seed_article, shared



def on(day: str) -> datetime:
    """A publication date: DAY (yyyy-mm-dd) at midnight in Jakarta."""
    return datetime.fromisoformat(day).replace(tzinfo=JAKARTA)


def days(*isos: str) -> list[date]:
    return [date.fromisoformat(iso) for iso in isos]


# --- real expressions -----------------------------------------------------------------

# (snippet as it appears in the corpus, its article's publication date, the dates it
# mentions). Article ids in the comments; expected dates checked by reading.
REAL = [
    # Hari (d/m/yyyy), the common form
    ("kata Vicky saat dihubungi Kompas.com, Jumat (20/9/2019). Vicky menambahkan,",
     "2019-09-20", ["2019-09-20"]),  # clickid-kompas-b3045dd4d300e712
    ("keterangan tertulis yang diterima, Selasa (17/9/2019). Rudy mengatakan, aksi",
     "2019-09-17", ["2019-09-17"]),  # clickid-sindonews-6e01e5ca24324996
    ("Kompleks Parlemen, Senayan, Jakarta, Rabu (11/9/2019). Nawawi pun mengaku",
     "2019-09-11", ["2019-09-11"]),  # clickid-sindonews-a456b3609c87ed34
    ("Timika ke Ilaga, Kabupaten Puncak, pada Rabu (18/9/2019). Sebelum hilang kontak,",
     "2019-09-19", ["2019-09-18"]),  # clickid-kompas-000be96d559a965e
    ("tiga lokasi pada Kamis (5/9/2019) dan Senin (9/9/2019). Argo mengatakan dengan",
     "2019-09-10", ["2019-09-05", "2019-09-09"]),  # clickid-tribunnews-d46d8b0016805540
    ("mempertimbangkan kondisi tersebut,\" ujarnya, Jum'at (13/9/2019). Sementara tinggi",
     "2019-09-13", ["2019-09-13"]),  # clickid-sindonews-b9ca2b3eecd839db
    ("Merabu, Kecamatan Kelay, Berau, pada Selasa (27/8/2019), sekitar pukul 15.00 WITA.",
     "2019-09-19", ["2019-08-27"]),  # clickid-kompas-b897b1bed83b1eee
    ("dikremasi di Krematorium Mumbul, Selasa (17/9/2019) pukul 14.00 WITA. Upacara",
     "2019-09-17", ["2019-09-17"]),  # clickid-kompas-f7beb791d70f9657
    ("penemuan mayat pria tanpa identitas, Senin (16/9/2019), sekitar pukul 11.00 WIT.",
     "2019-09-16", ["2019-09-16"]),  # clickid-okezone-1a2274b2f38bda13
    ("Samsul Widodo dalam pernyataannya, Selasa(10/9/2019. Kegiatan yang terbuka",
     "2019-09-10", ["2019-09-10"]),  # clickid-tribunnews-4c1e477e6311a4e3
    ("Sumba Timur. Keesokannya harinya, Jumat (21-04-2017) sekitar pukul 09.50",
     "2017-04-24", ["2017-04-21"]),  # indosum-1493060454-siswi-sma-maling-motor-teman-di-sekolah
    # two-digit years after a weekday
    ("Emil di Gedung Pakuan, Kota Bandung, Kamis (12/9/19). Emil pun dijadwalkan",
     "2019-09-12", ["2019-09-12"]),  # clickid-sindonews-3ea5ffe489a95071
    ("hasil pemeriksaan saksi-saksi kemarin (Senin, 16/9/19), APAR yang tersedia",
     "2019-09-17", ["2019-09-16"]),  # clickid-tempo-6f76d6d448ae3154
    # Hari (d/m): the year comes from the publication date
    ("ujar Dadang dalam keterangan tertulis, Selasa (17/9). \"Pelemahan KPK dalam",
     "2019-09-17", ["2019-09-17"]),  # clickid-wowkeren-8037c5432aea7939
    ("menjalani pemeriksaan di KBRI Singapura, Senin (14/8). Kabid Humas Polda Metro",
     "2017-08-17", ["2017-08-14"]),  # indosum-1502951380-kubu-novel-polisi-terburu-terburu-nil
    ("baru-baru ini. Pada dua hari yang lalu, Selasa (24/9) Via terlihat membagikan",
     "2019-09-26", ["2019-09-24"]),  # clickid-wowkeren-2a2ace9e3fef8fec
    ("kawasan Bintaro, Tangerang Selatan pada Jumat (20/9) seperti dilansir dari.",
     "2019-09-21", ["2019-09-20"]),  # clickid-wowkeren-d2bf4469fa2d26f0
    ("pekan ini di Sirkuit Jerez, Spanyol, Minggu (7/5). Sirkuit Jerez merupakan",
     "2017-05-03", ["2017-05-07"]),  # indosum-1493919000-jerez-sirkuit-spanyol-jajahan-valent
    ("kata Imam di kawasan Jakarta Pusat, Minggu (23/7). Menurutnya, pemerintah",
     "2017-07-23", ["2017-07-23"]),  # indosum-1500918720-menpora-setop-aliran-dana-untuk-ormas
    ("terlihat di depan aula SMA Negeri 3 Medan, Kamis (20/06) Mengantarkan anak",
     "2019-06-19", ["2019-06-20"]),  # clickid-posmetro-medan-b000c5c95ddba8b6
    ("perlintasan kereta api Jalan Sutomo, Kamis (27/06). Adalah Febri Br Sinaga.",
     "2019-06-27", ["2019-06-27"]),  # clickid-posmetro-medan-e9624b9be532a1f8
    ("persen,\" kata Hery di Jawa Barat, Kamis (5/9). \"Bulan terakhir ini",
     "2019-09-19", ["2019-09-05"]),  # clickid-wowkeren-d54170e9bd83075d
    ("Grand Indonesia, Jakarta Pusat, Jumat (8/9). Selain diminta harus",
     "2017-09-10", ["2017-09-08"]),  # indosum-1504993540-jefri-nichol-dipaksa-tersenyum-saat-s
    # the Community Shield was on Sunday 6 August 2017: a weekday slip keeps the nearest day
    ("Community Shiled di Wembley Stadium, Kamis (6/8) malam WIB.",
     "2017-07-30", ["2017-08-06"]),  # indosum-1501437600-willian-tur-pramusim-untungkan-chelsea
    # across the new year
    ("Bandung Bermartabat, Kuswara S. Taryono, Kamis (4/1). Dengan adanya Igbonefo",
     "2018-01-04", ["2018-01-04"]),  # indosum-1515182400-victor-igbonefo-resmi-ke-persib
    ("Daejeon dengan tema ' Number One ' pada Senin (25/12) di Gocheok Sky Dome.",
     "2017-12-28", ["2017-12-25"]),  # indosum-1514605500-3-festival-musik-penutup-tahun-2017-d
    ("menggunakan jet pribadi dari Cancun, pada Sabtu (30/12). Di Cancun, pelantun",
     "2018-01-02", ["2017-12-30"]),  # indosum-1515009600-perayaan-tahun-baru-romantis-ala-bieb
    ("teman-temannya menyambut 2018 pada Minggu (31/12), Bieber ikut bergabung",
     "2018-01-02", ["2017-12-31"]),  # indosum-1515009600-perayaan-tahun-baru-romantis-ala-bieb
    # a weekday with a time of day or another qualifier before the parentheses
    ("dikonfirmasi oleh kumparan (kumparan.com), Senin malam (27/3). Tarzan menyebut Eko",
     "2017-03-28", ["2017-03-27"]),  # indosum-1490701552-pelawak-eko-dj-meninggal-dunia
    ("Mampang Prapatan, Jakarta Selatan, Kamis malam (20/9/2019). \"Selalu men-, ayahnya,",
     "2019-09-20", ["2019-09-20"]),  # clickid-kompas-2c52edf621240e96
    ("berbahaya pada Selasa malam (17/9/2019) dan Rabu pagi (18/9/2019) akibat asap",
     "2019-09-18", ["2019-09-17", "2019-09-18"]),  # clickid-sindonews-a73c80e7b31f03ce
    ("mengguyur wilayah Kabupaten Sumedang sejak Selasa kemarin (20/9). \"Kendaraan kita",
     "2016-09-21", ["2016-09-20"]),  # indosum-1474497013-longsor-di-sumedang-tiga-tewas-dan-sa
    ("dalam serangan di kilang minyak Aramco Sabtu dini hari (14/9/2019). Maliki menegaskan",
     "2019-09-19", ["2019-09-14"]),  # clickid-kompas-78f6429ec433d906
    ("tersebut. “Iya benar, kejadiannya Sabtu kemarin (14/09/2019) sekitar pukul 16.00",
     "2019-09-16", ["2019-09-14"]),  # clickid-kompas-6a84a1886d49425b
    ("Phoenix ini pun sudah dirilis pada hari Rabu malam (3/4/2019) WIB. Trailer diawali",
     "2019-04-04", ["2019-04-03"]),  # clickid-kapanlagi-12d93813fa77f27d
    ("dengan pimpinan KPK akan dilakukan Senin pekan depan (5/6). \"Saya akan minta",
     "2017-06-01", ["2017-06-05"]),  # indosum-1496346300-amien-rais-akan-temui-kpk-klarifikasi
    ("Pemberantasan Korupsi (KPK) pada Sabtu kemarin (15/10) di Kebumen, Jawa Tengah,",
     "2016-10-17", ["2016-10-15"]),  # indosum-1476677751-kpk-tangkap-tangan-dua-tersangka-sua
    # a day word instead of a weekday, or the weekday inside the parentheses
    ("daerah Expo Waena, Jayapura, Papua, pada hari ini (23/9) rupanya berakhir rusuh.",
     "2019-09-23", ["2019-09-23"]),  # clickid-wowkeren-ec891858cff56c42
    ("sebagai tuan rumah Formula E 2020 pada hari ini (20/9). Konferensi pers pun",
     "2019-09-20", ["2019-09-20"]),  # clickid-wowkeren-2362041aa6b5f35f
    ("Masjid Nasional Al Akbar Surabaya (MAS) kemarin (22/9). Anak tangga menuju",
     "2019-09-30", ["2019-09-22"]),  # clickid-posmetro-medan-fead549c922a32f3
    ("oleh pemerintah. \"Kemungkinan iya, besok (24/9) akan ada aksi lagi bareng",
     "2019-09-24", ["2019-09-24"]),  # clickid-wowkeren-6096c1310a3c6403
    ("tersebar di media sosial sejak semalam (25/9). Para pelajar ini juga",
     "2019-09-26", ["2019-09-25"]),  # clickid-wowkeren-2112d796c83466c2
    ("Cakung, Jakarta Timur pada pagi ini (29/9). Kala insiden tersebut",
     "2019-09-29", ["2019-09-29"]),  # clickid-wowkeren-019fe79170bfa85f
    ("gempa dengan magnitudo 6,8 pagi tadi (26/9). Usai gempa, Bandara",
     "2019-09-26", ["2019-09-26"]),  # clickid-wowkeren-33a844f0a624dafd
    ("pada Jumat dini hari. \"Dari kemarin (Kamis, 19/9) sore kami sudah menerima",
     "2019-09-20", ["2019-09-19"]),  # clickid-tempo-db19d0cead41bbe5
    ("perdagangan Bursa Efek Indonesia pada (Selasa, 17/10), investor asing kembali",
     "2017-10-18", ["2017-10-17"]),  # indosum-1508302064-ihsg-selasa-ditutup-turun-tipis-237-p
    ("akan dilaksanakan esok hari (Rabu, 18/9/2019).",
     "2019-09-17", ["2019-09-18"]),  # clickid-sindonews-c0b2c865caa940c3
    # day ranges: their first and last day
    ("bakal berlangsung pada, Senin-Sabtu (24-29/9/2019) mendatang ini, EV Trisula",
     "2019-09-16", ["2019-09-24", "2019-09-29"]),  # clickid-okezone-e4491d3ff62ba036
    ("sekolahnya pada Kamis sampai Sabtu (11-14/9/2019). \"Kondisi kabut asap",
     "2019-09-15", ["2019-09-11", "2019-09-14"]),  # clickid-kompas-9f9534e94c44ba2f
    ("rektor tersaring di depan pakar pada 18-20 September 2019). Agenda ini sekaligus",
     "2019-09-16", ["2019-09-18", "2019-09-20"]),  # clickid-okezone-1933fb4b60c11253
    ("mengatakan bahwa sampul Majalah Tempo edisi 16-22 September 2019 bukan",
     "2019-09-16", ["2019-09-16", "2019-09-22"]),  # clickid-tempo-0037e3a5ef388f16
    ("diterapkan pada Selasa-Jumat pekan ini, 9-13 September 2019, sebanyak 8.101",
     "2019-09-14", ["2019-09-09", "2019-09-13"]),  # clickid-tempo-a21aa05dd079888a
    ("(11-12 September), Diplomatic Tour (13-15 September), dan terakhir Festival",
     "2019-09-15",
     ["2019-09-11", "2019-09-12", "2019-09-13", "2019-09-15"]),  # clickid-kompas-082c872c786435bf
    ("Loka, dilaksanakan di Sumbawa, tanggal 2-3 April. Acara terdiri dari",
     "2019-04-02", ["2019-04-02", "2019-04-03"]),  # clickid-kapanlagi-621b620e19ab4c96
    ("bunga acuan 25 bps pada pertemuan 17-18 September mendatang,\" ujar Ibrahim dalam",
     "2019-09-11", ["2019-09-17", "2019-09-18"]),  # clickid-okezone-c85ff15a7229d45e
    ("aksi protes hasil Pilpres 2019 pada 21-22 Mei lalu di depan Badan Pengawas",
     "2019-09-27", ["2019-05-21", "2019-05-22"]),  # clickid-wowkeren-4327b6e29fd4fa70
    ("akan dilakukan mulai hari ini 12 - 14 Sept 2019,\" ujar Juru bicara KPK",
     "2019-09-12", ["2019-09-12", "2019-09-14"]),  # clickid-sindonews-4ba58ef21b28e148
    ("akan hadir di Bandung-Paskal 23 (11-13 Okt), Surabaya-Ciputra Mall",
     "2019-09-20", ["2019-10-11", "2019-10-13"]),  # clickid-sindonews-75c28e494834d566
    ("ditutup di Kota Kasablanka, Jakarta (6-8 Des). \"Daihatsu ingin mendekatkan",
     "2019-09-20", ["2019-12-06", "2019-12-08"]),  # clickid-sindonews-75c28e494834d566
    # the long form, with and without weekday and year
    ("15-1. Jadwal pertandingan berikutnya: Jumat, 20 September 2019 (Stadion Madya) 15.30",
     "2019-09-19", ["2019-09-20"]),  # clickid-tempo-ebfd0a93378d7d13
    ("rancangan awal RPJMN 2020-2024 di Ambon, Kamis, 12 September 2019. Laporan Bank",
     "2019-09-12", ["2019-09-12"]),  # clickid-tempo-c4e53a89633aa019
    ("RKUHP Mulfachri Harahap ini tuntas Ahad, 15 September 2019 malam. \"Pasal-pasal",
     "2019-09-16", ["2019-09-15"]),  # clickid-tempo-7430360b7bda327c
    ("palsu tampil di panggung runway, pada Ahad, 8 September 2019. Daisy-May Demetre,",
     "2019-09-10", ["2019-09-08"]),  # clickid-tempo-944c839b72fc033a
    ("garis keras di Yaman, Houthi, pada Sabtu, 14 September 2019, melancarkan serangan",
     "2019-09-15", ["2019-09-14"]),  # clickid-tempo-d0d2569ec0a19d9d
    ("Pratikno di Gedung Setneg, Jakarta Pusat, Rabu 11 September 2019. Pratikno tidak",
     "2019-09-12", ["2019-09-11"]),  # clickid-okezone-65e6aedeb6555641
    ("Muda Indonesia (HIPMI) di Jakarta, Senin 16 September 2019. Jokowi mengatakan",
     "2019-09-16", ["2019-09-16"]),  # clickid-tempo-e52616b5d9229e35
    ("Bacharuddin Jusuf Habibie, pada hari Rabu, 11 September 2019, pukul 18.05 WIB.",
     "2019-09-12", ["2019-09-11"]),  # clickid-tempo-5383d50df56d8034
    ("Laura berharap film yang akan tayang pada 24 Oktober 2019, itu dapat diterima",
     "2019-09-19", ["2019-10-24"]),  # clickid-tempo-92c738d8fcc38733
    ("Perjalanan dimulai dari kota Xi'an, Cina, pada 17 Juli 2019 dan tiba di Frankfurt,",
     "2019-09-13", ["2019-07-17"]),  # clickid-tempo-4e27256e356bb98d
    ("Ainun 3, yang baru akan ditayangkan pada 19 Desember 2019. Maudy berkesempatan",
     "2019-09-12", ["2019-12-19"]),  # clickid-tempo-35238e7eafef46af
    ("setimnya di Ajax Amsterdam, Piet Keizer, pada 13 Juni 1967. Benih-benih cinta pun",
     "2019-09-13", ["1967-06-13"]),  # clickid-okezone-1fd5caef647843e2
    ("Indonesia. SI memiliki peran dalam kerusuhan 29 Agt 2019 di Papua yakni membantu",
     "2019-09-12", ["2019-08-29"]),  # clickid-okezone-27fb20a482a6b6d2
    ("LP/147/IX/2018/SU/Lkt/Sek- Stabat, Tgl 13 september 2018. Dalam hal pelapor atas",
     "2019-06-18", ["2018-09-13"]),  # clickid-posmetro-medan-417adbd77b0c7659
    ("para tokoh elite Golkar di Jakarta Minggu 15 September malam bersama seluruh",
     "2019-09-18", ["2019-09-15"]),  # clickid-sindonews-c4c16662ee838d5d
    ("penasihat hukum akan berlangsung pada Rabu 18 September mendatang.",
     "2019-09-11", ["2019-09-18"]),  # clickid-sindonews-f2099925ef704c7a
    ("and proper test ini dilakukan pada Rabu 11 September dan Kamis 12 September",
     "2019-09-13", ["2019-09-11", "2019-09-12"]),  # clickid-sindonews-ed40a5733b88e02c
    ("penuh belas kasih merespons tragedi 22 Mei lalu. Alih-alih menebar kebencian",
     "2017-06-14", ["2017-05-22"]),  # indosum-1497575700-ariana-grande-dapat-tanda-kehormatan
    ("Rapat Kerja dengan Komisi V DPR-RI pada 26 Agustus lalu, Menteri Lingkungan",
     "2019-08-27", ["2019-08-26"]),  # clickid-okezone-b86516d17cee611b
    ("pulang sebelum perayaan milad FPI, 17 Agustus mendatang. \"Kalau pulang lebih",
     "2017-07-24", ["2017-08-17"]),  # indosum-1500954300-polisi-segera-periksa-rizieq-jika-had
    ("menanti launcing tahapan pemilu pada 14 juni, dan menanti Peraturan",
     "2017-06-01", ["2017-06-14"]),  # indosum-1496362020-kpu-belum-banyak-nphd-disepakati-unt
    ("melahirkan putra keduanya secara normal pada 2 september lalu. Sandra pun",
     "2019-09-18", ["2019-09-02"]),  # clickid-wowkeren-b1b52f1791b12a1e
    ("failed to leave the European Union on 29 March, as originally intended,",
     "2019-09-12", ["2019-03-29"]),  # clickid-sindonews-098dd94c69d437a2
    # numeric forms
    ("Wahidin di kontrak kerja itu tertera tanggal 1/7/2019, sementara di bawah",
     "2019-09-19", ["2019-07-01"]),  # clickid-kompas-29b5ee44c9adf688
    ("dengan selamat. \"7 hari yang lalu, tgl 2-09-2019 jam 22.07 WIB. Putra",
     "2019-09-10", ["2019-09-02"]),  # clickid-fimela-794370fa30dcba0e
    ("Palang, Kabupate Tuban, Jawa Timur, Jumat 20-9-2019. Hadir di acara itu,",
     "2019-09-20", ["2019-09-20"]),  # clickid-tempo-425ab8480c8f746f
    ("jadian itu tanggal 20 Desember, dan 20-02-2020 kayaknya tanggal yang",
     "2019-09-27", ["2019-12-20", "2020-02-20"]),  # clickid-wowkeren-996760e09bbfee72
    ("bertahan lama seumur hidup. Karenanya 9-9-2019 mereka jadikan sebagai",
     "2019-09-10", ["2019-09-09"]),  # clickid-okezone-929631aa4aeb8e26
    ("Dortmund 1-1 Barcelona (UEFA Super Cup) 08-01-1998 Barcelona 2-0 Dortmund",
     "2019-09-17", ["1998-01-08"]),  # clickid-sindonews-da4c4f49b66c9edb
    ("Supachai Chaideet. Akira Nishino. 07/12/2010 Piala AFF Indonesia",
     "2019-09-10", ["2010-12-07"]),  # clickid-sindonews-b06dec05561eecb1
    ("Piala AFF Indonesia vs Thailand 2-1,17/12/2016 Piala AFF Thailand vs",
     "2019-09-10", ["2016-12-17"]),  # clickid-sindonews-b06dec05561eecb1
    # nothing to find: scores, formations, prices, seasons, odds, typos, months, years
    ("awal babak kedua, setelah tertinggal 0-2 di babak pertama. \"Kami",
     "2016-11-21", []),  # indosum-1479664806-riedl-akui-senang-meski-kalah
    ("Jakarta 0-2 Bali United. Persija Jakarta (4-3-3): Shahar Ginanjar; Rezaldi",
     "2019-09-18", []),  # clickid-tempo-88e17f9bb83bbcbf
    ("terbarunya terlebih dahulu. -, A3s (2/16 GB) - Rp 1,6 jutaan -, A1K",
     "2019-09-10", []),  # clickid-tribunnews-5175721043a2a28d
    ("Aubameyang (2015/16) dan Lothar Emmerich (1967/68). Sancho lebih banyak",
     "2019-09-17", []),  # clickid-tempo-e3df84a30bd2c739
    ("Rupiah hari ini bergerak di antara Rp14.070-Rp14.110/USD. Berdasarkan",
     "2019-09-17", []),  # clickid-sindonews-b27b240f38a9fc5e
    ("Bookie: 0: 3/4, William Hill: 1 (5/6) X (5/2) 2 (10/3), Betbrain:",
     "2017-04-05", []),  # indosum-1491378579-roma-vs-lazio-elang-pede-ke-final
    ("jika tindakan lain dilakukan setelah (9/11)—tindakan sekuat (9/11)—maka",
     "2019-09-12", []),  # clickid-sindonews-5dcb0a1864eb73a7
    ("pengobatan dapat menghubungi nomor telepon: 021-3909-103 atau membuka Fanspage",
     "2019-09-10", []),  # clickid-sindonews-8c15cb08382af497
    ("Mulyani di Gedung DPR, Jakarta, Senin (16/9/3019). Sri Mulyani juga akan",
     "2019-09-16", []),  # clickid-sindonews-71f52f8aee4f1654
    ("kondisi mabuk,\" ujarnya di lokasi, Selasa (10/0/2019). Kapolsek Jagakarsa,",
     "2019-09-10", []),  # clickid-sindonews-90ebc4e78e28c241
    ("sidang umum Perserikatan Bangsa-Bangsa pada September 2019 ini. Pertemuan ini",
     "2019-09-13", []),  # clickid-tempo-7a97516281eeb06e
    ("periode serupa tahun sebelumnya. “Bahkan pada April 2019, neraca perdagangan",
     "2019-09-16", []),  # clickid-sindonews-110c6b6399c655fa
    ("menghasilkan sebanyak 184 gol sejak awal musim 2018/19. Jajaran pemain",
     "2019-09-17", []),  # clickid-tempo-e3df84a30bd2c739
    ("karena asap. \"Bulan September dan awal Oktober ini banyak kegiatan",
     "2019-09-15", []),  # clickid-kompas-84329d9e313781d3
    ("berlangsung hingga akhir Oktober atau awal November 2019. \"Ini berarti",
     "2019-09-15", []),  # clickid-sindonews-2a5d7e21327300b3
    ("dibandingkan periode yang sama pada tahun 2018, yaitu 9.991. Kami mencatat",
     "2019-08-23", []),  # clickid-okezone-49820ca7645084b0
    ("itu, Telegram juga mengumumkan bahwa versi 4.6, yang dirilis pada Desember",
     "2018-01-01", []),  # indosum-1514928740-telegram-kedatangan-fitur-baru
    ("beserta nota keuangannya di DPR RI (16/8), menyatakan bahwa di",
     "2019-08-29", []),  # clickid-okezone-7152e9bdd5ea5321: (d/m) with no weekday is skipped
]


def test_the_table_is_large_enough():
    assert len([row for row in REAL if row[2]]) >= 60


@pytest.mark.parametrize("snippet, published, expected", REAL)
def test_real_expressions(snippet, published, expected):
    assert mentioned_dates(snippet, on(published)) == days(*expected)


# --- the year of a day and month without one -----------------------------------------

@pytest.mark.parametrize("text, published, expected", [
    # the weekday picks the reading that agrees with it, within nine months of publication
    ("Senin (30/12)", "2024-06-20", "2024-12-30"),     # Monday 30/12/2024, not 2023
    ("Sabtu (30/12)", "2024-06-20", "2023-12-30"),     # Saturday 30/12/2023, not 2024
    ("Minggu, 30 Juni", "2024-01-05", "2024-06-30"),   # Sunday 30/6/2024, not 2023
    # a weekday only the neighbouring year agrees with is a slip of the pen: nearest wins
    ("Selasa (18/9)", "2019-09-18", "2019-09-18"),     # 18/9/2018 was the Tuesday
    ("Kamis (6/8)", "2017-07-30", "2017-08-06"),
    # no weekday: the nearest reading
    ("tanggal 30/12", "2024-06-20", "2023-12-30"),
    ("18 Juni", "2025-01-02", "2025-06-18"),
    # 29 February exists only in leap years
    ("Kamis (29/2)", "2025-01-05", "2024-02-29"),
])
def test_year_from_publication_and_weekday(text, published, expected):
    assert mentioned_dates(text, on(published)) == days(expected)


@pytest.mark.parametrize("text, published, expected", [
    ("Senin (30/12)", "2025-01-02", "2024-12-30"),
    ("Selasa (31/12) malam", "2025-01-02", "2024-12-31"),
    ("Rabu (1/1)", "2024-12-30", "2025-01-01"),
    ("pada 31 Desember lalu", "2025-01-03", "2024-12-31"),
    ("mulai 2 Januari mendatang", "2024-12-20", "2025-01-02"),
])
def test_year_across_the_new_year(text, published, expected):
    assert mentioned_dates(text, on(published)) == days(expected)


def test_day_and_month_without_any_publication_date_are_skipped():
    assert mentioned_dates("Rapat digelar Rabu (19/6).", None) == []


def test_without_publication_date_the_text_dates_itself():
    text = "Presiden tiba Selasa (18/6/2024). Ia bertemu Kim pada Rabu (19/6)."
    assert mentioned_dates(text, None) == days("2024-06-18", "2024-06-19")


# --- the seed ----------------------------------------------------------------------------

def test_seed_mentions_18_and_19_june_2024():
    article = seed_article()
    assert article.published is None
    assert mentioned_dates(article.body, article.published) == days("2024-06-18", "2024-06-19")
    assert mentioned_dates(SEED.read_text(encoding="utf-8"), on("2024-06-18")) == \
        days("2024-06-18", "2024-06-19")


def test_seed_publication_is_its_dateline_day():
    # "Selasa (18/6/2024) malam" in the first paragraph, not the later "Rabu (19/6/2024)"
    assert infer_published(seed_article().body) == datetime(2024, 6, 18, tzinfo=JAKARTA)


# --- what is not a day ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "pekan lalu", "minggu lalu", "kemarin", "hari ini", "besok", "bulan depan", "tahun lalu",
    "Juni 2024", "pada Juni 2024", "Jun 2024", "tahun 2024", "sejak 2017", "awal Juni",
    "awal Juni 2024", "pertengahan Juli", "akhir Desember 2023", "Senin lalu", "Selasa depan",
    "akhir pekan ini", "beberapa hari lalu", "dua minggu terakhir", "Sabtu malam",
])
def test_vague_expressions_give_nothing(text):
    assert mentioned_dates(f"Ia mengatakan hal itu {text}.", on("2024-06-19")) == []


@pytest.mark.parametrize("text", [
    "Persib menang 3-1 atas Persija", "skor akhir 2-1 (1-0)", "menang 2-1 Juni lalu",
    "dua pertiga atau 2/3 warga", "babak 1/2 final", "rasio 18/6", "jarak 18/6 km",
    "harga Rp 18.000 per kilogram", "Rp18.062.024", "naik 18,6 persen", "pukul 18.06 WIB",
    "versi 18.6.2024", "nomor 0812-1806-2024", "formasi (4-3-3)", "(18/6) lalu",
    "UU Nomor 18/2024", "musim 2023/2024", "tanggal 31/2/2024", "18/13/2024",
    "Selasa (31/2)", "Rabu (18/13)", "Senin (18/6/1850)", "18/6/3024", "31 Juni 2024",
    "1/2", "2/3/4", "Tim A 1-0 Tim B, 2-3 Tim C",
])
def test_false_friends_give_nothing(text):
    assert mentioned_dates(f"Menurut data itu, {text}.", on("2024-06-19")) == []


def test_duplicates_are_reported_once_and_sorted():
    text = "Rabu (19/6/2024), 18 Juni 2024, lalu Rabu (19/6) dan 2024-06-18."
    assert mentioned_dates(text, on("2024-06-19")) == days("2024-06-18", "2024-06-19")


@pytest.mark.parametrize("text", [
    "18 Juni 2024", "18 Jun 2024", "18 June 2024", "18 JUNI 2024", "18 jun. 2024",
    "18/6/2024", "18/06/2024", "18-06-2024", "2024-06-18", "Selasa, 18 Juni 2024",
    "Selasa (18/6/2024)", "SELASA (18/6)", "Selasa (18/6)", "tanggal 18/6", "tgl. 18/6/2024",
])
def test_forms_of_one_day(text):
    assert mentioned_dates(f"Acara itu {text} di Jakarta.", on("2024-06-19")) == days("2024-06-18")


@pytest.mark.parametrize("month, names", [
    (1, "Januari January Jan"), (2, "Februari February Feb Peb"), (3, "Maret March Mar"),
    (4, "April Apr"), (5, "Mei May"), (6, "Juni June Jun"), (7, "Juli July Jul"),
    (8, "Agustus August Agu Agt Ags Aug"), (9, "September Sep Sept"),
    (10, "Oktober October Okt Oct"), (11, "November Nov Nop"),
    (12, "Desember December Des Dec"),
])
def test_month_names_and_abbreviations(month, names):
    for name in names.split():
        assert mentioned_dates(f"pada 5 {name} 2024 lalu", None) == [date(2024, month, 5)], name


# --- publication date inferred from the text -----------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Presiden tiba, Selasa (18/6/2024) pukul 19.30 WIB.", datetime(2024, 6, 18, 19, 30,
                                                                    tzinfo=JAKARTA)),
    ("Gempa terjadi Selasa (18/6/2024), sekitar pukul 10:30 WITA.",
     datetime(2024, 6, 18, 10, 30, tzinfo=ZoneInfo("Asia/Makassar"))),
    ("Kapal tiba di Jayapura Selasa, 18 Juni 2024 pukul 14.00 WIT.",
     datetime(2024, 6, 18, 14, 0, tzinfo=ZoneInfo("Asia/Jayapura"))),
    ("Sidang dibuka Selasa (18/6/2024) pukul 09.15.", datetime(2024, 6, 18, 9, 15,
                                                               tzinfo=JAKARTA)),
    # a number after the date that is not a time
    ("Sidang dibuka Selasa (18/6/2024) dengan 12.30 persen suara.",
     datetime(2024, 6, 18, tzinfo=JAKARTA)),
    # no dateline in the first paragraph: the latest full date with a weekday ...
    ("Harga beras naik.\n\nRapat Senin (17/6/2024) dan Selasa (18/6/2024). Pemilu 14 Februari"
     " 2029.", datetime(2024, 6, 18, tzinfo=JAKARTA)),
    # ... else the latest full date
    ("Harga beras naik.\n\nRapat 3 Juni 2024 dan 5 Juni 2024.", datetime(2024, 6, 5,
                                                                       tzinfo=JAKARTA)),
    # a dateline in the first paragraph wins over later dates
    ("Jakarta - Kamis (20/6/2024) DPR rapat.\n\nSidang lanjut Senin (24/6/2024).",
     datetime(2024, 6, 20, tzinfo=JAKARTA)),
])
def test_infer_published(text, expected):
    inferred = infer_published(text)
    assert inferred == expected
    assert inferred.tzinfo == expected.tzinfo


@pytest.mark.parametrize("text", [
    "", "Tanpa tanggal sama sekali.", "Rapat Rabu (19/6) dan Kamis (20/6).", "Juni 2024",
    "Senin (18/6/3024)",
])
def test_infer_published_needs_a_full_date(text):
    assert infer_published(text) is None


def corpus_article(name: str, article_id: str) -> dict:
    with shared(CORPUS / name / "articles.jsonl").open(encoding="utf-8") as lines:
        return next(record for record in map(json.loads, lines) if record["id"] == article_id)


def test_infer_published_on_a_corpus_article_with_a_dateline():
    # "... penemuan mayat pria tanpa identitas, Senin (16/9/2019), sekitar pukul 11.00 WIT."
    article = corpus_article("click-id", "clickid-okezone-1a2274b2f38bda13")
    inferred = infer_published(article["body"])
    assert inferred == datetime(2019, 9, 16, 11, 0, tzinfo=ZoneInfo("Asia/Jayapura"))
    assert inferred.date() == parse_published(article["published"]).date()


def test_infer_published_on_a_corpus_article_without_one():
    # the first paragraph has no date; the text dates Habibie's death Rabu, 11 September 2019
    # and the embassy's statement Kamis, 12 September 2019, the day of publication
    article = corpus_article("click-id", "clickid-tempo-5383d50df56d8034")
    assert infer_published(article["body"]) == datetime(2019, 9, 12, tzinfo=JAKARTA)


def test_infer_published_mostly_finds_the_day_on_the_corpus():
    # Kompas, Okezone and Tribunnews dates come from their URLs, so they can be trusted.
    path = shared(CORPUS / "click-id" / "articles.jsonl")
    trusted = {"Kompas.com", "Okezone", "Tribunnews"}
    with path.open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines)
        articles = list(islice((r for r in records if r["source"] in trusted), 2000))
    errors = []
    for article in articles:
        inferred = infer_published(article["body"])
        if inferred:
            errors.append(abs(inferred.date() - parse_published(article["published"]).date()))
    within_a_day = sum(error <= timedelta(days=1) for error in errors) / len(errors)
    assert len(errors) > 1000 and within_a_day > 0.8


# --- date filters -----------------------------------------------------------------------

TODAY = date(2024, 6, 19)      # a Wednesday


@pytest.mark.parametrize("value, first, last", [
    ("2024-06-18", "2024-06-18", "2024-06-18"),
    ("18/6/2024", "2024-06-18", "2024-06-18"),
    ("18/06/2024", "2024-06-18", "2024-06-18"),
    ("18-06-2024", "2024-06-18", "2024-06-18"),
    ("18 Juni 2024", "2024-06-18", "2024-06-18"),
    ("18 jun 2024", "2024-06-18", "2024-06-18"),
    ("18 June 2024", "2024-06-18", "2024-06-18"),
    ("29/2/2024", "2024-02-29", "2024-02-29"),
    ("Juni 2024", "2024-06-01", "2024-06-30"),
    ("Jun 2024", "2024-06-01", "2024-06-30"),
    ("JUNI 2024", "2024-06-01", "2024-06-30"),
    ("2024-06", "2024-06-01", "2024-06-30"),
    ("Februari 2024", "2024-02-01", "2024-02-29"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2024", "2024-01-01", "2024-12-31"),
    ("hari ini", "2024-06-19", "2024-06-19"),
    ("kemarin", "2024-06-18", "2024-06-18"),
    ("pekan ini", "2024-06-17", "2024-06-23"),
    ("minggu ini", "2024-06-17", "2024-06-23"),
    ("pekan lalu", "2024-06-10", "2024-06-16"),
    ("minggu lalu", "2024-06-10", "2024-06-16"),
    ("bulan ini", "2024-06-01", "2024-06-30"),
    ("bulan lalu", "2024-05-01", "2024-05-31"),
    ("tahun ini", "2024-01-01", "2024-12-31"),
    ("tahun lalu", "2023-01-01", "2023-12-31"),
    ("7 hari terakhir", "2024-06-13", "2024-06-19"),
    ("30 hari terakhir", "2024-05-21", "2024-06-19"),
    ("1 hari terakhir", "2024-06-19", "2024-06-19"),
    ("2 minggu terakhir", "2024-06-06", "2024-06-19"),
    ("2 pekan terakhir", "2024-06-06", "2024-06-19"),
    ("3 bulan terakhir", "2024-03-20", "2024-06-19"),
    ("1 tahun terakhir", "2023-06-20", "2024-06-19"),
    ("  Pekan  LALU \n", "2024-06-10", "2024-06-16"),
])
def test_parse_date_filter(value, first, last):
    assert parse_date_filter(value, today=TODAY) == (date.fromisoformat(first),
                                                    date.fromisoformat(last))


@pytest.mark.parametrize("today, first, last", [
    (date(2024, 6, 17), "2024-06-10", "2024-06-16"),    # on a Monday
    (date(2024, 6, 23), "2024-06-10", "2024-06-16"),    # on a Sunday
    (date(2025, 1, 1), "2024-12-23", "2024-12-29"),     # across the new year
])
def test_pekan_lalu_is_the_previous_calendar_week(today, first, last):
    assert parse_date_filter("pekan lalu", today=today) == (date.fromisoformat(first),
                                                           date.fromisoformat(last))


def test_bulan_lalu_in_january_and_after_a_long_month():
    assert parse_date_filter("bulan lalu", today=date(2025, 1, 15)) == (date(2024, 12, 1),
                                                                       date(2024, 12, 31))
    assert parse_date_filter("bulan lalu", today=date(2024, 3, 31)) == (date(2024, 2, 1),
                                                                       date(2024, 2, 29))


def test_today_defaults_to_today_in_jakarta():
    today = datetime.now(JAKARTA).date()
    assert parse_date_filter("hari ini") == (today, today)


@pytest.mark.parametrize("value", [
    "", "   ", "xyz", "31/2/2024", "29/2/2023", "18/13/2024", "2024-13", "2024-00",
    "Juni 2024x", "Juni", "18 Juni", "Selasa", "0 hari terakhir", "7 hari", "hari terakhir",
    "9999 tahun terakhir", "1899", "3000", "0000", "24", "pekan lalu lalu", "18/6",
    "2024-06-18 sampai 2024-06-20", "x" * 10_000, "2024" + " " * 200,
])
def test_parse_date_filter_rejects(value):
    with pytest.raises(DateFilterError) as error:
        parse_date_filter(value, today=TODAY)
    message = str(error.value)
    assert message.startswith("tidak dipahami: ")
    assert "gunakan misalnya 2024-06-18, 18/6/2024, Juni 2024, 2024, kemarin, pekan lalu, " \
           "7 hari terakhir" in message
    assert len(message) < 250


def test_date_filter_error_is_a_value_error():
    assert issubclass(DateFilterError, ValueError)
    with pytest.raises(ValueError, match='"xyz"'):
        parse_date_filter("xyz")
