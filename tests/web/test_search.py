"""The studio's search box over its projects (``GET /api/search``): ranked shots with their
time code, line and still (through the checked frame route), indexed only when a project
changed."""

from __future__ import annotations

import numpy as np
from tests.web.conftest import pid_of

from manju.search.embed import E5Embedder
from manju.session import Session
from manju.web.search import StudioSearch


class Counting(E5Embedder):
    """The real embedding, counting the passages it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def passages(self, texts: list[str]) -> np.ndarray:
        self.count += len(texts)
        return super().passages(texts)


def test_search_finds_the_shot_with_its_still_and_indexes_only_changes(client, project) -> None:
    studio = client.app.state.studio
    embedder = Counting()
    studio.search = StudioSearch(studio.config.state_dir, embedder)
    pid = pid_of(client)
    out = client.get("/api/search", params={"q": "the kettle hissed on the stove"}).json()
    best = out["results"][0]
    assert best["project"] == pid and "hissed '><img src=x onerror=" in best["line"]
    assert best["timecode"].count(":") == 1 and best["score"] > 0 and best["number"] >= 1
    assert best["thumb"].startswith(f"/api/projects/{pid}/shots/{best['shot']}/frame/1.jpg?k=")
    still = client.get(best["thumb"])
    assert still.status_code == 200 and still.content[:2] == b"\xff\xd8"
    first = embedder.count
    assert first >= 4
    client.get("/api/search", params={"q": "Elias asks why she is late"})
    assert embedder.count == first  # nothing changed: nothing indexed again
    # a new line re-embeds its shot alone
    with Session.open(project) as s:
        line = next(ln for ln in s.project.lines() if ln.text.startswith("The road flooded"))
        s.edit("set_line", line.id, text="The bridge fell into the river.")
    again = client.get("/api/search", params={"q": "the bridge fell", "project": pid}).json()
    assert again["results"][0]["line"] == "The bridge fell into the river."
    assert embedder.count == first + 1


def test_search_checks_its_input(client) -> None:
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "x" * 501}).status_code == 422
    assert client.get("/api/search", params={"q": "rain", "k": 0}).status_code == 422
    assert client.get("/api/search", params={"q": "rain", "project": "pnope"}).status_code == 404
    assert client.get("/api/search", params={"q": "   "}).status_code == 400
