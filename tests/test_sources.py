"""Tests for indexer.sources: every input format on real corpus lines, folder walking,
and every kind of bad input reported with file, line and reason while good input survives."""

import csv
import gzip
import json
import os
import tracemalloc
from itertools import islice
from pathlib import Path

import pytest

from indexer import sources
from indexer.sources import RawRecord, Rejection, iter_inputs, source_files
from tests.conftest import CORPUS, shared

KEYS = ["id", "title", "body", "published", "source", "url", "category"]


def corpus_lines(name: str, count: int) -> list[str]:
    """The first COUNT lines of a development corpus (see ``shared``)."""
    with open(shared(CORPUS / name / "articles.jsonl"), encoding="utf-8") as f:
        return list(islice(f, count))


@pytest.fixture
def real_lines() -> list[str]:
    """A dozen real JSON lines: CNN Indonesia and Antara from IndoSum, KapanLagi from CLICK-ID."""
    return corpus_lines("indosum", 6) + corpus_lines("click-id", 6)


def read(*paths) -> list:
    return list(iter_inputs([str(p) for p in paths]))


def records(items) -> list[RawRecord]:
    return [item for item in items if isinstance(item, RawRecord)]


def rejections(items) -> list[Rejection]:
    return [item for item in items if isinstance(item, Rejection)]


