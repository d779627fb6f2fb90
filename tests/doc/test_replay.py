"""When the story file changes, the user's edits (not only line edits) apply again to the
re-adapted screenplay; those whose target is gone are reported, never dropped silently."""

from __future__ import annotations

import json

import pytest

from manju.cli.main import main
from manju.doc.identity import align_lines
from manju.doc.model import Line
from manju.session import Session

SMALL = {"width": 144, "height": 256, "fps": 6, "music": False}
# Shot ids of the en_story fixture's storyboard: the opening narration, "You are late",
# "The road flooded", "Then sit down", "Tea is ready".
OPEN, LATE, ROAD, SIT, TEA = ("sh_f0fb9a4c", "sh_84f7c2a8", "sh_c6eb5449", "sh_77f769d4",
                              "sh_2f27fcc6")
EDITS = [
    ("set_scene", "1", {"time": "night", "mood": "tense"}),
    ("set_shot", LATE, {"framing": "close_up"}),
    ("add_prop", ROAD, {"prop": "cup"}),
    ("retime", TEA, {"hold": 1.0}),
    ("insert_shot", ROAD, {"framing": "close_up", "subjects": ["Mara"]}),
    ("move_shot", ROAD + "i", {"before": LATE}),
    ("split_shot", TEA, {}),
    ("delete_shot", SIT, {}),
    ("batch", "project", {"ops": [{"op": "set_look", "target": "Mara", "after": {"hair_color": "red"}},
                                  {"op": "move_shot", "target": TEA, "after": {"before": ROAD}}]}),
]


def _cut(project):
    """What the edits decide about each shot: its id, framing, subjects and props, in order."""
    return [(s.id, s.framing, s.subjects, s.props) for s in project.shots()]


def _changed(en_story):
    text = en_story.read_text(encoding="utf-8")
    return text.replace("Tea is ready.", "The tea is ready now.") + '\n"Thank you," said Mara.\n'


def _edited(en_story, out, fake_backends):
    with Session.open(out, en_story, settings=SMALL, backends=fake_backends, workers=1) as s:
        s.make(until="board")
        for name, target, after in EDITS:
            s.edit(name, target, **after)
        s.make(sheets=False)
        return s.project.model_copy(deep=True)


def test_every_edit_applies_again_after_the_story_changes_and_undoes(en_story, tmp_path,
                                                                      fake_backends):
    out = tmp_path / "out"
    before = _edited(en_story, out, fake_backends)
    en_story.write_text(_changed(en_story), encoding="utf-8")
    with Session.open(out, en_story, workers=1) as s:
        report = s.make(sheets=False)
        after = s.project
        assert report.edits_replayed == len(EDITS) and report.edits_dropped == []
        assert len(after.history) == len(EDITS)
        # Every shot the edits made or changed is there as it was, in the same order; the new
        # line has a shot of its own at the end.
        assert _cut(after)[:len(_cut(before))] == _cut(before)
        assert len(after.shots()) == len(before.shots()) + 1
        assert after.scenes()[0].setting.time == "night" and after.scenes()[0].mood == "tense"
        assert after.shot(TEA).cues[0].line == before.shot(TEA).cues[0].line
        assert "The tea is ready now." in after.line(after.shot(TEA).cues[0].line).text
        assert after.character(before.characters[1].id).look == before.characters[1].look
        assert report.video and report.shots_rendered < len(after.shots())
        # Undoing every edit gives the new story as made without them.
        for _ in EDITS:
            s.undo()
        s.make(until="board")
        undone = s.project
    fresh_out = tmp_path / "fresh"
    with Session.open(fresh_out, en_story, settings=SMALL, backends=fake_backends, workers=1) as f:
        f.make(until="board")
        fresh = f.project
    # (The edited line keeps its id in the project; a fresh one names it from its new text.)
    assert _played(undone) == _played(fresh)
    assert undone.scenes()[0].setting == fresh.scenes()[0].setting
    assert undone.scenes()[0].mood == fresh.scenes()[0].mood


def _played(project):
    """Each shot's framing, subjects, props, length and the text of the lines it plays."""
    return [(s.framing, s.subjects, s.props, s.duration,
             [project.line(c.line).text for c in s.cues]) for s in project.shots()]


def test_edits_whose_target_left_the_story_are_reported_by_make_json(en_story, tmp_path,
                                                                      fake_backends, capsys):
    out = tmp_path / "out"
    _edited(en_story, out, fake_backends)
    text = en_story.read_text(encoding="utf-8").replace('"The road flooded," Mara replied.\n\n', "")
    en_story.write_text(text, encoding="utf-8")
    assert main(["make", str(en_story), "--out", str(out), "--json", "--quiet"]) == 0
    report = json.loads(capsys.readouterr().out)
    dropped = report["edits_dropped"]
    # The prop and the inserted shot were on the road line's shot, the move on the inserted
    # shot, the batch's move was placed before it, and Mara (who spoke only that line) left
    # the cast with her new design: four edits, one of them the batch of two.
    assert len(dropped) == 5, dropped
    assert all("no longer in the story" in d for d in dropped)
    assert any(d.startswith(f"dropped edit add_prop {ROAD}") for d in dropped)
    assert any("moved next to" in d for d in dropped)
    assert report["edits_replayed"] == len(EDITS) - 4
    assert all(d in report["notes"] for d in dropped)


@pytest.mark.parametrize(("old", "new", "kept"), [
    (["a", "b", "c"], ["a", "c", "b"], [0, 2, 1]),  # a moved line keeps its id
    (["a", "b", "c"], ["a", "b", "c", "d"], [0, 1, 2, None]),
    (["a", "Tea is ready.", "b"], ["a", "The tea is ready now.", "x y z", "b"], [0, 1, None, 2]),
])
def test_lines_align_moved_and_edited(old, new, kept):
    def lines(texts, tag):
        return [Line(id=f"{tag}{i}", kind="dialogue", text=t) for i, t in enumerate(texts)]

    a, b = lines(old, "o"), lines(new, "n")
    got = align_lines(a, b)
    assert [got[j].id if j in got else None for j in range(len(b))] == \
        [f"o{k}" if k is not None else None for k in kept]


def test_chinese_edits_made_in_words_apply_again_after_the_story_changes(zh_story, tmp_path,
                                                                         fake_backends):
    from manju.edit import parse_instruction

    out = tmp_path / "out"
    with Session.open(out, zh_story, settings=SMALL, backends=fake_backends, workers=1) as s:
        s.make(until="board")
        for text in ("把第一场改成黄昏", "让林晚在第三个镜头里拿着一把伞", "在第三个镜头后加一个苏念的特写",
                     "把第四个镜头移到第二个镜头前面"):
            plan = parse_instruction(s.project, text)
            assert plan.status == "edit", (text, plan.message)
            s.apply(plan.operation)
        before = _cut(s.project)
    zh_story.write_text(zh_story.read_text(encoding="utf-8").replace("我在等人。", "我在等一个人。"),
                        encoding="utf-8")
    with Session.open(out, zh_story, workers=1) as s:
        report = s.make(until="board")
        assert report.edits_replayed == 4 and report.edits_dropped == []
        assert _cut(s.project) == before
        assert s.project.scenes()[0].setting.time == "dusk"
        assert s.project.shot("sh_41626c70").held == {"umbrella": "ch_20cbdc"}
