"""Comic pages: the shots laid out as lettered A4 pages, exported as PDF and CBZ.

Each page takes a panel layout from a small set of templates (splash, one wide over two,
three rows, 2x2, one tall beside two stacked, ...). Which shots go on which page, and with
which template, is chosen by a small dynamic programme that matches each panel's shape and
size to its shot's framing (wide shots get wide panels, close-ups and reactions small or
tall ones) and keeps every panel roomy enough for its lettering.

The art of each panel is drawn at the panel's own size and aspect by the shot renderer (its
framing rules are written for any aspect), so nothing has to be cropped out of a 9:16 frame
and no face is ever cut by the panel edge. Panels are then re-lettered like a printed comic:
every line of the shot in reading order, captions in the corner, balloons with tails to the
speaker's mouth, kept clear of the faces and of each other, at one type size on every page.
"""

from __future__ import annotations

import dataclasses
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import skia

from manju.cache import write_atomic
from manju.doc.model import Project, Scene, Shot

PAGE_W, PAGE_H = 1600, 2263            # px, A4 portrait at ~193 dpi
PDF_W, PDF_H = 595.28, 841.89          # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 84, 96, 132
GUTTER = 30
TITLE_H = 190                           # band above the panels on page 1
BORDER = 5.0
LETTER_W = 640                          # balloons are lettered as for a frame this wide
PAPER = skia.Color(255, 255, 255)
INK = skia.Color(18, 18, 22)

Rect = tuple[float, float, float, float]  # x, y, w, h

# Panel templates in unit coordinates of the page's live area (x0, y0, x1, y1), in reading
# order. Gutters are taken out when they are turned into pixels.
TEMPLATES: dict[str, list[tuple[float, float, float, float]]] = {
    "splash": [(0, 0, 1, 1)],
    "wide_over_two": [(0, 0, 1, 0.42), (0, 0.42, 0.5, 1), (0.5, 0.42, 1, 1)],
    "two_over_wide": [(0, 0, 0.5, 0.56), (0.5, 0, 1, 0.56), (0, 0.56, 1, 1)],
    "three_rows": [(0, 0, 1, 1 / 3), (0, 1 / 3, 1, 2 / 3), (0, 2 / 3, 1, 1)],
    "grid_2x2": [(0, 0, 0.5, 0.5), (0.5, 0, 1, 0.5), (0, 0.5, 0.5, 1), (0.5, 0.5, 1, 1)],
    "tall_and_two": [(0, 0, 0.54, 1), (0.54, 0, 1, 0.5), (0.54, 0.5, 1, 1)],
    "two_and_tall": [(0, 0, 0.46, 0.5), (0, 0.5, 0.46, 1), (0.46, 0, 1, 1)],
    "wide_two_wide": [(0, 0, 1, 0.32), (0, 0.32, 0.5, 0.68), (0.5, 0.32, 1, 0.68), (0, 0.68, 1, 1)],
    "wide_over_three": [(0, 0, 1, 0.44), (0, 0.44, 1 / 3, 1), (1 / 3, 0.44, 2 / 3, 1),
                        (2 / 3, 0.44, 1, 1)],
    "two_wide_two": [(0, 0, 0.5, 0.34), (0.5, 0, 1, 0.34), (0, 0.34, 1, 0.66), (0, 0.66, 0.5, 1),
                     (0.5, 0.66, 1, 1)],
    "wide_over_four": [(0, 0, 1, 0.36), (0, 0.36, 0.5, 0.68), (0.5, 0.36, 1, 0.68),
                       (0, 0.68, 0.5, 1), (0.5, 0.68, 1, 1)],
    "grid_2x3": [(c / 2, r / 3, (c + 1) / 2, (r + 1) / 3) for r in range(3) for c in range(2)],
}

# Framing -> (preferred panel aspect w/h, preferred share of the page's live area).
FRAMING_PREF: dict[str, tuple[float, float]] = {
    "wide": (2.0, 0.42),
    "two_shot": (1.4, 0.3),
    "medium": (0.85, 0.22),
    "over_shoulder": (1.0, 0.24),
    "close_up": (0.75, 0.17),
    "reaction": (0.75, 0.12),
}
PAGE_COST = 1.2  # cost of starting another page: favours full pages over many sparse ones


