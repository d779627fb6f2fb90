"""The studio's JSON API on a TestClient (jobs are queued, not run): projects, the canvas,
frames, files, edits through the plain-language editor, uploads."""

from __future__ import annotations

import json
from pathlib import Path

from tests.web.conftest import TITLE, pid_of


def test_lists_the_project_given_on_the_command_line(client) -> None:
    rows = client.get("/api/projects").json()
    assert [r["folder"] for r in rows] == ["kitchen"]
    assert rows[0]["title"] == TITLE and rows[0]["made"] and rows[0]["shots"] >= 4


def test_canvas_has_cards_by_scene_and_the_cast(client) -> None:
    p = client.get(f"/api/projects/{pid_of(client)}").json()
    shots = [sh for sc in p["scenes"] for sh in sc["shots"]]
    assert [sh["number"] for sh in shots] == list(range(1, len(shots) + 1))
    assert all(sh["thumb"] and sh["key"] for sh in shots)
    spoken = [sh for sh in shots if sh["lines"]]
    assert any(ln["speaker"] == "Elias" for sh in spoken for ln in sh["lines"])
    text = json.dumps(p, ensure_ascii=False)
    assert "<script>" in text and "<img src=x onerror=" in text  # sent as plain text
    assert {c["name"] for c in p["cast"]} >= {"Mara Vale", "Elias"}
    assert {"video.mp4", "subtitles.srt", "subtitles.vtt", "script.fountain", "comic.pdf",
            "comic.cbz", "cast.png"} <= {f["name"] for f in p["files"]}


def test_frames_and_segment_of_a_shot(client) -> None:
    p = client.get(f"/api/projects/{pid_of(client)}").json()
    shot = p["scenes"][0]["shots"][1]
    r = client.get(shot["thumb"])
    assert r.status_code == 200 and r.content[:2] == b"\xff\xd8"
    for url in shot["frames"]:
        assert client.get(url).status_code == 200
    assert client.get(shot["frames"][0].replace("/frame/0.jpg", "/frame/9.jpg")).status_code == 404
    seg = client.get(shot["segment"])
    assert seg.status_code == 200 and seg.headers["content-type"] == "video/mp4"
    assert client.get(f"/api/projects/{pid_of(client)}/shots/sh_nope/frame/0.jpg").status_code == 404


def test_downloads(client, project: Path) -> None:
    pid = pid_of(client)
    r = client.get(f"/api/projects/{pid}/files/subtitles.srt?download=1")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.content == (project / "subtitles.srt").read_bytes()
    (project / "export").mkdir()
    (project / "export" / "cut.otio").write_text("{}", encoding="utf-8")
    assert client.get(f"/api/projects/{pid}/files/export/cut.otio").status_code == 200
    assert client.get("/api/projects/pnothere/files/video.mp4").status_code == 404


def test_chat_applies_an_edit_and_queues_a_render(client) -> None:
    pid = pid_of(client)
    out = client.post(f"/api/projects/{pid}/chat", json={"text": "make shot 2 a close-up"}).json()
    assert out["applied"] and out["status"] == "edit"
    assert out["operations"][0]["op"] == "set_shot" and out["steps"]
    assert out["job"]["kind"] == "render" and out["job"]["state"] == "queued"
    p = client.get(f"/api/projects/{pid}").json()
    assert p["scenes"][0]["shots"][1]["framing"] == "close_up" and p["can_undo"]
    again = client.post(f"/api/projects/{pid}/undo").json()
    assert again["applied"] and again["job"]["id"] == out["job"]["id"]  # one render waits, not two
    p = client.get(f"/api/projects/{pid}").json()
    assert p["scenes"][0]["shots"][1]["framing"] != "close_up" and p["can_redo"]


def test_chat_in_chinese_and_an_instruction_it_cannot_map(client) -> None:
    pid = pid_of(client)
    out = client.post(f"/api/projects/{pid}/chat", json={"text": "把第二个镜头改成特写"}).json()
    assert out["applied"] and out["lang"] == "zh"
    none = client.post(f"/api/projects/{pid}/chat", json={"text": "sing me a song"}).json()
    assert not none["applied"] and none["status"] == "none" and none["job"] is None
    assert client.post(f"/api/projects/{pid}/chat", json={"text": ""}).status_code == 422


