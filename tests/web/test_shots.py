"""The shot card's editor on a TestClient: hold and pace, props, split, merge and insert, each
one operation undone in one step, with a render queued for the shots it touched."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import pid_of


def shots(client: Any, pid: str) -> list[dict[str, Any]]:
    p = client.get(f"/api/projects/{pid}").json()
    return [sh for sc in p["scenes"] for sh in sc["shots"]]


def test_info_lists_the_props_and_paces(client) -> None:
    info = client.get("/api/info").json()
    assert "lantern" in info["props"] and "umbrella" in info["props"]
    assert info["paces"] == ["slow", "normal", "fast"]
    assert info["cameras"][0] == "static" and "close_up" in info["framings"]


def test_retime_sets_hold_and_pace_and_undoes_in_one_step(client) -> None:
    pid = pid_of(client)
    shot = shots(client, pid)[1]
    assert shot["hold"] == 0.0 and shot["pace"] == "normal"
    r = client.post(f"/api/projects/{pid}/shots/{shot['id']}/retime", json={"hold": 1.5, "pace": "slow"})
    assert r.status_code == 200, r.text
    assert r.json()["applied"] and r.json()["job"]["kind"] == "render"
    after = shots(client, pid)[1]
    assert after["hold"] == 1.5 and after["pace"] == "slow"
    assert after["duration"] > shot["duration"]
    assert client.post(f"/api/projects/{pid}/undo").json()["applied"]
    again = shots(client, pid)[1]
    assert again["hold"] == 0.0 and again["pace"] == "normal" and again["duration"] == shot["duration"]


def test_retime_refuses_nothing_and_out_of_range_values(client) -> None:
    pid = pid_of(client)
    url = f"/api/projects/{pid}/shots/{shots(client, pid)[1]['id']}/retime"
    empty = client.post(url, json={})
    assert empty.status_code == 400 and "hold" in empty.json()["detail"]
    assert client.post(url, json={"hold": 99}).status_code == 422
    assert client.post(url, json={"pace": "glacial"}).status_code == 422


def test_add_and_remove_a_prop(client) -> None:
    pid = pid_of(client)
    shot = shots(client, pid)[2]
    base = f"/api/projects/{pid}/shots/{shot['id']}/props"
    r = client.post(f"{base}/add", json={"prop": "Umbrella"})
    assert r.status_code == 200, r.text
    assert "umbrella" in shots(client, pid)[2]["props"]
    twice = client.post(f"{base}/add", json={"prop": "umbrella"})
    assert twice.status_code == 400 and "already" in twice.json()["detail"]
    unknown = client.post(f"{base}/add", json={"prop": "spaceship"})
    assert unknown.status_code == 400 and "lantern" in unknown.json()["detail"]
    assert client.post(f"{base}/remove", json={"prop": "umbrella"}).status_code == 200
    assert "umbrella" not in shots(client, pid)[2]["props"]
    missing = client.post(f"{base}/remove", json={"prop": "umbrella"})
    assert missing.status_code == 400 and "does not show" in missing.json()["detail"]
    # In someone's hand: a character the shot shows, by name.
    alone = next(s for s in shots(client, pid) if len(s["subject_ids"]) == 1)
    base = f"/api/projects/{pid}/shots/{alone['id']}/props"
    who = alone["subjects"][0]
    r = client.post(f"{base}/add", json={"prop": "cup", "holder": who})
    assert r.status_code == 200, r.text
    assert next(s for s in shots(client, pid) if s["id"] == alone["id"])["held"] == {"cup": who}
    other = next(s for s in shots(client, pid) if s["subject_ids"] and
                 s["subject_ids"][0] not in alone["subject_ids"])
    wrong = client.post(f"{base}/add", json={"prop": "book", "holder": other["subject_ids"][0]})
    assert wrong.status_code == 400 and "not in shot" in wrong.json()["detail"]
    assert client.post(f"{base}/remove", json={"prop": "cup"}).status_code == 200


def test_split_merge_and_insert(client) -> None:
    pid = pid_of(client)
    before = shots(client, pid)
    spoken = next(sh for sh in before if len(sh["lines"]) >= 2 or sh["duration"] >= 2.0)
    n = len(before)
    r = client.post(f"/api/projects/{pid}/shots/{spoken['id']}/split", json={})
    assert r.status_code == 200, r.text
    assert r.json()["job"]["kind"] == "render"
    assert len(shots(client, pid)) == n + 1
    r = client.post(f"/api/projects/{pid}/shots/{spoken['id']}/merge")
    assert r.status_code == 200, r.text
    assert len(shots(client, pid)) == n
    r = client.post(f"/api/projects/{pid}/shots/{spoken['id']}/insert",
                    json={"framing": "insert", "props": ["lantern"]})
    assert r.status_code == 200, r.text
    now = shots(client, pid)
    assert len(now) == n + 1
    new = now[[sh["id"] for sh in now].index(spoken["id"]) + 1]
    assert new["framing"] == "insert" and new["props"] == ["lantern"] and not new["lines"]
    # each was one step: three undos give the storyboard back
    for _ in range(3):
        assert client.post(f"/api/projects/{pid}/undo").status_code == 200
    assert [sh["id"] for sh in shots(client, pid)] == [sh["id"] for sh in before]


def test_layout_edits_refuse_what_cannot_be_done(client) -> None:
    pid = pid_of(client)
    p = client.get(f"/api/projects/{pid}").json()
    last = p["scenes"][0]["shots"][-1]["id"]
    merge = client.post(f"/api/projects/{pid}/shots/{last}/merge")
    assert merge.status_code == 400 and "last of its scene" in merge.json()["detail"]
    insert = client.post(f"/api/projects/{pid}/shots/{last}/insert", json={"framing": "insert"})
    assert insert.status_code == 400 and "prop" in insert.json()["detail"]
    assert client.post(f"/api/projects/{pid}/shots/{last}/insert",
                       json={"framing": "huge"}).status_code == 422
    nothing = client.post(f"/api/projects/{pid}/shots/sh_nothing/split", json={})
    assert nothing.status_code == 400 and "sh_nothing" in nothing.json()["detail"]
    far = client.post(f"/api/projects/{pid}/shots/{last}/split", json={"after_line": "99"})
    assert far.status_code == 400