@dataclass
class Panel:
    """One panel on a page: its shot, its rect on the page and what was drawn in it."""

    shot: str
    rect: Rect
    image: skia.Image | None = None
    faces: dict[str, Rect] = field(default_factory=dict)      # visible faces, panel pixels
    balloons: list[Rect] = field(default_factory=list)        # balloon images, panel pixels
    lines: list[str] = field(default_factory=list)            # line ids lettered, in order


@dataclass
class Page:
    """A comic page: its number, template and panels."""

    number: int
    template: str
    panels: list[Panel]


# -- layout ---------------------------------------------------------------------------------
def _live_area(first: bool) -> Rect:
    top = MARGIN_TOP + (TITLE_H if first else 0)
    return (MARGIN_X, top, PAGE_W - 2 * MARGIN_X, PAGE_H - MARGIN_BOTTOM - top)


def template_rects(name: str, first: bool = False) -> list[Rect]:
    """The panel rects (page pixels) of template ``name``, gutters taken out."""
    ax, ay, aw, ah = _live_area(first)
    out: list[Rect] = []
    for x0, y0, x1, y1 in TEMPLATES[name]:
        px0 = ax + x0 * aw + (GUTTER / 2 if x0 > 0 else 0)
        px1 = ax + x1 * aw - (GUTTER / 2 if x1 < 1 else 0)
        py0 = ay + y0 * ah + (GUTTER / 2 if y0 > 0 else 0)
        py1 = ay + y1 * ah - (GUTTER / 2 if y1 < 1 else 0)
        out.append((float(round(px0)), float(round(py0)), float(round(px1 - px0)),
                    float(round(py1 - py0))))
    return out


def _balloon_kind(kind: str, emotion: str) -> str:
    if kind == "narration":
        return "caption"
    return {"shout": "shout", "whisper": "whisper"}.get(emotion, "speech")


def _text_area(project: Project, shot: Shot, cache: dict[str, float]) -> float:
    """Area (px) the shot's lettering takes at the page type size."""
    from manju.render.lettering import letter

    total = 0.0
    for cue in shot.cues:
        if cue.line not in cache:
            ln = project.line(cue.line)
            b = letter(ln.text, project.lang, _balloon_kind(ln.kind, ln.emotion), LETTER_W)
            cache[cue.line] = float(b.width * b.height)
        total += cache[cue.line]
    return total


def _panel_cost(shot: Shot, rect: Rect, live: float, text: float) -> float:
    aspect_pref, area_pref = FRAMING_PREF.get(shot.framing, (1.0, 0.2))
    _, _, w, h = rect
    # Establishing shots need their width: a wide shot squeezed into a narrow panel costs most.
    weight = 2.5 if shot.framing == "wide" else 1.0
    cost = weight * math.log((w / h) / aspect_pref) ** 2 + 0.6 * math.log((w * h / live) / area_pref) ** 2
    if shot.framing == "wide" and w / h < 1.3:
        cost += 4.0
    # Lettering must leave most of the panel to the art (and fit across it at all).
    crowd = text / (w * h)
    if crowd > 0.28:
        cost += 12 * (crowd - 0.28) + 1.0
    if text and w < LETTER_W * 0.66:
        cost += 2.0
    return cost


