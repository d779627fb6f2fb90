"""The studio on a live uvicorn server with real jobs: progress over the event stream, an
edit re-rendering only the shot it touched, and jobs resumed (never run twice) after a restart."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from tests.web.conftest import config, copy_project, wait_job


def _listen(url: str, events: list[dict[str, Any]], stop: threading.Event) -> None:
    try:
        with httpx.Client(timeout=httpx.Timeout(5.0, read=60.0)) as c, \
                c.stream("GET", f"{url}/api/events") as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            for line in r.iter_lines():
                if line.startswith("data: "):
                    events.append(json.loads(line[6:]))
                if stop.is_set():
                    return
    except httpx.HTTPError:
        if not stop.is_set():  # the server closing the stream at the end is expected
            raise


def test_an_edit_renders_only_its_shot_with_live_progress(live) -> None:
    c = httpx.Client(base_url=live.url, timeout=30)
    pid = c.get("/api/projects").json()[0]["id"]
    before = {sh["id"]: sh["key"] for sc in c.get(f"/api/projects/{pid}").json()["scenes"]
              for sh in sc["shots"]}
    events: list[dict[str, Any]] = []
    stop = threading.Event()
    t = threading.Thread(target=_listen, args=(live.url, events, stop), daemon=True)
    t.start()
    time.sleep(0.5)
    out = c.post(f"/api/projects/{pid}/chat", json={"text": "make shot 2 a close-up"}).json()
    assert out["applied"]
    job = wait_job(c.get, out["job"]["id"])
    assert job["state"] == "done", job
    assert job["report"]["shots_rendered"] == 1 and job["report"]["lines_voiced"] == 0
    after = {sh["id"]: sh["key"] for sc in c.get(f"/api/projects/{pid}").json()["scenes"]
             for sh in sc["shots"]}
    changed = [sid for sid in after if after[sid] != before.get(sid)]
    assert len(changed) == 1 and changed[0] == out["operations"][0]["target"]
    deadline = time.monotonic() + 10
    while not any(e["job"]["state"] == "done" for e in events if e["job"]["id"] == job["id"]):
        assert time.monotonic() < deadline, events
        time.sleep(0.1)
    stop.set()
    mine = [e["job"] for e in events if e["type"] == "job" and e["job"]["id"] == job["id"]]
    assert [j["state"] for j in mine][0] in ("queued", "running")
    assert any(j["state"] == "running" and j["stage"] == "render" and j["total"] >= 1 for j in mine)


def test_the_cards_prop_and_split_render_only_the_shots_they_touch(live) -> None:
    c = httpx.Client(base_url=live.url, timeout=30)
    pid = c.get("/api/projects").json()[0]["id"]

    def keys() -> dict[str, str]:
        return {sh["id"]: sh["key"] for sc in c.get(f"/api/projects/{pid}").json()["scenes"]
                for sh in sc["shots"]}

    before = keys()
    sid = list(before)[2]
    out = c.post(f"/api/projects/{pid}/shots/{sid}/props/add", json={"prop": "lantern"}).json()
    job = wait_job(c.get, out["job"]["id"])
    assert job["state"] == "done" and job["report"]["shots_rendered"] == 1, job
    after = keys()
    assert [s for s in after if after[s] != before.get(s)] == [sid]
    out = c.post(f"/api/projects/{pid}/shots/{sid}/split", json={}).json()
    job = wait_job(c.get, out["job"]["id"])
    split = keys()
    new = [s for s in split if split[s] != after.get(s)]
    assert job["state"] == "done" and job["report"]["shots_rendered"] == len(new) == 2, job
    assert sid in new and len(split) == len(after) + 1


def test_jobs_left_running_resume_once_after_a_restart(made: Path, tmp_path: Path) -> None:
    from manju.web.state import Studio

    folder = copy_project(made, tmp_path)
    first = Studio(config(tmp_path, [folder], run_jobs=False))
    pid = first.scan()[0]
    job = first.make(pid)
    assert first.make(pid).id == job.id  # the same make is not queued twice
    assert first.store.claim(set()).id == job.id  # a server took it, then died
    assert first.store.claim(set()) is None

    second = Studio(config(tmp_path, [folder]))
    assert second.runner.start() == [job.id]
    try:
        done = wait_job(lambda _path: _Rows(second.store.jobs()), job.id)
    finally:
        second.runner.stop()
    assert done["state"] == "done" and done["runs"] == 2
    assert done["report"]["shots_rendered"] == 0  # the caches made the rerun a resume
    assert [j.id for j in second.store.jobs()] == [job.id]


def test_a_job_is_claimed_by_one_runner_only(tmp_path: Path) -> None:
    from manju.web.store import Store

    stores = [Store(tmp_path / "s.sqlite") for _ in range(3)]
    for i in range(12):
        stores[0].add_project(tmp_path / f"p{i}")
        stores[0].enqueue(f"p{i}", "make", {"n": i})
    stores[0].enqueue("p0", "render")
    claimed: list[int] = []

    def take(store: Store) -> None:
        while (job := store.claim(set())) is not None:
            claimed.append(job.id)

    threads = [threading.Thread(target=take, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == list(range(1, 14))


class _Rows:
    """``/api/jobs``'s answer, from the store directly."""

    def __init__(self, jobs: list[Any]) -> None:
        self.rows = [j.to_json() for j in jobs]

    def json(self) -> list[dict[str, Any]]:
        return self.rows
