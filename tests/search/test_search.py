"""Indexing (incremental), hybrid and cross-lingual retrieval, and `manju search --json`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from manju.cli.main import main
from manju.search.embed import E5Embedder
from manju.search.engine import Searcher
from manju.search.store import INDEX_NAME, update
from manju.session import Session


class Counting(E5Embedder):
    """The real embedding, counting what it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def passages(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return super().passages(texts)


@pytest.fixture(scope="module")
def index(two_projects: tuple[Path, Path]) -> Path:
    path = two_projects[0].parent / INDEX_NAME
    update(path, list(two_projects), E5Embedder())
    return path


def test_reindex_embeds_only_changed_shots(two_projects, tmp_path):
    import shutil

    src = two_projects[0]
    copy = tmp_path / "keeper"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns(".cache", ".manju.lock"))
    emb = Counting()
    path = tmp_path / INDEX_NAME
    first = update(path, [copy], emb)
    assert first.shots > 20 and first.characters == 2
    # one vector per distinct passage (two silent reactions of one scene read alike)
    assert first.shots_embedded + first.characters_embedded == len(emb.texts) > 15
    again = update(path, [copy], emb)  # nothing changed: nothing embedded, not even parsed
    assert again.shots_embedded == 0 and again.shots_unchanged == first.shots
    with Session.open(copy) as s:
        line = next(ln for ln in s.project.lines() if ln.text == "Show me the lamp.")
        s.edit("set_line", line.id, text="Show me the broken lamp.")
        s.make(until="board", sheets=False)
    emb.texts.clear()
    after = update(path, [copy], emb)
    assert after.shots_embedded == 1 and len(emb.texts) == 1
    assert "broken lamp" in emb.texts[0]
    hits = Searcher(path, emb).search("show me the broken lamp", 1)
    assert hits[0].line == "Show me the broken lamp."


@pytest.mark.parametrize(("query", "project", "words"), [
    ("he has already gone to the airport", "linwan", "他已经去了机场。"),
    ("有人剪断了燃油管", "keeper", "It's only the fuel line! Someone has cut it."),
    ("林晚在公司楼下等陆川", "linwan", "我在等陆川。他说今晚会来。"),
    ("Mara says the road flooded", "keeper", "The road flooded."),
])
def test_cross_lingual_and_same_language(index, query, project, words):
    hits = Searcher(index).search(query, 5)
    assert (project, words) in [(Path(h.project).name, h.line) for h in hits]


def test_pinyin_names_match_chinese_names(index):
    s = Searcher(index)
    assert s.expand_names("Is Lin Wan waiting for LuChuan?") == "Is 林晚 waiting for 陆川?"
    assert s.expand_names("林晚在等") == "林晚在等"  # a Chinese query is left alone
    assert s.expand_names("a linwanderer") == "a linwanderer"  # whole words only
    hits = s.search("Lin Wan is waiting for Lu Chuan", 5)
    assert "我在等陆川。他说今晚会来。" in [h.line for h in hits]


def test_score_fusion_ranks_the_same_shots(index):
    s = Searcher(index)
    hits = s.search("someone cut the fuel line", 3, fusion="score")
    assert hits[0].line == "It's only the fuel line! Someone has cut it."
    assert hits[0].score > hits[1].score > 0 and set(hits[0].parts) == {"bm25", "embedding"}


def test_search_json(index, two_projects, capsys):
    keeper, _ = two_projects
    code = main(["search", "someone cut the fuel line", "--in", str(keeper), "--json", "-k", "3"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "someone cut the fuel line" and len(out["results"]) == 3
    top = out["results"][0]
    assert top["line"] == "It's only the fuel line! Someone has cut it."
    assert Path(top["project"]) == keeper.resolve() and top["shot"].startswith("sh_")
    assert top["timecode"].count(":") == 1 and top["end"] > top["start"] >= 0
    assert top["score"] > out["results"][1]["score"] > 0
    assert top["thumbnail"] == ""  # a project without a video has no still to show


def test_search_without_index_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["search", "anything"]) == 2
    assert "manju index" in capsys.readouterr().err