def test_set_framing_and_drag_to_reorder(client) -> None:
    pid = pid_of(client)
    shots = client.get(f"/api/projects/{pid}").json()["scenes"][0]["shots"]
    a, b = shots[2]["id"], shots[1]["id"]
    assert client.post(f"/api/projects/{pid}/shots/{b}", json={"framing": "wide"}).status_code == 200
    assert client.post(f"/api/projects/{pid}/shots/{b}", json={"framing": "huge"}).status_code == 400
    r = client.post(f"/api/projects/{pid}/shots/{a}/move", json={"before": b})
    assert r.status_code == 200, r.text
    order = [sh["id"] for sh in client.get(f"/api/projects/{pid}").json()["scenes"][0]["shots"]]
    assert order.index(a) < order.index(b)
    bad = client.post(f"/api/projects/{pid}/shots/sh_nothing/move", json={"before": b})
    assert bad.status_code == 400


def test_upload_a_story_in_gbk(client, tmp_path: Path) -> None:
    data = "夜深了，林晚站在公司楼下。\n\n“你怎么还没走？”苏念问。\n".encode("gbk")
    r = client.post("/api/projects", files={"story": ("../../gushi.txt", data, "text/plain")},
                    data={"title": "夜", "size": "144x256", "fps": "6", "music": "false"})
    assert r.status_code == 201, r.text
    job = r.json()["job"]
    assert job["kind"] == "make" and job["params"]["settings"] == {
        "width": 144, "height": 256, "fps": 6, "music": False}
    story = Path(job["params"]["story"])
    assert story.name == "story.txt" and story.read_bytes() == data
    assert story.parent.parent == (tmp_path / "ws").resolve()
    assert not (tmp_path / "gushi.txt").exists()
    listed = {row["id"] for row in client.get("/api/projects").json()}
    assert r.json()["project"] in listed


def test_upload_checks_type_size_and_content(client) -> None:
    def post(name: str, data: bytes) -> int:
        return client.post("/api/projects", files={"story": (name, data, "text/plain")}).status_code

    assert post("story.exe", b"hello") == 415
    assert post("story.txt", b"\x00\x01\x02\x03" * 200) == 415
    assert post("story.txt", b"   ") == 400
    assert post("story.md", b"a" * (4 * 1024 * 1024 + 1)) == 413
    assert client.post("/api/projects", data={"idea": ""}).status_code == 400
    assert client.post("/api/projects", data={"idea": "x", "size": "9x9"}).status_code == 400


def test_create_from_an_idea(client) -> None:
    r = client.post("/api/projects", data={"idea": "a lighthouse keeper finds a stowaway"})
    assert r.status_code == 201
    story = Path(r.json()["job"]["params"]["story"])
    assert story.is_file() and "lighthouse" in story.read_text(encoding="utf-8").lower()


def test_make_and_export_are_queued(client) -> None:
    pid = pid_of(client)
    job = client.post(f"/api/projects/{pid}/make", json={}).json()["job"]
    assert job["kind"] == "make" and job["state"] == "queued"
    assert client.post(f"/api/projects/{pid}/export").json()["job"]["kind"] == "export"
    assert client.post(f"/api/jobs/{job['id']}/cancel").status_code == 200
    assert client.post(f"/api/jobs/{job['id']}/cancel").status_code == 409
    states = {j["id"]: j["state"] for j in client.get(f"/api/jobs?project={pid}").json()}
    assert states[job["id"]] == "cancelled"


def test_openapi_is_published(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/projects/{pid}/chat" in paths and "/api/events" in paths


def test_set_camera_and_who_is_in_the_shot(client) -> None:
    pid = pid_of(client)
    shot = client.get(f"/api/projects/{pid}").json()["scenes"][0]["shots"][2]
    url = f"/api/projects/{pid}/shots/{shot['id']}"
    r = client.post(url, json={"camera": "pan_left", "subjects": ["Elias", "Mara Vale"]})
    assert r.status_code == 200, r.text
    after = client.get(f"/api/projects/{pid}").json()["scenes"][0]["shots"][2]
    assert after["camera"] == "pan_left" and after["subjects"] == ["Elias", "Mara Vale"]
    assert client.post(url, json={"subjects": []}).status_code == 200  # nobody: an empty frame
    assert client.post(url, json={"camera": "dolly_zoom"}).status_code == 400
    bad = client.post(url, json={"subjects": ["Nobody Here"]})
    assert bad.status_code == 400 and "Nobody Here" in bad.json()["detail"]
