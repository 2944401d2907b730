"""Read article files into raw records, reporting bad input instead of failing on it.

Each PATH given to the indexer is a file or a folder. Folders are walked recursively in
sorted order, skipping hidden files and folders and any file of an unsupported type.
Supported files are `.txt` (one article per file), `.jsonl` (one JSON object per line),
`.json` (one JSON array of objects, or JSON Lines), `.csv` (a header row naming the
article keys) and any of these gzipped (`.jsonl.gz`, ...).

`iter_inputs()` streams a `RawRecord` for every article it can read and a `Rejection`
(file, line, reason) for everything it cannot; it never raises for bad input, so one
broken file or line never costs the good ones. Files are read line by line, so a large
file is never held in memory at once (a single line over 20 MB is rejected, and so is a
.txt article over MAX_ARTICLE_CHARS, without reading the rest of it).

Record paths are relative to their corpus root: the folder itself when a folder was
given, the file's parent folder when a file was given.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import zlib
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator

KINDS = ("txt", "jsonl", "json", "csv")
MAX_LINE_BYTES = 20 * 1024 * 1024   # longer lines are rejected, not buffered
# Longer articles are rejected. Real news articles are under 25,000 characters, and entity and
# quote extraction take more than linear time: a 1 MB article takes seconds, 5 MB over a minute.
MAX_ARTICLE_CHARS = 1_000_000
SNIFF_BYTES = 8192                  # a NUL byte in the first 8 KB means a binary file


@dataclass(frozen=True)
class RawRecord:
    """One article as read, before any cleaning."""

    fields: dict      # raw key -> value: strings for txt/csv, JSON values for json/jsonl
    path: str         # file path relative to the corpus root, with "/" separators
    line: int | None  # 1-based line (csv: where the row starts; json array: index + 1; txt: None)
    kind: str         # "txt" | "jsonl" | "json" | "csv"


@dataclass(frozen=True)
class Rejection:
    """Input that could not be read, and why, in one human sentence."""

    path: str         # as in RawRecord, or the path as given when it is not a readable file
    line: int | None
    reason: str


def where(item: RawRecord | Rejection) -> str:
    """How reports name the place of a record or a rejection: ``path:line``, or the path
    alone when there is no line."""
    return f"{item.path}:{item.line}" if item.line else item.path


def split_extension(path: str) -> tuple[str, str]:
    """Split PATH into stem and extension, counting `.gz` together with the one before it.

    >>> split_extension("sub/articles.jsonl.gz")
    ('sub/articles', '.jsonl.gz')
    >>> split_extension("000_fa2b72a6b3e6f8b4.txt")
    ('000_fa2b72a6b3e6f8b4', '.txt')
    """
    stem, ext = os.path.splitext(path)
    if ext.lower() == ".gz":
        stem, inner = os.path.splitext(stem)
        ext = inner + ext
    return stem, ext


def _kind(path: str) -> str | None:
    """The input kind of PATH from its extension, or None when it is not supported.

    >>> _kind("a/b.JSONL.gz"), _kind("notes.md"), _kind("backup.gz")
    ('jsonl', None, None)
    """
    kind = split_extension(path)[1].lower().removesuffix(".gz").lstrip(".")
    return kind if kind in KINDS else None


def source_files(paths: Iterable[str]) -> list[tuple[str, str]]:
    """(corpus root, absolute file path) of every supported file under PATHS, sorted.

    A file reachable from several PATHS is listed once, under the first PATH that
    reaches it. Paths that are missing or unsupported are left out here;
    `iter_inputs()` reports them.
    """
    found: dict[str, str] = {}
    for path in paths:
        for root, file in _files_under(os.path.abspath(path)):
            found.setdefault(file, root)
    return sorted((root, file) for file, root in found.items())


def _files_under(path: str) -> Iterator[tuple[str, str]]:
    """(root, file) pairs for a folder walked recursively, or for a single file."""
    if os.path.isdir(path):
        for folder, dirs, files in os.walk(path):
            dirs[:] = [name for name in dirs if not name.startswith(".")]
            for name in files:
                if not name.startswith(".") and _kind(name):
                    yield path, os.path.join(folder, name)
    elif os.path.isfile(path) and _kind(path):
        yield os.path.dirname(path), path


def iter_inputs(paths: Iterable[str]) -> Iterator[RawRecord | Rejection]:
    """Every article under PATHS as a RawRecord, and every bad input as a Rejection.

    Paths that cannot be used at all (missing, unsupported type) are reported first,
    then the files of `source_files(paths)` are read in that order.
    """
    paths = list(paths)
    for path in paths:
        problem = _path_problem(path)
        if problem:
            yield Rejection(path, None, problem)
    for root, file in source_files(paths):
        yield from _read_file(root, file)


def _path_problem(path: str) -> str | None:
    """Why a PATH named by the user cannot be read, or None when it can."""
    if os.path.isdir(path):
        return None
    if not os.path.exists(path):
        return "no such file or folder"
    if not _kind(path):
        return "unsupported file type (expected .txt, .jsonl, .json or .csv, optionally .gz)"
    return None


def _read_file(root: str, file: str) -> Iterator[RawRecord | Rejection]:
    """Records and rejections of one file, with a rejection when it holds nothing at all."""
    path = Path(os.path.relpath(file, root)).as_posix()
    reader = _READERS[_kind(file)]
    empty = True
    for item in reader(_lines(file, path), path):
        empty = False
        yield item
    if empty:
        yield Rejection(path, None, "empty file")


def _lines(file: str, path: str) -> Iterator[tuple[int, str] | Rejection]:
    """(line number, text) for each line of FILE, line endings kept, or Rejections.

    A NUL byte in the first SNIFF_BYTES means a binary file. Lines are decoded one at a
    time, so a bad byte costs only its line (the offset reported is within the line);
    a UTF-8 byte order mark is dropped. A file that cannot be opened, is binary or
    breaks off (truncated gzip) ends with one Rejection.
    """
    opener = gzip.open if file.lower().endswith(".gz") else open
    lineno = 0
    try:
        with opener(file, "rb") as stream:
            if b"\0" in stream.read(SNIFF_BYTES):
                yield Rejection(path, None, "binary file (contains NUL bytes)")
                return
            stream.seek(0)
            while raw := stream.readline(MAX_LINE_BYTES + 1):
                lineno += 1
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    _skip_rest_of_line(stream)
                    yield Rejection(path, lineno, f"line too long (more than {MAX_LINE_BYTES:,} bytes)")
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    problem = f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})"
                    yield Rejection(path, lineno, problem)
                    continue
                if lineno == 1:
                    text = text.removeprefix("\ufeff")
                yield lineno, text
    except EOFError:
        yield Rejection(path, lineno + 1, "truncated gzip file")
    except gzip.BadGzipFile:
        yield Rejection(path, None, "not a gzip file")
    except zlib.error:
        yield Rejection(path, lineno + 1, "corrupt gzip data")
    except OSError as error:
        yield Rejection(path, None, f"cannot read: {error.strerror or error}")


def _skip_rest_of_line(stream) -> None:
    """Read and drop the rest of an over-long line, a bounded piece at a time."""
    while chunk := stream.readline(MAX_LINE_BYTES):
        if chunk.endswith(b"\n"):
            break


def _ends_file(rejection: Rejection, lines: Iterator) -> Rejection:
    """REJECTION for a bad line after which a file cannot be resumed (csv, json array).

    The reason says so when lines were left unread.
    """
    if next(lines, None) is None:
        return rejection
    return replace(rejection, reason=rejection.reason + "; rest of the file skipped")


def _read_txt(lines, path: str) -> Iterator[RawRecord | Rejection]:
    """A .txt file is one article: its whole text becomes the body (at most MAX_ARTICLE_CHARS;
    a longer file is rejected as soon as it is seen to be, and not read further)."""
    parts, size = [], 0
    for item in lines:
        if isinstance(item, Rejection):
            yield item
            return
        parts.append(item[1])
        size += len(item[1])
        if size > MAX_ARTICLE_CHARS:
            yield Rejection(path, None, article_too_long())
            return
    text = "".join(parts)
    if text.strip():
        yield RawRecord({"body": text}, path, None, "txt")


def _read_jsonl(lines, path: str, kind: str = "jsonl") -> Iterator[RawRecord | Rejection]:
    """JSON Lines: one object per line; a bad line is rejected and the next one read."""
    for item in lines:
        if isinstance(item, Rejection):
            yield item
        elif item[1].strip():
            lineno, text = item
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as error:
                yield Rejection(path, lineno, _json_problem(error))
            else:
                yield _as_record(value, path, lineno, kind)


def _read_json(lines, path: str) -> Iterator[RawRecord | Rejection]:
    """A .json file is one JSON array of objects when it starts with "[", else JSON Lines."""
    lines = iter(lines)
    head = []
    for item in lines:
        head.append(item)
        if not isinstance(item, Rejection) and item[1].strip():
            break
    lines = chain(head, lines)
    if head and not isinstance(head[-1], Rejection) and head[-1][1].lstrip().startswith("["):
        yield from _read_json_array(lines, path)
    else:
        yield from _read_jsonl(lines, path, kind="json")


_GAP = re.compile(r"\s*,?\s*")   # what may separate two array elements


def _read_json_array(lines, path: str) -> Iterator[RawRecord | Rejection]:
    """Stream the elements of a top-level JSON array (record line = index + 1).

    Lines are added to a buffer until the next element parses. A parse error before the
    end of the buffer cannot be fixed by more input, so it is reported and, as there is
    no safe place to resume, ends the file.
    """
    decoder = json.JSONDecoder()
    buffer, pos, index = "", 0, 0
    opened = closed = False
    for item in lines:
        if isinstance(item, Rejection):
            yield _ends_file(item, lines)
            return
        buffer, pos = buffer[pos:] + item[1], 0
        while True:
            pos = _GAP.match(buffer, pos).end()
            if pos == len(buffer):
                break                                      # read the next line
            if closed:
                yield _ends_file(Rejection(path, None, "broken JSON: data after the closing ]"), lines)
                return
            if not opened or buffer[pos] == "]":           # the opening "[" or the closing "]"
                closed = opened
                opened = True
                pos += 1
                continue
            try:
                value, pos = decoder.raw_decode(buffer, pos)
            except (ValueError, RecursionError) as error:
                if len(buffer) - pos > MAX_LINE_BYTES:
                    problem = "JSON element too long"
                elif getattr(error, "pos", 0) >= len(buffer.rstrip()):
                    break                                  # the element goes on in the next line
                else:
                    problem = _json_problem(error, column=False)  # columns would count from the element
                yield _ends_file(Rejection(path, index + 1, problem), lines)
                return
            index += 1
            yield _as_record(value, path, index, "json")
    if not closed:
        yield Rejection(path, index + 1, "broken JSON: the file ends before the array is closed")


_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "true/false", type(None): "null"}


def _as_record(value, path: str, line: int, kind: str) -> RawRecord | Rejection:
    """A parsed JSON value as a record; anything but an object is rejected, and so is an
    object that cannot be indexed (see `_unindexable`)."""
    if not isinstance(value, dict):
        return Rejection(path, line, f"JSON value is {_JSON_TYPES[type(value)]}, not an object")
    problem = _unindexable(value)
    if problem:
        return Rejection(path, line, problem)
    return RawRecord(value, path, line, kind)


MAX_JSON_DEPTH = 32                      # deeper nesting is rejected
_SURROGATE = re.compile("[\ud800-\udfff]")


def _unindexable(value: dict) -> str | None:
    """Why a parsed JSON object that json accepts cannot be indexed, or None.

    JSON allows a lone surrogate (``"\\ud800"``), which no UTF-8 text can carry, and nesting
    hundreds of levels deep, which overflows Python's stack where the record is copied into the
    index. Either would end the whole indexing run, so the record is rejected instead, like a
    line of invalid UTF-8. The walk is iterative, so any depth json accepted is safe here.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return ("not valid Unicode: a \\u escape in the range \\ud800-\\udfff "
                        "that is not part of a surrogate pair")
        elif isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                return f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                stack.append((key, depth))
                stack.append((child, depth + 1))
    return None


