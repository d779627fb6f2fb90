"""A shot's set (plate and figures) composed once, then only what changes redrawn, per frame.

Drawing a 1080x1920 plate and two large figures under a camera transform costs skia's CPU
raster about 30-50 ms a frame. Between two frames of a shot only a mouth or an eyelid changes,
and the camera move is a plain zoom and slide. So the set is composed once at rest; a frame
repaints the few rectangles whose figure pixels changed (plate, then every figure over it,
clipped to the rectangle, so overlaps stay right) and the camera move is one affine warp of
the composed picture by OpenCV (SIMD bilinear: about 2 ms a frame).
"""

from __future__ import annotations

import numpy as np
import skia

#: a figure drawn this frame: its sprite and the sprite's top-left corner in set coordinates
Figure = tuple[skia.Image, float, float]
Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive)

# A changed sprite pixel reaches the next pixel over through linear filtering at a fractional
# origin; two pixels of margin cover it.
_MARGIN = 2
_LINEAR = skia.SamplingOptions(skia.FilterMode.kLinear)


def _pixels(img: skia.Image) -> np.ndarray:
    """RGBA pixels of ``img`` (premultiplied as stored; only compared, never shown)."""
    arr: np.ndarray = img.toarray(colorType=skia.kRGBA_8888_ColorType,
                                  alphaType=skia.kPremul_AlphaType)
    return np.ascontiguousarray(arr)