def plan_pages(project: Project) -> list[tuple[str, list[tuple[Scene, Shot]]]]:
    """Split the shots into pages and choose each page's template (minimum total cost)."""
    shots = [(sc, sh) for sc in project.scenes() for sh in sc.shots]
    n = len(shots)
    cache: dict[str, float] = {}
    text = [_text_area(project, sh, cache) for _, sh in shots]
    rects = {(t, f): template_rects(t, f) for t in TEMPLATES for f in (False, True)}
    best: list[tuple[float, int, str]] = [(0.0, -1, "")] + [(math.inf, -1, "")] * n
    for i in range(1, n + 1):
        for name, units in TEMPLATES.items():
            k = len(units)
            j = i - k
            if j < 0 or best[j][0] == math.inf:
                continue
            first = j == 0
            rs = rects[(name, first)]
            live = _live_area(first)[2] * _live_area(first)[3]
            cost = best[j][0] + PAGE_COST
            for (_, sh), r, tx in zip(shots[j:i], rs, text[j:i], strict=True):
                cost += _panel_cost(sh, r, live, tx)
            # A scene that opens mid-page is fine; one opening on a page's last panel is not.
            if k > 1 and shots[i - 1][1] is shots[i - 1][0].shots[0]:
                cost += 0.8
            if cost < best[i][0]:
                best[i] = (cost, j, name)
    pages = []
    i = n
    while i > 0:
        _, j, name = best[i]
        pages.append((name, shots[j:i]))
        i = j
    return pages[::-1]


# -- lettering inside a panel ---------------------------------------------------------------
def _candidates(w: float, h: float, bw: float, bh: float, m: float) -> list[tuple[float, float]]:
    xs = [m + (w - 2 * m - bw) * f for f in (0, 0.15, 0.3, 0.5, 0.7, 0.85, 1)]
    ys = [m + (h - 2 * m - bh) * f for f in (0, 0.08, 0.16, 0.25, 0.35, 0.5, 0.65, 0.8, 1)]
    return [(x, y) for y in ys for x in xs]


def _layout_balloons(sizes: list[tuple[float, float, str]], w: float, h: float,
                     faces: list[Rect], mouths: list[tuple[float, float] | None],
                     ) -> tuple[list[tuple[float, float]], float, int]:
    """Positions for balloons of (width, height, kind) in reading order; the total area that
    still overlaps a face or another balloon (0 when the lettering is clean); and how many
    balloons had to hang below their speaker's mouth."""
    from manju.render.lettering import overlap

    m = max(10.0, min(w, h) * 0.025)
    placed: list[Rect] = []
    out: list[tuple[float, float]] = []
    bad = 0.0
    below = 0
    for (bw, bh, kind), mouth in zip(sizes, mouths, strict=True):
        bw, bh = min(bw, w - 2 * m), min(bh, h - 2 * m)
        best: tuple[float, float, float, float] | None = None
        for x, y in _candidates(w, h, bw, bh, m):
            r = (x, y, bw, bh)
            hit = sum(overlap(r, f) for f in faces) + sum(overlap(r, p) for p in placed)
            score = hit / (bw * bh) * 1000
            if kind == "caption":
                score += math.hypot(x - m, y - m) / max(w, h) * 3  # the top-left corner
            elif mouth is not None:
                score += math.hypot(x + bw / 2 - mouth[0], y + bh - mouth[1] + h * 0.04) / max(w, h) * 4
                if y + bh * 0.5 > mouth[1]:
                    score += 2.5  # balloons hang above or beside the speaker, not below
            else:
                score += (y / h) * 2
            if placed:
                # Reading order: later balloons sit lower, or level and further right.
                px, py, pw, ph = placed[-1]
                if y + bh * 0.5 < py + ph * 0.5 - 4:
                    score += 3.0
                elif y < py + ph * 0.4 and x < px + pw * 0.5:
                    score += 2.0
            if best is None or score < best[0]:
                best = (score, x, y, hit)
        assert best is not None
        out.append((best[1], best[2]))
        placed.append((best[1], best[2], bw, bh))
        bad += best[3]
        if kind != "caption" and mouth is not None and best[2] + bh * 0.5 > mouth[1]:
            below += 1
    return out, bad, below


def _face_inside(faces: dict[str, Rect], w: float, h: float) -> float:
    """How far (px) the worst face box sticks out of a ``w`` x ``h`` panel."""
    worst = 0.0
    for fx, fy, fw, fh in faces.values():
        worst = max(worst, -fx, -fy, fx + fw - w, fy + fh - h)
    return worst


