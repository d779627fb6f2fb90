from manju.doc.model import Asset, Character, Episode, Line, Project, Scene
from manju.stages.board import board, board_scene


def _scene(lines):
    sc = Scene(id="ep01_sc01", heading="INT. KITCHEN - DAY", present=["ch01", "ch02"])
    for i, (kind, spk, emo) in enumerate(lines):
        sc.lines.append(Line(id=f"l{i}", kind=kind, text="words " * 4, speaker=spk, emotion=emo,
                             audio=Asset(path="x", duration=1.5)))
    return sc


def test_establishing_shot_first_with_opening_narration():
    sc = _scene([("narration", None, "neutral"), ("dialogue", "ch01", "neutral"),
                 ("dialogue", "ch02", "neutral")])
    shots = board_scene(sc)
    assert shots[0].framing == "wide" and shots[0].transition == "fade"
    assert [c.line for c in shots[0].cues] == ["l0"]
    assert all(s.transition == "cut" for s in shots[1:])


def test_strong_emotion_gets_close_up_and_reaction():
    sc = _scene([("dialogue", "ch01", "neutral"), ("dialogue", "ch02", "angry")])
    shots = board_scene(sc)
    framings = [s.framing for s in shots]
    assert "close_up" in framings
    close = shots[framings.index("close_up")]
    assert close.subjects == ["ch02"] and close.expressions["ch02"] == "angry"
    react = shots[framings.index("close_up") + 1]
    assert react.framing == "reaction" and react.subjects == ["ch01"] and not react.cues


def test_sides_are_stable_and_timing_follows_audio():
    sc = _scene([("dialogue", "ch01", "neutral"), ("dialogue", "ch02", "neutral"),
                 ("dialogue", "ch01", "neutral")])
    shots = board_scene(sc)
    assert sc.sides == {"ch01": "left", "ch02": "right"}
    for s in shots:
        for c in s.cues:
            assert abs((c.end - c.start) - 1.5) < 1e-6
            assert 0 < c.start and c.end < s.duration


def test_board_covers_every_line_once():
    p = Project(characters=[Character(id="ch01", name="A"), Character(id="ch02", name="B")])
    sc = _scene([("narration", None, "neutral")] * 5 + [("dialogue", "ch01", "sad")])
    p.episodes = [Episode(id="ep01", title="E", scenes=[sc])]
    board(p)
    cued = [c.line for s in p.shots() for c in s.cues]
    assert cued == [ln.id for ln in p.lines()]
    assert len({s.id for s in p.shots()}) == len(p.shots())


def test_gestures_from_emotion_and_from_the_narration():
    sc = _scene([("dialogue", "ch01", "angry"), ("dialogue", "ch02", "neutral")])
    sc.lines[1].action = "Elias crossed his arms."
    shots = board_scene(sc)
    by_line = {s.cues[0].line: s for s in shots if s.cues}
    assert by_line["l0"].gestures == {"ch01": "point"}
    assert by_line["l1"].gestures == {"ch02": "arms_crossed"}


def test_narration_naming_an_object_cuts_to_an_insert():
    sc = _scene([("dialogue", "ch01", "neutral"), ("narration", None, "neutral"),
                 ("dialogue", "ch02", "neutral")])
    sc.lines[1].text = "She put the old key on the table."
    shots = board_scene(sc, "en")
    insert = [s for s in shots if s.framing == "insert"]
    assert len(insert) == 1 and insert[0].props == ["key"] and not insert[0].subjects
    assert insert[0].cues[0].line == "l1"


def test_narration_shows_who_it_is_about():
    sc = _scene([("dialogue", "ch01", "neutral"), ("narration", None, "neutral"),
                 ("narration", None, "neutral")])
    people = {"ch01": (["Mara"], "female"), "ch02": (["Elias"], "male")}
    sc.lines[1].text = "He frowned at the dark sea."
    shots = board_scene(sc, "en", people)
    narr = [s for s in shots if s.cues and s.cues[0].line == "l1"][0]
    assert narr.subjects == ["ch02"] and narr.framing == "medium"


def test_a_laughed_line_shows_a_happy_face():
    sc = _scene([("dialogue", "ch01", "neutral"), ("dialogue", "ch02", "laugh")])
    faces = [s.expressions.get("ch02") for s in board_scene(sc) if any(c.line == "l1" for c in s.cues)]
    assert faces == ["happy"]
