"""``manju studio`` on the command line: options, the token on an open bind, clear errors."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from manju.cli.main import main


def test_studio_command(monkeypatch, tmp_path: Path, capsys) -> None:
    from manju.cli import studio

    seen: list[Any] = []
    monkeypatch.setattr(studio, "serve", seen.append)
    assert main(["studio", str(tmp_path), "--workspace", str(tmp_path / "ws"), "--port", "0"]) == 0
    assert main(["studio", "--host", "0.0.0.0", "--workspace", str(tmp_path / "ws")]) == 0
    first, second = seen
    assert first.host == "127.0.0.1" and first.token is None and first.folders == [tmp_path]
    assert second.token and second.workspace == (tmp_path / "ws").resolve()
    assert main(["studio", str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_a_port_in_use_is_one_clear_line(tmp_path: Path, capsys) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["studio", "--workspace", str(tmp_path), "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_the_server_starts_quickly(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    import httpx

    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "manju.cli.main", "studio", "--port", "0",
                             "--workspace", str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split()[-1]
        assert url.startswith("http://127.0.0.1:")
        while True:
            try:
                if httpx.get(url + "api/info", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() - t0 < 10, "the studio did not answer"
            time.sleep(0.05)
        took = time.monotonic() - t0
        print(f"studio answered {took:.2f} s after start")  # a figure for docs/benchmarks.md
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_llm_option(monkeypatch, tmp_path: Path, capsys) -> None:
    from manju.cli import studio

    seen: list[Any] = []
    monkeypatch.setattr(studio, "serve", seen.append)
    monkeypatch.delenv("MANJU_LLM", raising=False)
    monkeypatch.setenv("MANJU_LLM_MODEL", "fake")
    monkeypatch.setenv("MANJU_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    ws = ["--workspace", str(tmp_path)]
    assert main(["studio", *ws]) == 0 and main(["studio", "--llm", *ws]) == 0
    assert [c.llm for c in seen] == [None, "openai"]
    monkeypatch.setenv("MANJU_LLM_BASE_URL", "ftp://example.test")
    assert main(["studio", "--llm", *ws]) == 1  # told at the start, not at the first message
    assert "base URL must start with http" in capsys.readouterr().err
