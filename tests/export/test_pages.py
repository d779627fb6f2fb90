"""Comic pages: layout templates, framing-aware pagination, lettering that never covers a
face or leaves its panel, and the PDF / CBZ containers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from manju.doc.model import Asset
from manju.export import pages as P
from manju.render.lettering import overlap

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _boarded(story: Path):
    """Adapt, cast and board a story with made-up line durations (no audio needed)."""
    from manju.pipeline import new_project
    from manju.stages.adapt import adapt
    from manju.stages.board import board
    from manju.stages.cast import cast

    project = cast(adapt(new_project(story)))
    for ln in project.lines():
        ln.audio = Asset(path="none", duration=0.6 + 0.06 * len(ln.text))
    return board(project)


@pytest.fixture(scope="module", params=["the_keeper.md", "lin_wan.txt"])
def laid_out(request):
    project = _boarded(EXAMPLES / request.param)
    return project, P.layout_pages(project)


def test_templates_tile_the_page_without_overlap():
    for name in P.TEMPLATES:
        for first in (False, True):
            rects = P.template_rects(name, first)
            for i, (x, y, w, h) in enumerate(rects):
                assert x >= P.MARGIN_X - 1 and x + w <= P.PAGE_W - P.MARGIN_X + 1
                assert y >= P.MARGIN_TOP - 1 and y + h <= P.PAGE_H - P.MARGIN_BOTTOM + 1
                for other in rects[i + 1:]:
                    assert overlap((x, y, w, h), other) == 0, name


def test_every_shot_and_line_appears_once_in_order(laid_out):
    project, pages = laid_out
    shots = [p.shot for page in pages for p in page.panels]
    assert shots == [s.id for s in project.shots()]
    lettered = [ln for page in pages for p in page.panels for ln in p.lines]
    assert lettered == [c.line for s in project.shots() for c in s.cues]
    assert [page.number for page in pages] == list(range(1, len(pages) + 1))


def test_faces_and_balloons_stay_inside_their_panel_and_apart(laid_out):
    _, pages = laid_out
    for page in pages:
        for panel in page.panels:
            _, _, w, h = panel.rect
            assert panel.image is not None and (panel.image.width(), panel.image.height()) == (w, h)
            for fx, fy, fw, fh in panel.faces.values():
                assert fx >= -1 and fy >= -1 and fx + fw <= w + 1 and fy + fh <= h + 1, panel.shot
            for i, b in enumerate(panel.balloons):
                bx, by, bw, bh = b
                assert bx >= 0 and by >= 0 and bx + bw <= w + 0.5 and by + bh <= h + 0.5, panel.shot
                for f in panel.faces.values():
                    assert overlap(b, f) < 0.02 * bw * bh, panel.shot
                for other in panel.balloons[i + 1:]:
                    assert overlap(b, other) < 0.02 * bw * bh, panel.shot


def test_wide_shots_get_wider_panels_than_close_ups(laid_out):
    project, pages = laid_out
    framing = {s.id: s.framing for s in project.shots()}
    aspect: dict[str, list[float]] = {}
    for page in pages:
        for p in page.panels:
            aspect.setdefault(framing[p.shot], []).append(p.rect[2] / p.rect[3])
    wide = sum(aspect["wide"]) / len(aspect["wide"])
    assert wide > 1.5
    close = aspect.get("close_up", []) + aspect.get("reaction", [])
    if close:
        assert wide > 1.5 * sum(close) / len(close)


def test_pdf_and_cbz(laid_out, tmp_path):
    project, pages = laid_out
    pdf = P.write_pdf(pages, project, tmp_path / "comic.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>") \
        >= len(pages) or data.count(b"/Page") >= len(pages)
    images = [P.page_image(p, project, len(pages)) for p in pages[:2]]
    assert images[0].width() == P.PAGE_W and images[0].height() == P.PAGE_H
    cbz = P.write_cbz(images, project, tmp_path / "comic.cbz")
    with zipfile.ZipFile(cbz) as z:
        names = z.namelist()
        assert names == ["ComicInfo.xml", "page_001.jpg", "page_002.jpg"]
        info = z.read("ComicInfo.xml").decode()
        assert "<PageCount>2</PageCount>" in info and f"<LanguageISO>{project.lang}" in info
        assert z.read("page_001.jpg")[:2] == b"\xff\xd8"


def test_cached_panels_are_the_panels_drawn_afresh(tmp_path):
    import numpy as np

    project = _boarded(EXAMPLES / "the_keeper.md")
    scene = project.scenes()[0]
    shot = scene.shots[1]
    fresh = P.render_panel(project, scene, shot, 300, 260)  # no folder: drawn, not cached
    project.place(tmp_path)
    first = P.render_panel(project, scene, shot, 300, 260)
    assert list((tmp_path / ".cache" / "stills").glob("*.png"))
    again = P.render_panel(project, scene, shot, 300, 260)
    for p in (first, again):
        assert np.array_equal(p.image.toarray(), fresh.image.toarray())
        assert p.faces == fresh.faces and p.balloons == fresh.balloons and p.lines == fresh.lines
    other = P.render_panel(project, scene, shot, 320, 260)  # another size is another picture
    assert other.image.width() == 320
