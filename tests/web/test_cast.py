"""The cast group of the canvas: the cast sheet, one entry per character with its reference
sheets (or its face on the cast sheet), and the routes that serve those pictures only from
inside the project folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import pid_of


def canvas(client: Any) -> dict[str, Any]:
    return dict(client.get(f"/api/projects/{pid_of(client)}").json())


def record_sheets(project: Path, name: str, views: dict[str, str]) -> None:
    """Write reference-sheet records (view -> path, as stored in the document) on character
    ``name`` of the project in ``project``."""
    from manju.doc import io
    from manju.doc.model import Asset

    p = io.load(project)
    ch = next(c for c in p.characters if c.name == name)
    ch.refs = {view: Asset(path=path, sha256="ab" * 32, backend="user")
               for view, path in views.items()}
    io.save(p, project / "project.json")


def test_cast_entries_and_the_cast_sheet(client, project: Path) -> None:
    p = canvas(client)
    sheet = p["cast_sheet"]
    assert sheet["url"].startswith(f"/api/projects/{p['id']}/files/cast.png?")
    r = client.get(sheet["url"])
    assert r.status_code == 200 and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert r.content == (project / "cast.png").read_bytes()
    by_name = {c["name"]: c for c in p["cast"]}
    assert {"Mara Vale", "Elias"} <= set(by_name)
    mara = by_name["Mara Vale"]
    assert isinstance(mara["aliases"], list) and mara["voice"] and mara["speech"]["voice"] == mara["voice"]
    assert mara["look"]["hair_color"].startswith("#") and "hair_style" in mara["look"]
    assert mara["sheets"] == [] and mara["picture"] == ""
    # no reference sheet: the character's face on the cast sheet, row by row
    stills = [c["still"] for c in p["cast"]]
    assert all(s and s["x"] + s["w"] <= sheet["width"] and s["y"] + s["h"] <= sheet["height"]
               for s in stills)
    ys = [s["y"] for s in stills]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)


def test_a_reference_sheet_is_served_by_character_and_view(client, project: Path) -> None:
    from manju.cache import Cache
    from manju.doc import io
    from manju.stages.refsheet import set_sheet

    doc = io.load(project)
    mara = next(c for c in doc.characters if c.name == "Mara Vale")
    asset = set_sheet(doc, mara, "front", project / "cast.png", Cache(project / ".cache"))
    io.save(doc, project / "project.json")
    entry = next(c for c in canvas(client)["cast"] if c["name"] == "Mara Vale")
    assert [s["view"] for s in entry["sheets"]] == ["front"] and entry["sheets"][0]["by"] == "you"
    assert entry["picture"] == entry["sheets"][0]["url"] and entry["still"] is None
    assert asset.path not in entry["picture"]  # the browser gets no path
    r = client.get(entry["picture"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content == (project / asset.path).read_bytes()
    base = entry["picture"].split("?")[0]
    assert client.get(base.replace("/front", "/side")).status_code == 404
    assert client.get(base.replace(mara.id, "ch_nobody")).status_code == 404


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "link", "not-a-picture"])
def test_a_sheet_outside_the_project_is_never_served(client, project: Path, tmp_path: Path,
                                                     kind: str) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    path = {"dotdot": "../secret.png", "absolute": str(secret), "link": "inside.png",
            "not-a-picture": "project.json"}[kind]
    if kind == "link":
        (project / "inside.png").symlink_to(secret)
    record_sheets(project, "Elias", {"front": path})
    p = canvas(client)
    elias = next(c for c in p["cast"] if c["name"] == "Elias")
    assert elias["sheets"] == [] and elias["picture"] == ""
    url = f"/api/projects/{p['id']}/cast/{elias['id']}/sheet/front"
    assert client.get(url).status_code == 404
    for view in ("..%2F..%2Fsecret.png", "%2e%2e", "front%00"):
        assert client.get(url.replace("/front", "/" + view)).status_code in (400, 404)


@pytest.mark.parametrize("name", ["../cast.png", "..%2Fcast.png", "%2e%2e/kitchen/cast.png",
                                  "cast.png%00", "/cast.png"])
def test_the_cast_sheet_route_refuses_traversal(client, name: str) -> None:
    r = client.get(f"/api/projects/{pid_of(client)}/files/{name}")
    assert r.status_code in (400, 404), (name, r.status_code)


def test_a_linked_or_stale_cast_sheet(client, project: Path, tmp_path: Path) -> None:
    from manju.doc import io

    # an older sheet drawn for fewer characters: the sheet shows, the faces are not cut from it
    doc = io.load(project)
    doc.characters.append(doc.characters[0].model_copy(update={"id": "ch_extra", "name": "Extra"}))
    io.save(doc, project / "project.json")
    p = canvas(client)
    assert p["cast_sheet"] and all(c["still"] is None for c in p["cast"])
    # a cast sheet that is a link out of the folder is not offered
    outside = tmp_path / "elsewhere.png"
    (project / "cast.png").rename(outside)
    (project / "cast.png").symlink_to(outside)
    assert canvas(client)["cast_sheet"] is None
    assert client.get(f"/api/projects/{p['id']}/files/cast.png").status_code == 404