def _diff_box(a: np.ndarray, b: np.ndarray) -> Rect | None:
    """The bounding box of the pixels where ``a`` and ``b`` differ, or None."""
    # One 32-bit compare per pixel instead of four byte compares.
    diff = a.view(np.uint32)[..., 0] != b.view(np.uint32)[..., 0]
    rows = np.flatnonzero(diff.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(diff.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


class SetLayer:
    """The plate with its figures at rest, kept composed; :meth:`compose` returns a frame.

    With ``parallax`` the figures are also kept on a see-through layer of their own, so a
    frame may move the plate by another camera matrix than the figures (a background further
    away moves less)."""

    def __init__(self, plate: skia.Image, rest: list[Figure], parallax: bool = False) -> None:
        from manju.render.opencv import cv2

        cv2()  # loaded single-threaded before any other call
        self.W, self.H = plate.width(), plate.height()
        self.work = np.zeros((self.H, self.W, 4), dtype=np.uint8)
        self._surface = skia.Surface(self.work, colorType=skia.kRGBA_8888_ColorType,
                                     alphaType=skia.kUnpremul_AlphaType)
        canvas = self._surface.getCanvas()
        # Over black, as a frame shows it: a plate may have see-through pixels.
        canvas.clear(skia.ColorBLACK)
        canvas.drawImage(plate, 0, 0)
        self._surface.flushAndSubmit()
        self.plate = self.work.copy()
        self.rest = list(rest)
        self.shown = list(rest)
        for img, x, y in rest:
            canvas.drawImage(img, x, y, _LINEAR, None)
        self._surface.flushAndSubmit()
        self._rest_px: dict[int, np.ndarray] = {}
        self._boxes: dict[tuple[int, int], Rect | None] = {}
        self.figs: np.ndarray | None = None
        if parallax:
            # Premultiplied, so the warp filters colour and coverage alike and the figures go
            # over the plate with one multiply-add.
            self.figs = np.zeros((self.H, self.W, 4), dtype=np.uint8)
            self._figs_surface = skia.Surface(self.figs, colorType=skia.kRGBA_8888_ColorType,
                                              alphaType=skia.kPremul_AlphaType)
            fc = self._figs_surface.getCanvas()
            fc.clear(skia.ColorTRANSPARENT)
            for img, x, y in rest:
                fc.drawImage(img, x, y, _LINEAR, None)
            self._figs_surface.flushAndSubmit()
            self._moved = np.empty_like(self.figs)

    # -- what changed -----------------------------------------------------------------------
    def _changed(self, i: int, img: skia.Image) -> Rect | None:
        """Where figure ``i`` drawn as ``img`` differs from its rest sprite, in set pixels."""
        rest, x, y = self.rest[i]
        if img is rest:
            return None
        key = (i, id(img))
        if key not in self._boxes:
            box: Rect | None
            if (img.width(), img.height()) != (rest.width(), rest.height()):
                box = (0, 0, max(img.width(), rest.width()), max(img.height(), rest.height()))
            else:
                if i not in self._rest_px:
                    self._rest_px[i] = _pixels(rest)
                box = _diff_box(self._rest_px[i], _pixels(img))
            self._boxes[key] = box
        box = self._boxes[key]
        if box is None:
            return None
        return (int(x) + box[0] - _MARGIN, int(y) + box[1] - _MARGIN,
                int(x) + box[2] + _MARGIN + 1, int(y) + box[3] + _MARGIN + 1)

    def _clamp(self, r: Rect) -> Rect | None:
        x0, y0 = max(0, r[0]), max(0, r[1])
        x1, y1 = min(self.W, r[2]), min(self.H, r[3])
        return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None

    def _repaint(self, r: Rect, figures: list[Figure]) -> None:
        """Plate, then every figure in order, inside ``r``."""
        x0, y0, x1, y1 = r
        self.work[y0:y1, x0:x1] = self.plate[y0:y1, x0:x1]
        canvas = self._surface.getCanvas()
        canvas.save()
        canvas.clipRect(skia.Rect(x0, y0, x1, y1))
        for img, x, y in figures:
            canvas.drawImage(img, x, y, _LINEAR, None)
        canvas.restore()
        if self.figs is not None:
            fc = self._figs_surface.getCanvas()
            fc.save()
            fc.clipRect(skia.Rect(x0, y0, x1, y1))
            fc.clear(skia.ColorTRANSPARENT)
            for img, x, y in figures:
                fc.drawImage(img, x, y, _LINEAR, None)
            fc.restore()

    # -- a frame ------------------------------------------------------------------------------
    def compose(self, figures: list[Figure], matrix: np.ndarray,
                out: np.ndarray | None = None,
                plate_matrix: np.ndarray | None = None) -> np.ndarray:
        """The set with ``figures`` (same order and origins as the rest figures, other
        sprites allowed) under the 2x3 affine ``matrix`` (set to screen), into ``out``; with
        ``plate_matrix`` (a layer made with ``parallax``) the plate moves by that one."""
        from manju.render.opencv import cv2 as opencv

        cv2 = opencv()
        if len(figures) != len(self.rest):
            raise ValueError("a frame must draw the same figures as the set at rest")
        rects: list[Rect] = []
        for i, (img, _x, _y) in enumerate(figures):
            if img is self.shown[i][0]:
                continue
            for img_i in (self.shown[i][0], img):
                box = self._changed(i, img_i)
                if box is not None and (c := self._clamp(box)) is not None:
                    rects.append(c)
        for r in rects:
            self._repaint(r, figures)
        if rects:
            self._surface.flushAndSubmit()
            if self.figs is not None:
                self._figs_surface.flushAndSubmit()
        self.shown = list(figures)
        if out is None:
            out = np.empty_like(self.work)
        if plate_matrix is not None:
            if self.figs is None:
                raise ValueError("a plate matrix needs a layer made with parallax")
            cv2.warpAffine(self.plate, plate_matrix, (self.W, self.H), dst=out,
                           flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                           borderValue=(0, 0, 0, 255))
            box = self._screen_box(figures, matrix)
            if box is not None:
                # Only where the figures land: the warp into that box, then over the plate.
                x0, y0, x1, y1 = box
                shifted = matrix - np.array([[0.0, 0.0, x0], [0.0, 0.0, y0]])
                moved = self._moved[: y1 - y0, : x1 - x0]
                cv2.warpAffine(self.figs, shifted, (x1 - x0, y1 - y0), dst=moved,
                               flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=(0, 0, 0, 0))
                _over(out[y0:y1, x0:x1], moved)
            return out
        cv2.warpAffine(self.work, matrix, (self.W, self.H), dst=out, flags=cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 255))
        return out

    def _screen_box(self, figures: list[Figure], matrix: np.ndarray) -> Rect | None:
        """Where ``figures`` land on screen under ``matrix`` (a box holding them all)."""
        if not figures:
            return None
        xs = [v for img, x, _ in figures for v in (x, x + img.width())]
        ys = [v for img, _, y in figures for v in (y, y + img.height())]
        corners = np.array([[min(xs), min(ys), 1.0], [max(xs), max(ys), 1.0]])
        (ax, ay), (bx, by) = corners @ matrix.T
        return self._clamp((int(min(ax, bx)) - _MARGIN, int(min(ay, by)) - _MARGIN,
                            int(max(ax, bx)) + _MARGIN + 1, int(max(ay, by)) + _MARGIN + 1))

    def close(self) -> None:
        """Drop the cached pixels."""
        self._rest_px.clear()
        self._boxes.clear()


def _over(under: np.ndarray, top: np.ndarray) -> None:
    """Draw the premultiplied ``top`` over the opaque ``under`` (same size), in place."""
    from manju.render.opencv import cv2 as opencv

    cv2 = opencv()
    alpha = np.ascontiguousarray(top[..., 3])
    # A figure is mostly solid or empty: solid pixels are copied, and only the few at its
    # edges (partly covered) are mixed, which costs a fifth of mixing the whole box.
    cv2.copyTo(top, cv2.compare(alpha, 254, cv2.CMP_GT), under)
    edge = cv2.findNonZero(cv2.inRange(alpha, 1, 254))
    if edge is None:
        return
    xs, ys = edge.reshape(-1, 2).T
    t = top[ys, xs]
    keep = 255 - t[:, 3:4].astype(np.uint16)
    # (u * keep + 127) // 255 never exceeds 255 - alpha, so the sum stays within a byte.
    under[ys, xs, :3] = t[:, :3] + ((under[ys, xs, :3] * keep + 127) // 255).astype(np.uint8)


def camera_matrix(zoom: float, cx: float, cy: float, shift_x: float) -> np.ndarray:
    """The affine map of a camera view: zoom about (cx, cy), then slide ``shift_x`` pixels."""
    return np.array([[zoom, 0.0, cx + shift_x - zoom * cx],
                     [0.0, zoom, cy - zoom * cy]], dtype=np.float64)

