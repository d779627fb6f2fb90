"""The studio's guard: Host check, token, cross-site requests, CORS, headers, file names."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import BASE, config, pid_of

TOKEN = "t0ken-for-the-tests-0123456789"


@pytest.fixture
def guarded(project: Path, tmp_path: Path) -> Iterator[Any]:
    """A studio bound to every address, so with a token."""
    from fastapi.testclient import TestClient

    from manju.web.app import create_app

    app = create_app(config(tmp_path, [project], run_jobs=False, host="0.0.0.0", token=TOKEN))
    with TestClient(app, base_url=BASE) as c:
        yield c


def test_host_header_must_name_this_server(client) -> None:
    assert client.get("/api/info").status_code == 200
    assert client.get("/api/info", headers={"host": "localhost:8765"}).status_code == 200
    for host in ("evil.example", "evil.example:8765", "127.0.0.1.evil.example", ""):
        assert client.get("/api/info", headers={"host": host}).status_code == 421, host
    assert client.get("/", headers={"host": "attacker.test"}).status_code == 421


def test_token_is_needed_everywhere(guarded) -> None:
    for path in ("/", "/api/info", "/api/projects", "/api/events", "/static/app.js",
                 "/openapi.json"):
        assert guarded.get(path).status_code == 401, path
    assert guarded.get("/api/info", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/api/info", params={"token": TOKEN[:-1]}).status_code == 401
    assert guarded.get("/api/info", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_token_in_the_url_sets_a_strict_cookie(guarded) -> None:
    r = guarded.get("/", params={"token": TOKEN})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # the client kept the cookie: now the page's own requests need nothing else
    assert guarded.get("/api/projects").status_code == 200
    guarded.cookies.clear()
    assert guarded.get("/api/projects").status_code == 401


def test_cross_site_changes_are_refused(client) -> None:
    pid = pid_of(client)
    url = f"/api/projects/{pid}/chat"
    body = {"text": "make shot 2 a close-up"}
    assert client.post(url, json=body, headers={"origin": "http://evil.example"}).status_code == 403
    assert client.post(url, json=body, headers={"origin": "null"}).status_code == 403
    assert client.post(url, json=body, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert client.post("/api/projects", data={"idea": "x"},
                       headers={"origin": "http://localhost:9999"}).status_code == 403
    assert client.post(url, json=body, headers={"origin": BASE}).status_code == 200


def test_no_cors_and_strict_headers(client) -> None:
    pre = client.options("/api/projects", headers={"origin": "http://evil.example",
                                                   "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    r = client.get("/api/projects", headers={"origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and page.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", [
    "../project.json", "..%2Fproject.json", "%2e%2e/%2e%2e/etc/passwd", "/etc/passwd",
    "export/../../../etc/passwd", ".cache/voice", ".manju.lock", "story.txt%2F..%2Fvideo.mp4",
    "..\\video.mp4", "video.mp4%00.png", "project.json.bak", "nothing.mp4", "export/%2E%2E/%2E%2E/x"])
def test_file_names_cannot_leave_the_project(client, name: str) -> None:
    # (the client removes plain dot segments itself: the encoded forms reach the server)
    r = client.get(f"/api/projects/{pid_of(client)}/files/{name}")
    assert r.status_code in (400, 404), (name, r.status_code)


def test_a_link_out_of_the_folder_is_not_served(client, project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (project / "export").mkdir()
    (project / "export" / "leak.txt").symlink_to(secret)
    (project / "webtoon_02.jpg").symlink_to(secret)
    pid = pid_of(client)
    for name in ("export/leak.txt", "webtoon_02.jpg"):
        assert client.get(f"/api/projects/{pid}/files/{name}").status_code == 404


def test_host_helpers() -> None:
    from manju.web.security import allowed_hosts, host_of, is_loopback

    assert host_of("[::1]:8765") == "::1" and host_of("LocalHost:1") == "localhost"
    assert host_of("127.0.0.1") == "127.0.0.1"
    assert is_loopback("127.0.0.2") and is_loopback("::1") and not is_loopback("0.0.0.0")
    assert "studio.lan" in allowed_hosts("127.0.0.1", ["Studio.LAN"])
    assert "evil.example" not in allowed_hosts("0.0.0.0")


def test_any_other_bind_gets_a_token(monkeypatch, tmp_path: Path) -> None:
    from manju.cli import studio

    seen: list[Any] = []
    monkeypatch.setattr(studio, "serve", seen.append)
    base = dict(dirs=[], port=0, workspace=str(tmp_path), token=None, allow_host=[],
                max_upload=4096, workers=0)
    studio.cmd_studio(argparse.Namespace(host="127.0.0.1", **base))
    studio.cmd_studio(argparse.Namespace(host="0.0.0.0", **base))
    assert seen[0].token is None and seen[1].token and len(seen[1].token) >= 24
    from manju.errors import InputError

    with pytest.raises(InputError):
        studio.cmd_studio(argparse.Namespace(host="0.0.0.0", **{**base, "token": "short"}))