def write_csv(path: Path, rows: list[dict], fieldnames: list[str], encoding="utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


# --- each format on real articles -----------------------------------------------------

def test_jsonl_reads_real_lines_with_line_numbers(tmp_path, real_lines):
    (tmp_path / "articles.jsonl").write_text("".join(real_lines), encoding="utf-8")
    items = read(tmp_path / "articles.jsonl")
    assert items == [RawRecord(json.loads(line), "articles.jsonl", n, "jsonl")
                     for n, line in enumerate(real_lines, 1)]


def test_json_array_yields_objects_with_index_as_line(tmp_path, real_lines):
    objects = [json.loads(line) for line in real_lines]
    (tmp_path / "dump.json").write_text(json.dumps(objects, indent=2, ensure_ascii=False), encoding="utf-8")
    items = read(tmp_path / "dump.json")
    assert items == [RawRecord(obj, "dump.json", n, "json") for n, obj in enumerate(objects, 1)]


def test_json_array_on_one_line(tmp_path, real_lines):
    objects = [json.loads(line) for line in real_lines[:3]]
    (tmp_path / "one.json").write_text(json.dumps(objects), encoding="utf-8")
    assert [r.fields for r in read(tmp_path / "one.json")] == objects


def test_json_file_may_hold_json_lines(tmp_path, real_lines):
    (tmp_path / "lines.json").write_text("\n" + "".join(real_lines[:3]), encoding="utf-8")
    items = read(tmp_path / "lines.json")
    assert [(r.line, r.kind, r.fields["id"]) for r in items] == [
        (n + 1, "json", json.loads(line)["id"]) for n, line in enumerate(real_lines[:3], 1)]


def test_gzipped_jsonl(tmp_path, real_lines):
    with gzip.open(tmp_path / "articles.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(real_lines)
    items = read(tmp_path / "articles.jsonl.gz")
    assert [r.fields for r in items] == [json.loads(line) for line in real_lines]
    assert {(r.path, r.kind) for r in items} == {("articles.jsonl.gz", "jsonl")}


def test_csv_rows_start_at_their_physical_line(tmp_path, real_lines):
    rows = [json.loads(line) for line in real_lines]
    for row in rows:
        row["lang"] = "id"                                   # an extra column is kept
    write_csv(tmp_path / "articles.csv", rows, KEYS + ["lang"])

    items = read(tmp_path / "articles.csv")

    assert [r.fields for r in items] == [{k: str(v) if v is not None else "" for k, v in row.items()}
                                         for row in rows]
    expected_line = 2
    for record, row in zip(items, rows):
        assert (record.path, record.line, record.kind) == ("articles.csv", expected_line, "csv")
        expected_line += 1 + sum(str(v).count("\n") for v in row.values())


def pos_metro_slice(tmp_path: Path, rows: int = 20) -> Path:
    """The first ROWS rows of the real pos_metro.csv, copied byte for byte."""
    original = shared(CORPUS / "click-id" / "originals" / "pos_metro.csv")
    with open(original, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        for _ in range(rows + 1):
            next(reader)
        physical_lines = reader.line_num
    with open(original, "rb") as f:
        head = b"".join(islice(f, physical_lines))
    target = tmp_path / "pos_metro.csv"
    target.write_bytes(head)
    return target


def test_real_pos_metro_csv_is_rejected_for_its_header(tmp_path):
    # Its columns are title,source,date,time,category,sub-category,content,url: no `body`.
    items = read(pos_metro_slice(tmp_path))
    assert len(items) == 1
    assert (items[0].path, items[0].line) == ("pos_metro.csv", 1)
    assert "no 'body' column" in items[0].reason and "content" in items[0].reason


def test_real_pos_metro_csv_converted_to_our_header(tmp_path):
    with open(pos_metro_slice(tmp_path), encoding="utf-8", newline="") as f:
        original = list(csv.DictReader(f))
    renamed = {"content": "body", "date": "published"}
    rows = [{renamed.get(k, k): v for k, v in row.items()} for row in original]
    write_csv(tmp_path / "converted.csv", rows, list(rows[0]))

    items = read(tmp_path / "converted.csv")

    assert len(items) == 20 and all(isinstance(r, RawRecord) for r in items)
    assert items[0].fields["title"].startswith("Anak Penjaga Kebersihan Masjid")
    assert items[0].fields["body"].startswith(",,,Setelah dihebohkan")
    assert items[0].fields["sub-category"] == "-"             # extra columns kept
    assert [r.line for r in items] == list(range(2, 22))


def test_txt_file_is_one_record_without_line(tmp_path):
    text = "Bisnis.com, JAKARTA - Harga emas Antam naik Rp3.000 per gram.\nPembeli ramai.\n"
    (tmp_path / "000_fa2b72a6b3e6f8b4.txt").write_text(text, encoding="utf-8")
    assert read(tmp_path / "000_fa2b72a6b3e6f8b4.txt") == [
        RawRecord({"body": text}, "000_fa2b72a6b3e6f8b4.txt", None, "txt")]


# --- folders and paths ----------------------------------------------------------------

def make_tree(root: Path) -> None:
    """A small corpus: nested folders, hidden files and folders, unsupported files."""
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "b.txt").write_text("SEOUL - Dua negara berunding.", encoding="utf-8")
    (root / "a.txt").write_text("KOMPAS.com - Hujan deras di Bogor.", encoding="utf-8")
    (root / "sub" / "articles.jsonl").write_text('{"body": "Satu."}\n{"body": "Dua."}\n', encoding="utf-8")
    write_csv(root / "sub" / "deeper" / "rows.csv", [{"id": "r1", "body": "Tiga."}], ["id", "body"])
    with gzip.open(root / "sub" / "deeper" / "more.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write('{"body": "Empat."}\n')
    (root / ".hidden.txt").write_text("rahasia", encoding="utf-8")
    (root / ".cache" / "c.txt").write_text("rahasia", encoding="utf-8")
    (root / "notes.md").write_text("# catatan", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")


def test_folder_is_walked_recursively_skipping_hidden_and_unsupported(tmp_path):
    make_tree(tmp_path)
    items = read(tmp_path)
    assert [(r.path, r.line, r.kind) for r in items] == [
        ("a.txt", None, "txt"),
        ("b.txt", None, "txt"),
        ("sub/articles.jsonl", 1, "jsonl"),
        ("sub/articles.jsonl", 2, "jsonl"),
        ("sub/deeper/more.jsonl.gz", 1, "jsonl"),
        ("sub/deeper/rows.csv", 2, "csv"),
    ]


def test_source_files_lists_roots_and_absolute_paths(tmp_path):
    make_tree(tmp_path)
    root = str(tmp_path)
    listed = source_files([root, str(tmp_path / "sub" / "articles.jsonl")])  # overlap listed once
    assert listed == [(root, os.path.join(root, name)) for name in
                      ["a.txt", "b.txt", "sub/articles.jsonl", "sub/deeper/more.jsonl.gz", "sub/deeper/rows.csv"]]


def test_file_named_directly_is_relative_to_its_folder(tmp_path):
    make_tree(tmp_path)
    items = read(tmp_path / "sub" / "articles.jsonl")
    assert [r.path for r in items] == ["articles.jsonl", "articles.jsonl"]
    assert source_files([str(tmp_path / "sub" / "articles.jsonl")]) == [
        (str(tmp_path / "sub"), str(tmp_path / "sub" / "articles.jsonl"))]


def test_missing_path_and_unsupported_file_are_rejected(tmp_path):
    make_tree(tmp_path)
    missing, notes = str(tmp_path / "nope"), str(tmp_path / "notes.md")
    items = read(missing, notes, tmp_path / "a.txt")
    assert items[:2] == [Rejection(missing, None, "no such file or folder"),
                         Rejection(notes, None, items[1].reason)]
    assert "unsupported file type" in items[1].reason
    assert records(items)[0].path == "a.txt"


# --- bad input: reported with path, line and reason; good input kept --------------------

def test_unreadable_file_is_rejected(tmp_path):
    (tmp_path / "ok.txt").write_text("JAKARTA - Isi berita.", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted-target.txt")
    items = read(tmp_path)
    assert items == [Rejection("gone.txt", None, "cannot read: No such file or directory"),
                     RawRecord({"body": "JAKARTA - Isi berita."}, "ok.txt", None, "txt")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_file_without_permission_is_rejected(tmp_path):
    locked = tmp_path / "locked.jsonl"
    locked.write_text('{"body": "x"}\n', encoding="utf-8")
    locked.chmod(0)
    assert read(tmp_path) == [Rejection("locked.jsonl", None, "cannot read: Permission denied")]


def test_binary_file_is_rejected(tmp_path):
    (tmp_path / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (tmp_path / "data.jsonl").write_bytes(b'{"body": "a"}\n\0\0\0\0')     # NUL after a good line
    assert read(tmp_path) == [Rejection("data.jsonl", None, "binary file (contains NUL bytes)"),
                              Rejection("scan.txt", None, "binary file (contains NUL bytes)")]


def test_wrong_encoding_costs_only_that_line(tmp_path, real_lines):
    latin1 = '{"body": "Kafe di Menteng"}\n'.replace("Kafe", "Caf\u00e9").encode("latin-1")
    data = real_lines[0].encode() + latin1 + real_lines[1].encode()
    (tmp_path / "mixed.jsonl").write_bytes(data)
    items = read(tmp_path / "mixed.jsonl")
    assert items[1] == Rejection("mixed.jsonl", 2, "not valid UTF-8 (byte 0xe9 at offset 13)")
    assert [(r.line, r.fields["id"]) for r in records(items)] == [
        (1, json.loads(real_lines[0])["id"]), (3, json.loads(real_lines[1])["id"])]


def test_txt_in_a_legacy_encoding_is_rejected(tmp_path):
    text = "JAKARTA - Pejabat itu menolak berkomentar.\nIa hanya tersenyum \u2013 lalu pergi.\n"
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    assert read(tmp_path) == [Rejection("cp1252.txt", 2, "not valid UTF-8 (byte 0x96 at offset 19)")]


def test_utf8_byte_order_mark_is_fine(tmp_path, real_lines):
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + real_lines[0].encode())
    write_csv(tmp_path / "bom.csv", [{"id": "x", "body": "Isi."}], ["id", "body"], encoding="utf-8-sig")
    (tmp_path / "bom.txt").write_bytes("\ufeffSEOUL - Isi.".encode())
    items = read(tmp_path)
    assert [r.fields for r in items] == [{"id": "x", "body": "Isi."}, json.loads(real_lines[0]),
                                         {"body": "SEOUL - Isi."}]


def test_broken_json_line_is_rejected_and_the_others_read(tmp_path, real_lines):
    broken = '{"id": "x", "title": "Judul" "body": "Isi"}\n'
    (tmp_path / "a.jsonl").write_text(real_lines[0] + broken + real_lines[1], encoding="utf-8")
    items = read(tmp_path / "a.jsonl")
    assert items[1] == Rejection("a.jsonl", 2, "broken JSON: Expecting ',' delimiter (col 30)")
    assert [r.line for r in records(items)] == [1, 3]


def test_json_line_that_is_not_an_object_is_rejected(tmp_path):
    (tmp_path / "a.jsonl").write_text('["Judul", "Isi"]\n"teks"\n\n{"body": "Isi."}\n', encoding="utf-8")
    assert read(tmp_path / "a.jsonl") == [
        Rejection("a.jsonl", 1, "JSON value is an array, not an object"),
        Rejection("a.jsonl", 2, "JSON value is a string, not an object"),
        RawRecord({"body": "Isi."}, "a.jsonl", 4, "jsonl"),
    ]


def test_json_array_with_a_broken_element_keeps_the_elements_before_it(tmp_path):
    text = '[\n  {"body": "Satu."},\n  ["bukan objek"],\n  {"body": "Dua." "x"},\n  {"body": "Tiga."}\n]\n'
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    assert read(tmp_path / "a.json") == [
        RawRecord({"body": "Satu."}, "a.json", 1, "json"),
        Rejection("a.json", 2, "JSON value is an array, not an object"),
        Rejection("a.json", 3, "broken JSON: Expecting ',' delimiter; rest of the file skipped"),
    ]


def test_json_array_cut_off_is_rejected(tmp_path):
    (tmp_path / "a.json").write_text('[{"body": "Satu."},\n {"body": "Dua.",\n', encoding="utf-8")
    items = read(tmp_path / "a.json")
    assert items[0].fields == {"body": "Satu."}
    assert items[1] == Rejection("a.json", 2, "broken JSON: the file ends before the array is closed")


def test_csv_header_without_body_is_rejected(tmp_path):
    write_csv(tmp_path / "a.csv", [{"judul": "x", "isi": "y"}], ["judul", "isi"])
    assert read(tmp_path / "a.csv") == [
        Rejection("a.csv", 1, "CSV header has no 'body' column (it has: judul, isi)")]


def test_csv_rows_without_body_or_with_extra_fields_are_rejected(tmp_path):
    text = 'id,title,body\r\na,Judul,"Isi\r\nberita."\r\nb,Tanpa isi,  \r\nc,Judul,Isi,lebih\r\nd,Judul,Isi.\r\n'
    (tmp_path / "a.csv").write_text(text, encoding="utf-8", newline="")
    assert read(tmp_path / "a.csv") == [
        RawRecord({"id": "a", "title": "Judul", "body": "Isi\r\nberita."}, "a.csv", 2, "csv"),
        Rejection("a.csv", 4, "CSV row has no body"),
        Rejection("a.csv", 5, "CSV row has 4 fields but the header has 3"),
        RawRecord({"id": "d", "title": "Judul", "body": "Isi."}, "a.csv", 6, "csv"),
    ]


def test_csv_with_a_bad_byte_keeps_the_rows_before_it(tmp_path):
    data = "id,body\na,Satu.\nb,Dua.\n".encode() + "c,Caf\u00e9.\n".encode("latin-1") + b"d,Empat.\n"
    (tmp_path / "a.csv").write_bytes(data)
    assert read(tmp_path / "a.csv") == [
        RawRecord({"id": "a", "body": "Satu."}, "a.csv", 2, "csv"),
        RawRecord({"id": "b", "body": "Dua."}, "a.csv", 3, "csv"),
        Rejection("a.csv", 4, "not valid UTF-8 (byte 0xe9 at offset 5); rest of the file skipped"),
    ]


def test_empty_files_are_rejected(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text(" \n\n\t\n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    assert read(tmp_path) == [Rejection("blank.txt", None, "empty file"),
                              Rejection("empty.jsonl", None, "empty file"),
                              Rejection("empty.txt", None, "empty file")]


def test_truncated_gzip_keeps_what_was_read(tmp_path, real_lines):
    packed = gzip.compress("".join(real_lines).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    items = read(tmp_path / "cut.jsonl.gz")
    good = records(items)
    assert 1 <= len(good) < len(real_lines)
    assert [r.fields for r in good] == [json.loads(line) for line in real_lines[: len(good)]]
    assert items[-1] == Rejection("cut.jsonl.gz", len(good) + 1, "truncated gzip file")


def test_file_that_is_not_gzip_is_rejected(tmp_path):
    (tmp_path / "fake.jsonl.gz").write_text('{"body": "Isi."}\n', encoding="utf-8")
    assert read(tmp_path) == [Rejection("fake.jsonl.gz", None, "not a gzip file")]


def test_over_long_line_is_rejected_and_the_next_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", 100)
    long_line = json.dumps({"body": "panjang " * 40}) + "\n"
    (tmp_path / "a.jsonl").write_text('{"body": "Satu."}\n' + long_line + '{"body": "Dua."}\n', encoding="utf-8")
    assert read(tmp_path / "a.jsonl") == [
        RawRecord({"body": "Satu."}, "a.jsonl", 1, "jsonl"),
        Rejection("a.jsonl", 2, "line too long (more than 100 bytes)"),
        RawRecord({"body": "Dua."}, "a.jsonl", 3, "jsonl"),
    ]


@pytest.mark.parametrize("name", ["big.jsonl", "big.json", "big.csv"])
def test_records_are_streamed_not_loaded_at_once(tmp_path, real_lines, name):
    objects = [json.loads(line) for line in real_lines] * 150           # about 4 MB
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    elif name.endswith(".json"):
        path.write_text(json.dumps(objects, indent=1), encoding="utf-8")
    else:
        write_csv(path, objects, KEYS)
    assert path.stat().st_size > 3_000_000
    tracemalloc.start()
    count = sum(1 for _ in iter_inputs([str(path)]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == len(objects)
    assert peak < 1_000_000