def render_panel(project: Project, scene: Scene, shot: Shot, w: int, h: int) -> Panel:
    """Draw ``shot`` as a ``w`` x ``h`` panel: art at the panel's aspect, then lettering
    (from the project's cache when this shot was drawn at this size before)."""
    from manju.export.stills import cached_picture
    from manju.stages.render import shot_spec

    spec = shot_spec(project, scene, shot)

    def draw() -> tuple[skia.Image, dict[str, Any]]:
        p = _draw_panel(project, spec, shot, w, h)
        assert p.image is not None
        return p.image, {"faces": p.faces, "balloons": p.balloons, "lines": p.lines}

    image, facts = cached_picture(project, "panel", spec, [w, h, project.lang], draw)
    return Panel(shot=shot.id, rect=(0, 0, w, h), image=image,
                 faces={k: tuple(v) for k, v in facts["faces"].items()},  # type: ignore[misc]
                 balloons=[tuple(b) for b in facts["balloons"]],  # type: ignore[misc]
                 lines=list(facts["lines"]))


def _draw_panel(project: Project, spec: Any, shot: Shot, w: int, h: int) -> Panel:
    from manju.render.lettering import draw_with_tail, letter
    from manju.render.shot import ShotRenderer
    cues = list(spec.cues)
    talker = next((c.speaker for c in reversed(cues) if c.kind == "dialogue" and c.speaker), None)
    # The art is drawn without the video's balloons (the panel is re-lettered below) and
    # without audio: the last speaker is shown mid-word, nobody blinks.
    spec = dataclasses.replace(spec, width=w, height=h, cues=[], transition="cut")
    r = ShotRenderer(spec)
    r.begin()
    r.blinks = {cid: {} for cid in r.blinks}
    r._speaking = lambda index: {talker: "open"} if talker else {}  # type: ignore[method-assign]
    # An over-the-shoulder listener is a silhouette cut by the frame on purpose: its head is
    # kept clear of balloons but need not be inside the panel.
    backs = {p.cid for p in r.places if getattr(p, "silhouette", False)}
    n = spec.frames
    choice = None
    for at in (0.6, 0.0, 1.0):
        index = round(at * (n - 1))
        view = r.camera.interpolate(index / max(1, n - 1))
        heads = r._faces(view)
        out = _face_inside({c: f for c, f in heads.items() if c not in backs}, w, h)
        if choice is None or out < choice[0] - 0.5:
            choice = (out, index, view, heads)
        if out <= 0.5:
            break
    assert choice is not None
    _, index, view, heads = choice
    faces = {c: f for c, f in heads.items() if c not in backs}
    surface = skia.Surface(w, h)
    canvas = surface.getCanvas()
    r.frame(index, canvas)
    r.finish()

    mouths: list[tuple[float, float] | None] = []
    for cue in cues:
        mh = r._mouth(view, cue.speaker) if cue.kind == "dialogue" and cue.speaker else None
        mouths.append(mh[0] if mh else None)
    kinds = [_balloon_kind(c.kind, c.emotion) for c in cues]
    face_list = list(heads.values())
    best = None
    for scale in (1.0, 0.88, 0.76, 0.66):
        lettered = [letter(c.text, project.lang, k, round(LETTER_W * scale)) for c, k in zip(cues, kinds, strict=True)]
        sizes = [(float(b.width), float(b.height), b.kind) for b in lettered]
        pos, bad, below = _layout_balloons(sizes, w, h, face_list, mouths)
        # Smaller type only when it buys clean lettering or a balloon above its speaker.
        if best is None or (bad, below) < best[0]:
            best = ((round(bad), below), lettered, pos)
        if bad <= 1 and below == 0:
            break
    assert best is not None
    _, lettered, pos = best
    rects: list[Rect] = []
    for cue, b, (x, y), mouth in zip(cues, lettered, pos, mouths, strict=True):
        face = heads.get(cue.speaker) if cue.speaker else None
        draw_with_tail(canvas, b, x, y, mouth, face)
        rects.append((x, y, float(b.width), float(b.height)))
    return Panel(shot=shot.id, rect=(0, 0, w, h), image=surface.makeImageSnapshot(),
                 faces=dict(faces), balloons=rects, lines=[c.line for c in cues])


def layout_pages(project: Project) -> list[Page]:
    """Plan the pages and draw every panel."""
    return [_layout_page(project, number, name, shots)
            for number, (name, shots) in enumerate(plan_pages(project), start=1)]