def article_too_long() -> str:
    """The reason given for an article over MAX_ARTICLE_CHARS."""
    return f"article too long (more than {MAX_ARTICLE_CHARS:,} characters)"


def _json_problem(error: Exception, column: bool = True) -> str:
    """A one-line reason for a JSON parse failure, with its column when that helps."""
    if not isinstance(error, json.JSONDecodeError):
        return f"broken JSON: {error}"
    return f"broken JSON: {error.msg} (col {error.colno})" if column else f"broken JSON: {error.msg}"


def _read_csv(lines, path: str) -> Iterator[RawRecord | Rejection]:
    """CSV with a header row naming the keys (`body` required); one article per row.

    The csv module pulls text from an iterator; an unreadable line ends that iterator
    (a row cannot be resumed half way) and is reported after the rows before it.
    """
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    failed: list[Rejection] = []

    def text():
        for item in lines:
            if isinstance(item, Rejection):
                failed.append(item)
                return
            yield item[1]

    reader = csv.reader(text())
    header, start = None, 1
    try:
        for row in reader:
            if failed:
                break                                      # a row cut short by the bad line
            row_start, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [name.strip() for name in row]
                if "body" not in header:
                    problem = f"CSV header has no 'body' column (it has: {', '.join(header)})"
                    yield Rejection(path, row_start, problem)
                    return
            else:
                yield _csv_record(header, row, path, row_start)
    except csv.Error as error:
        yield _ends_file(Rejection(path, reader.line_num, f"broken CSV: {error}"), lines)
    if failed:
        yield _ends_file(failed[0], lines)


def _csv_record(header: list[str], row: list[str], path: str, line: int) -> RawRecord | Rejection:
    """One CSV data row as a record keyed by the header; missing trailing cells are ''."""
    if len(row) > len(header):
        return Rejection(path, line, f"CSV row has {len(row)} fields but the header has {len(header)}")
    fields = dict(zip(header, row + [""] * (len(header) - len(row))))
    if not fields["body"].strip():
        return Rejection(path, line, "CSV row has no body")
    return RawRecord(fields, path, line, "csv")


_READERS = {"txt": _read_txt, "jsonl": _read_jsonl, "json": _read_json, "csv": _read_csv}
