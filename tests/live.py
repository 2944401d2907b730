"""Helpers for tests that drive real processes: `telusur serve` on a free port of 127.0.0.1,
HTTP requests to it, and `telusur index` runs. All traffic stays on this machine."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def telusur(*args: str) -> list[str]:
    """The command line of `telusur ARGS` with this interpreter."""
    return [sys.executable, "-m", "indexer", *args]


def start(command: list[str], **options) -> subprocess.Popen:
    """Start COMMAND in a process group of its own (see ``end_group``)."""
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True, **options)


def end_group(process: subprocess.Popen) -> None:
    """Kill whatever is left of PROCESS's group: worker processes a failing test left behind."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def run(command: list[str], timeout: float = 180) -> subprocess.CompletedProcess:
    """Run COMMAND to completion, failing the test if it hangs, and leave no process behind."""
    process = start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:
        end_group(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def index(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run `telusur index ARGS` to completion (failing the test if it hangs)."""
    return run(telusur("index", *args), timeout=timeout)


@contextmanager
def serving(index_dir: Path, log: Path | None = None):
    """`telusur serve` on a free port for the duration of the block; yields its base URL.

    The server's stderr (its log) goes to ``log`` when given.
    """
    port = free_port()
    stderr = open(log, "w") if log else subprocess.DEVNULL
    server = subprocess.Popen(telusur("serve", "--index", str(index_dir), "--port", str(port)),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert server.poll() is None, "telusur serve exited"
                assert time.monotonic() < deadline, "telusur serve did not start"
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log:
            stderr.close()


def request(url: str, method: str = "GET", timeout: float = 30) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one request; HTTP errors are answers too, not exceptions."""
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def get_json(url: str) -> dict:
    status, _, body = request(url)
    assert status == 200, (url, status, body[:300])
    return json.loads(body)


def processes_mentioning(text: str) -> list[int]:
    """Ids of live processes whose command line contains ``text`` (zombies excluded)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(int(pid))
    return found