def draw_panels(project: Project) -> int:
    """Draw into the project's cache the panel of every shot on every page, keeping none;
    returns how many (see :func:`manju.export.sheets.draw_pictures`)."""
    count = 0
    for number, (name, shots) in enumerate(plan_pages(project), start=1):
        for (scene, shot), (_x, _y, w, h) in zip(shots, template_rects(name, number == 1),
                                                 strict=True):
            render_panel(project, scene, shot, int(w), int(h))
            count += 1
    return count


def _layout_page(project: Project, number: int, name: str,
                 shots: list[tuple[Scene, Shot]]) -> Page:
    """Draw the panels of page ``number`` (template ``name``)."""
    panels = []
    for (scene, shot), rect in zip(shots, template_rects(name, number == 1), strict=True):
        x, y, w, h = rect
        panel = render_panel(project, scene, shot, int(w), int(h))
        panel.rect = rect
        panels.append(panel)
    return Page(number=number, template=name, panels=panels)


# -- drawing and export ---------------------------------------------------------------------
def _text(canvas: skia.Canvas, text: str, lang: str, size: float, x: float, y: float, width: float,
          color: int = INK) -> float:
    from manju.render.lettering import paragraph

    para = paragraph(text, lang, size, width, color)
    para.paint(canvas, x, y)
    return float(para.Height)


def draw_page(canvas: skia.Canvas, page: Page, project: Project, total: int) -> None:
    """Draw ``page`` in page pixels (a PDF canvas is scaled to points by the caller)."""
    canvas.drawRect(skia.Rect.MakeWH(PAGE_W, PAGE_H), skia.Paint(Color=PAPER))
    lang = project.lang
    if page.number == 1:
        title = project.title or "Untitled"
        _text(canvas, title, lang, 76, MARGIN_X, MARGIN_TOP + 8, PAGE_W - 2 * MARGIN_X)
        rule = skia.Paint(Color=INK, StrokeWidth=4, AntiAlias=True)
        rule_y = MARGIN_TOP + TITLE_H - 48
        canvas.drawLine(PAGE_W * 0.3, rule_y, PAGE_W * 0.7, rule_y, rule)
    sampling = skia.SamplingOptions(skia.FilterMode.kLinear)
    border = skia.Paint(Color=INK, Style=skia.Paint.kStroke_Style, StrokeWidth=BORDER,
                        AntiAlias=True, StrokeJoin=skia.Paint.kMiter_Join)
    for panel in page.panels:
        x, y, w, h = panel.rect
        if panel.image is not None:
            canvas.drawImageRect(panel.image, skia.Rect.MakeXYWH(x, y, w, h), sampling)
        canvas.drawRect(skia.Rect.MakeXYWH(x, y, w, h), border)
    label = f"{page.number}" if total < 2 else f"— {page.number} —"
    _text(canvas, label, "en", 30, 0, PAGE_H - MARGIN_BOTTOM + 44, PAGE_W)


def page_image(page: Page, project: Project, total: int) -> skia.Image:
    """A page as a raster image (PAGE_W x PAGE_H)."""
    surface = skia.Surface(PAGE_W, PAGE_H)
    draw_page(surface.getCanvas(), page, project, total)
    return surface.makeImageSnapshot()


def write_pdf(pages: list[Page], project: Project, path: Path) -> Path:
    """One A4 PDF page per comic page (text as vector glyphs, panels as JPEG images)."""
    stream = skia.DynamicMemoryWStream()
    doc = skia.PDF.MakeDocument(stream, _pdf_metadata(project))
    if doc is None:
        raise RuntimeError("skia could not create a PDF document")
    for page in pages:
        canvas = doc.beginPage(PDF_W, PDF_H)
        canvas.scale(PDF_W / PAGE_W, PDF_H / PAGE_H)
        draw_page(canvas, page, project, len(pages))
        doc.endPage()
    doc.close()
    return write_atomic(path, bytes(stream.detachAsData()))


