"""Searching from the command line, serving with the production server, and reindexing while
the app serves."""

import json
import socket

from indexer.build import build_index
from indexer.cli import main
from tests.conftest import SEED_ID, SEEDS, corpus_sample, INDOSUM
from tests.live import request
from webui.app import create_app


def test_cli_search_json_is_the_api_object(sample_index, capsys):
    code = main(["search", "pemasok amunisi", "--index", str(sample_index), "--json", "--limit", "3"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    app = create_app({"INDEX_DIR": str(sample_index)})
    api = app.test_client().get("/api/search?q=pemasok+amunisi&per_page=3").get_json()
    for volatile in ("took_ms",):
        data.pop(volatile), api.pop(volatile)
    assert data == api


def test_cli_search_text_and_filters(sample_index, capsys):
    code = main(["search", "amunisi", "--index", str(sample_index), "--source", "Bisnis.com"])
    out = capsys.readouterr().out
    assert code == 0 and "1 articles" in out and SEED_ID in out


def test_cli_queries_file_gives_one_json_object_per_line(sample_index, tmp_path, capsys):
    queries = tmp_path / "queries.txt"
    queries.write_text("banjir\n\npemasok amunisi\n\"tidak ditutup\n", encoding="utf-8")
    code = main(["search", "--queries", str(queries), "--index", str(sample_index), "--json"])
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["query"] for line in lines] == ["banjir", "pemasok amunisi", "\"tidak ditutup"]
    assert lines[0]["total"] > 0 and "error" in lines[2]
    assert code == 2 and "phrase is not closed" in captured.err


def test_new_articles_appear_without_a_restart(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / f"{SEED_ID}.txt").write_text((SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    build_index([str(corpus)], index_dir)
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/api/search?q=banjir").get_json()["total"] == 0
    (corpus / "more.jsonl").write_text("".join(corpus_sample(INDOSUM, 200, 3)), encoding="utf-8")
    build_index([str(corpus)], index_dir)
    assert client.get("/api/search?q=banjir").get_json()["total"] > 0
    assert client.get(f"/api/articles/{SEED_ID}").status_code == 200


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses a TCP socket listens on at ``port`` (from /proc/net/tcp)."""
    found = set()
    with open("/proc/net/tcp") as table:
        for line in list(table)[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:     # 0A: LISTEN
                found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_serve_runs_a_production_server_on_localhost(live):
    """``live`` is `telusur serve` with its default host."""
    status, headers, body = request(f"{live}/api/search?q=banjir")
    assert status == 200 and json.loads(body)["total"] > 0
    assert headers["Server"] == "telusur"
    assert listening_addresses(int(live.rsplit(":", 1)[1])) == {"127.0.0.1"}


def test_cli_quotes(sample_index, capsys):
    code = main(["quotes", "prihatin", "--speaker", "Stoltenberg", "--index", str(sample_index)])
    out = capsys.readouterr().out
    assert code == 0 and "— Jens Stoltenberg, Sekretaris Jenderal NATO (direct)" in out
    code = main(["quotes", "--speaker", "John Kirby", "--index", str(sample_index), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["total"] == 2


def test_reading_commands_without_an_index_say_so(tmp_path, capsys):
    for argv in (["search", "banjir"], ["quotes", "x"], ["show", "x"], ["stats"]):
        assert main([*argv, "--index", str(tmp_path / "none")]) == 1
        assert "run `telusur index` first" in capsys.readouterr().err
    assert main(["search", "--from", "kapan-kapan", "x", "--index", str(tmp_path)]) in (1, 2)
