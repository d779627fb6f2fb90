"""WebVTT and ASS subtitles, cue for cue the same as ``subtitles.srt``.

All three formats take their cues from :func:`cues`: one per spoken line, timed by the
project's :class:`~manju.export.timeline.Timeline` (the times the MP4 plays the line), with
the speaker's name in front of dialogue exactly as the SRT writes it. SRT and WebVTT carry
milliseconds, ASS centiseconds (the format has no finer unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from manju.doc.model import Project
from manju.export.timeline import Timeline

#: Font for ASS subtitles: an ASCII family name (parsers of the style line choke on less)
#: whose face covers Chinese, the first CJK family the renderer asks fontconfig for. Renderers
#: without it fall back through the system's font substitution, which keeps CJK glyphs.
ASS_FONT = "WenQuanYi Micro Hei"
WORD_JOINER = "\u2060"  # invisible; keeps a literal backslash from starting an ASS escape


@dataclass(frozen=True)
class SubtitleCue:
    """One subtitle: what is shown (speaker prefix included) and when (seconds)."""

    line: str
    kind: str
    speaker: str  # the speaker's name; "" for narration
    text: str
    start: float
    end: float


def clean_text(text: str) -> str:
    """A line's text as subtitles show it: line breaks kept, blank lines and stray carriage
    returns dropped (a blank line would end a cue in SRT and WebVTT)."""
    rows = [r.strip() for r in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(r for r in rows if r)


def cues(project: Project, tl: Timeline) -> list[SubtitleCue]:
    """The subtitle cues of the video: one per timed line, the speaker's name before dialogue
    (``苏念：`` in Chinese, ``Mara: `` otherwise), as in ``subtitles.srt``."""
    names = {c.id: c.name for c in project.characters}
    sep = "：" if project.lang == "zh" else ": "
    out = []
    for ln in tl.lines:
        speaker = names.get(ln.speaker or "", "") if ln.kind == "dialogue" else ""
        text = clean_text(ln.text)
        if speaker:
            text = f"{speaker}{sep}{text}"
        out.append(SubtitleCue(ln.line, ln.kind, speaker, text, ln.start, ln.end))
    return out


# -- WebVTT ------------------------------------------------------------------------------------
def _vtt_ts(t: float) -> str:
    ms = max(0, round(t * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def vtt_escape(text: str) -> str:
    """Cue text with WebVTT's markup characters as character references (``<script>`` stays
    text, and ``-->`` cannot appear)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(project: Project, tl: Timeline) -> str:
    """WebVTT text: each cue named by its line id, dialogue wrapped in a voice span
    (``<v 苏念>``) so players that style voices can, with the same visible text as the SRT."""
    out = ["WEBVTT", ""]
    for c in cues(project, tl):
        body = vtt_escape(c.text)
        if c.speaker:
            # A voice annotation ends at ">"; the name is escaped like any cue text.
            body = f"<v {vtt_escape(c.speaker)}>{body}</v>"
        out += [c.line, f"{_vtt_ts(c.start)} --> {_vtt_ts(c.end)}", body, ""]
    return "\n".join(out)


_TAG = re.compile(r"<[^>]*>")


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """Parse WebVTT into (start, end, text) cues: tags dropped, character references decoded
    (used by tests and checks)."""

    def sec(x: str) -> float:
        parts = x.strip().split()[0].split(":")
        s = float(parts[-1])
        m = int(parts[-2])
        h = int(parts[-3]) if len(parts) == 3 else 0
        return h * 3600 + m * 60 + s

    out = []
    blocks = text.replace("\r\n", "\n").strip().split("\n\n")
    for block in blocks[1:]:
        rows = block.split("\n")
        at = next((i for i, r in enumerate(rows) if "-->" in r), None)
        if at is None:
            continue
        a, b = rows[at].split("-->")
        body = _TAG.sub("", "\n".join(rows[at + 1:]))
        body = body.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        out.append((round(sec(a), 3), round(sec(b), 3), body))
    return out


