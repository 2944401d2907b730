"""Write bench/queries.txt: the fixed set of 300 queries the latency benchmarks replay.

    python bench/make_queries.py > bench/queries.txt

100 are two or three words from a random corpus title, 100 common news topics written by hand,
100 two-word phrases from titles in quotes. The random choices use a fixed seed, so the file
is the same on every machine; it is committed, and regenerating it is only needed when the
recipe changes.
"""

import json
import random
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
TOPICS = """banjir jakarta; gempa bumi; harga beras; korupsi kepala daerah; pilkada serentak;
pemilu 2019; presiden jokowi; timnas indonesia; liga inggris; harga minyak; kebakaran hutan;
demo mahasiswa; revisi uu kpk; ibu kota baru; kabut asap; virus corona; narkoba; tawuran pelajar;
tiket pesawat; mudik lebaran; harga cabai; inflasi; rupiah melemah; bursa saham; pajak; bpjs
kesehatan; asian games; sea games; moto gp; piala dunia; transfer pemain; artis menikah;
perceraian artis; konser musik; film horor; sinetron; anak muda; pendidikan guru honorer;
ujian nasional; kecelakaan lalu lintas; kereta api; jalan tol; bandara; pelabuhan; nelayan;
petani sawit; tambang batu bara; listrik padam; air bersih; sampah plastik; polusi udara;
terorisme; densus 88; penembakan; pembunuhan; pencurian motor; penipuan online; judi online;
hoaks media sosial; startup teknologi; ojek online; e-commerce; smartphone baru; aplikasi;
data pribadi; perang dagang; amerika serikat china; korea utara nuklir; timur tengah; palestina
israel; suriah; rohingya; papua; aceh; bali turis; pariwisata; umkm; bantuan sosial; dana desa;
kemiskinan; stunting; vaksin; rumah sakit; dokter; bpom obat; halal; haji umrah; ramadan;
natal tahun baru; ormas; partai politik; dpr ri; menteri keuangan; sri mulyani; prabowo;
anies baswedan; ahok; kpk tangkap; ott; hukuman mati""".replace("\n", " ")


def sample_lines(rng: random.Random, k: int) -> list[dict]:
    """``k`` random articles from the shared corpora."""
    records = []
    for name in ("indosum", "click-id"):
        with open(SHARED / name / "articles.jsonl", encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f)
    return rng.sample(records, k)


def title_words(title: str) -> list[str]:
    """The words of a title worth searching for: letters only, four letters or more."""
    return [w.lower() for w in re.findall(r"[^\W\d_]{4,}", title)]


def main():
    rng = random.Random(20261127)
    queries = []
    for record in sample_lines(rng, 400):
        words = title_words(record["title"])
        if len(queries) < 100 and len(words) >= 3:
            queries.append(" ".join(rng.sample(words, rng.choice((2, 3)))))
    queries += [t.strip() for t in TOPICS.split(";") if t.strip()][:100]
    for record in sample_lines(rng, 400):
        words = title_words(record["title"])
        if len(queries) < 300 and len(words) >= 2:
            start = rng.randrange(len(words) - 1)
            queries.append(f'"{words[start]} {words[start + 1]}"')
    print("\n".join(queries))


if __name__ == "__main__":
    main()
