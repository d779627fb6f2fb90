"""SubRip subtitles: one cue per spoken line, timed to its audio."""

from __future__ import annotations

from manju.doc.model import Project
from manju.export.timeline import Timeline


def _ts(t: float) -> str:
    ms = max(0, round(t * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def to_srt(project: Project, tl: Timeline) -> str:
    """SRT text; dialogue cues are prefixed with the speaker's name."""
    names = {c.id: c.name for c in project.characters}
    out = []
    for i, ln in enumerate(tl.lines, 1):
        text = ln.text
        if ln.kind == "dialogue" and ln.speaker in names:
            sep = "：" if project.lang == "zh" else ": "
            text = f"{names[ln.speaker]}{sep}{text}"
        out.append(f"{i}\n{_ts(ln.start)} --> {_ts(ln.end)}\n{text}\n")
    return "\n".join(out)


def parse_srt(text: str) -> list[tuple[float, float, str]]:
    """Parse SRT text into (start, end, text) cues (used by tests and checks)."""
    cues = []
    for block in text.strip().split("\n\n"):
        rows = block.strip().splitlines()
        if len(rows) < 3:
            continue
        a, b = rows[1].split(" --> ")

        def sec(x: str) -> float:
            hms, ms = x.strip().split(",")
            h, m, s = hms.split(":")
            return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

        cues.append((sec(a), sec(b), "\n".join(rows[2:])))
    return cues