# -- ASS -----------------------------------------------------------------------------------------
def _ass_ts(t: float) -> str:
    cs = max(0, round(t * 100))
    h, rem = divmod(cs, 360_000)
    m, rem = divmod(rem, 6000)
    s, cs = divmod(rem, 100)
    return f"{h:d}:{m:02d}:{s:02d}.{cs:02d}"


def ass_escape(text: str) -> str:
    """Cue text as an ASS Dialogue text field: a backslash is followed by an invisible word
    joiner so it can never start an escape (``\\N``, ``\\h``), braces are written ``\\{`` and
    ``\\}`` (libass's literal braces, so no override block can be opened), and line breaks
    become ``\\N``."""
    text = text.replace("\\", "\\" + WORD_JOINER)
    text = text.replace("{", "\\{").replace("}", "\\}")
    return text.replace("\n", "\\N")


def ass_unescape(text: str) -> str:
    """The inverse of :func:`ass_escape` (override blocks written by others are dropped)."""
    text = re.sub(r"(?<!\\)\{[^}]*\}", "", text)
    text = text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", "\u00a0")
    text = text.replace("\\{", "{").replace("\\}", "}")
    return text.replace("\\" + WORD_JOINER, "\\")


def _ass_field(text: str) -> str:
    # Fields before Text are comma-separated and single-line.
    return re.sub(r"[,\n\r]", " ", text)


def ass_styles(width: int, height: int) -> dict[str, str]:
    """The Style lines by name, sized for a ``width`` x ``height`` frame (PlayRes = frame)."""
    size = max(12, round(min(width, height) * 0.055))
    outline = max(1.0, round(size * 0.08, 1))
    margin_h = round(width * 0.06)
    margin_v = round(height * 0.07)

    def style(name: str, colour: str) -> str:
        # Colours are &HAABBGGRR; border style 1: outline plus drop shadow; alignment 2: bottom
        # centre; encoding 1: the font's default charset, which keeps CJK selectable.
        return (f"Style: {name},{ASS_FONT},{size},{colour},&H000000FF,&H00101010,&H80000000,"
                f"0,0,0,0,100,100,0,0,1,{outline:g},{outline / 2:g},2,{margin_h},{margin_h},"
                f"{margin_v},1")

    return {"Dialogue": style("Dialogue", "&H00FFFFFF"),
            "Narration": style("Narration", "&H00B4F0FF")}  # pale yellow: the caption voice


def to_ass(project: Project, tl: Timeline) -> str:
    """ASS (Advanced SubStation Alpha v4+) text: a Dialogue and a Narration style in a
    CJK-capable font, the speaker in each event's Name field, text escaped (see
    :func:`ass_escape`)."""
    st = project.settings
    title = _ass_field(clean_text(project.title)) or "manju"
    head = ["[Script Info]", f"Title: {title}", "ScriptType: v4.00+", "WrapStyle: 0",
            "ScaledBorderAndShadow: yes", f"PlayResX: {st.width}", f"PlayResY: {st.height}",
            "YCbCr Matrix: TV.709", "", "[V4+ Styles]",
            "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
            "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
            "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
            *ass_styles(st.width, st.height).values(), "", "[Events]",
            "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"]
    events = []
    for c in cues(project, tl):
        style = "Dialogue" if c.speaker else "Narration"
        events.append(f"Dialogue: 0,{_ass_ts(c.start)},{_ass_ts(c.end)},{style},"
                      f"{_ass_field(c.speaker)},0,0,0,,{ass_escape(c.text)}")
    return "\n".join(head + events) + "\n"


def parse_ass(text: str) -> list[tuple[float, float, str]]:
    """Parse the Dialogue events of ASS text into (start, end, text) cues (used by tests)."""

    def sec(x: str) -> float:
        h, m, s = x.strip().split(":")
        return round(int(h) * 3600 + int(m) * 60 + float(s), 2)

    out = []
    for row in text.splitlines():
        if row.startswith("Dialogue:"):
            fields = row[len("Dialogue:"):].split(",", 9)
            out.append((sec(fields[1]), sec(fields[2]), ass_unescape(fields[9])))
    return out