def _pdf_metadata(project: Project) -> Any:
    meta = skia.PDF.Metadata()
    meta.fTitle = project.title or "Untitled"
    meta.fCreator = "manju"
    meta.fProducer = "manju (skia)"
    meta.fEncodingQuality = 88
    return meta


def comic_info(project: Project, pages: int) -> str:
    """ComicInfo.xml (the ComicRack metadata schema read by comic readers)."""
    title = escape(project.title or "Untitled")
    lang = "zh" if project.lang == "zh" else "en"
    page_rows = "\n".join(
        f'    <Page Image="{i}" ImageWidth="{PAGE_W}" ImageHeight="{PAGE_H}"'
        + (' Type="FrontCover"' if i == 0 else "") + " />"
        for i in range(pages))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<ComicInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n'
        f"  <Title>{title}</Title>\n  <Series>{title}</Series>\n  <Number>1</Number>\n"
        f"  <PageCount>{pages}</PageCount>\n  <LanguageISO>{lang}</LanguageISO>\n"
        "  <Manga>No</Manga>\n  <BlackAndWhite>No</BlackAndWhite>\n"
        "  <Notes>Made with manju</Notes>\n"
        f"  <Pages>\n{page_rows}\n  </Pages>\n</ComicInfo>\n")


def write_cbz(images: list[skia.Image], project: Project, path: Path) -> Path:
    """A CBZ: numbered JPEG pages plus ComicInfo.xml, in a zip."""
    tmp = path.with_name(path.stem + ".tmp" + path.suffix)
    with zipfile.ZipFile(tmp, "w") as z:
        z.writestr("ComicInfo.xml", comic_info(project, len(images)), zipfile.ZIP_DEFLATED)
        for i, img in enumerate(images, start=1):
            data = img.encodeToData(skia.kJPEG, 90)
            if data is None:
                raise RuntimeError(f"could not encode page {i}")
            z.writestr(f"page_{i:03d}.jpg", bytes(data), zipfile.ZIP_STORED)
    tmp.replace(path)
    return path


def comic_pages(project: Project, out_dir: Path, png_dir: Path | None = None) -> dict[str, Path]:
    """Write ``comic.pdf`` and ``comic.cbz`` into ``out_dir`` (and page PNGs into
    ``png_dir`` when given); returns their paths by kind. Pages are drawn, written and
    dropped one at a time, so memory does not grow with the story."""
    from manju.export.video import atomic_output

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = plan_pages(project)
    if not plan:
        return {}
    total = len(plan)
    pdf_path, cbz_path = out_dir / "comic.pdf", out_dir / "comic.cbz"
    out: dict[str, Path] = {"pdf": pdf_path, "cbz": cbz_path}
    if png_dir is not None:
        png_dir = Path(png_dir)
        png_dir.mkdir(parents=True, exist_ok=True)
    with atomic_output(pdf_path) as pdf_tmp, atomic_output(cbz_path) as cbz_tmp:
        stream = skia.FILEWStream(str(pdf_tmp))
        doc = skia.PDF.MakeDocument(stream, _pdf_metadata(project))
        if doc is None:
            raise RuntimeError("skia could not create a PDF document")
        with zipfile.ZipFile(cbz_tmp, "w") as z:
            z.writestr("ComicInfo.xml", comic_info(project, total), zipfile.ZIP_DEFLATED)
            for number, (name, shots) in enumerate(plan, start=1):
                page = _layout_page(project, number, name, shots)
                canvas = doc.beginPage(PDF_W, PDF_H)
                canvas.scale(PDF_W / PAGE_W, PDF_H / PAGE_H)
                draw_page(canvas, page, project, total)
                doc.endPage()
                img = page_image(page, project, total)
                data = img.encodeToData(skia.kJPEG, 90)
                if data is None:
                    raise RuntimeError(f"could not encode page {number}")
                z.writestr(f"page_{number:03d}.jpg", bytes(data), zipfile.ZIP_STORED)
                if png_dir is not None:
                    path = png_dir / f"page_{number:03d}.png"
                    img.save(str(path), skia.kPNG)
                    out[f"page_{number:03d}"] = path
                del page, img, data
        doc.close()
        stream.flush()
        del doc, stream  # closes the file before it is moved into place
    return out
