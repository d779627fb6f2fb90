from manju.doc.model import Asset, Character, Cue, Episode, Line, Project, Scene, Shot
from manju.export.fountain import cue_name, to_fountain
from manju.export.srt import parse_srt, to_srt
from manju.export.timeline import timeline


def _project(lang="en"):
    names = ("Mara", "Elias") if lang == "en" else ("林晚", "苏念")
    p = Project(title="T", lang=lang, characters=[Character(id="ch01", name=names[0]),
                                                   Character(id="ch02", name=names[1])])
    sc = Scene(id="ep01_sc01", heading="INT. KITCHEN - NIGHT")
    sc.lines = [
        Line(id="a", kind="narration", text="Rain fell.", audio=Asset(path="x", duration=1.0)),
        Line(id="b", kind="dialogue", text="You're late.", speaker="ch02", emotion="angry",
             audio=Asset(path="x", duration=1.2)),
    ]
    sc.shots = [Shot(id="s1", cues=[Cue(line="a", start=0.25, end=1.25)], duration=1.7),
                Shot(id="s2", cues=[Cue(line="b", start=0.25, end=1.45)], duration=1.9)]
    p.episodes = [Episode(id="ep01", title="", scenes=[sc])]
    return p


def test_fountain_structure():
    text = to_fountain(_project())
    assert text.startswith("Title: T")
    assert "INT. KITCHEN - NIGHT" in text
    assert "\nELIAS\n(angrily)\nYou're late.\n" in text
    assert "Rain fell." in text


def test_fountain_forces_chinese_names():
    text = to_fountain(_project("zh"))
    assert "\n@苏念\n" in text
    assert cue_name("Mr. Crane") == "MR. CRANE"


def test_srt_one_cue_per_line_on_the_shot_clock():
    p = _project()
    tl = timeline(p)
    cues = parse_srt(to_srt(p, tl))
    assert len(cues) == 2
    assert cues[0][:2] == (0.25, 1.25)
    # The second shot starts after the first one's whole frames (1.7 s at 30 fps = 51 frames).
    assert abs(cues[1][0] - (51 / 30 + 0.25)) < 0.002
    assert cues[1][2] == "Elias: You're late."
    assert abs(tl.duration - (51 + 57) / 30) < 1e-9
