"""A series' episodes share its reference sheets: each episode's document points at the
series' pictures from its own folder, so the refs stage there finds them and makes nothing."""

from __future__ import annotations

from manju.doc.model import Asset, Chapter, Character, Episode, Project, Source
from manju.series import episode_project


def test_an_episode_points_at_the_series_sheets(tmp_path):
    pic = tmp_path / ".cache" / "remote" / "a.png"
    pic.parent.mkdir(parents=True)
    pic.write_bytes(b"\x89PNG")
    p = Project(source=Source(chapters=[Chapter(id="ep01", title="One", text="x")]),
                episodes=[Episode(id="ep01", title="One")],
                characters=[Character(id="ch_a", name="Mara",
                                      refs={"front": Asset(path=".cache/remote/a.png")})])
    p.place(tmp_path)
    sub = episode_project(p, 1, tmp_path / "ep01")
    front = sub.characters[0].refs["front"]
    assert front.path == "../.cache/remote/a.png"
    assert sub.resolve(front.path).resolve() == pic.resolve()
    assert p.characters[0].refs["front"].path == ".cache/remote/a.png"  # the series' own
