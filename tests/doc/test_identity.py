"""Stable identity: ids come from content, survive edits elsewhere, and story changes merge."""

from __future__ import annotations

from manju.doc.identity import character_id, merge
from manju.pipeline import new_project
from manju.stages.adapt import adapt
from manju.stages.board import board
from manju.stages.cast import cast

STORY = (
    "Mara Vale stood in the kitchen. The rain beat on the window.\n\n"
    '"You are late," said Elias.\n\n'
    '"No," Mara replied.\n\n'
    '"Then sit down," he said. "Tea is ready."\n\n'
    '"No," said Mara again.\n\n'
    "Elias poured the tea.\n\n"
    '"It will be cold soon," he said.\n'
)


def _project(tmp_path, text, name="s.txt"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return board(cast(adapt(new_project(f))))


def test_ids_come_from_content_not_positions(tmp_path):
    p = _project(tmp_path, STORY)
    ids = [ln.id for ln in p.lines()]
    assert len(set(ids)) == len(ids)  # two identical "No." lines get different ids
    assert all(i.startswith("l_") for i in ids)
    assert {c.id for c in p.characters} == {character_id(c.name) for c in p.characters}
    assert all(s.id.startswith("sh_") for s in p.shots())
    again = _project(tmp_path, STORY, "t.txt")
    assert [s.id for s in again.shots()] == [s.id for s in p.shots()]


def test_a_shout_adds_shots_without_moving_any_other_id(tmp_path):
    # A line turned into a shout gains a close-up and a reaction shot; other ids used to shift.
    p = _project(tmp_path, STORY)
    louder = STORY.replace('"You are late," said Elias.', '"You are late!!" shouted Elias.')
    q = _project(tmp_path, louder, "loud.txt")
    q, notes = merge(p, q)
    q = board(cast(q))
    before = [s.id for s in p.shots()]
    after = [s.id for s in q.shots()]
    assert len(after) > len(before) and not notes
    kept = [sid for sid in before if sid in after]
    assert len(kept) >= len(before) - 1  # at most the edited line's own shot is re-formed
    assert [sid for sid in after if sid in before] == kept  # order unchanged


def test_merge_keeps_ids_of_unchanged_and_edited_lines(tmp_path):
    p = _project(tmp_path, STORY)
    edited = STORY.replace("Tea is ready.", "The tea is ready.")
    inserted = edited.replace("Elias poured the tea.", "Elias poured the tea.\n\nThunder rolled.")
    q, _ = merge(p, _project(tmp_path, inserted, "q.txt"))
    old = [ln.id for ln in p.lines()]
    new = [ln.id for ln in q.lines()]
    assert set(old) <= set(new)  # the edited line kept its id
    assert len(new) == len(old) + 1 and len(set(new)) == len(new)
    assert [s.id for s in q.scenes()] == [s.id for s in p.scenes()]


def test_design_seed_is_the_character_not_the_story(tmp_path):
    a = _project(tmp_path, STORY)
    b = _project(tmp_path, STORY.replace("The rain beat", "Rain beat"), "b.txt")
    assert a.source.sha256 != b.source.sha256
    assert [c.look for c in a.characters] == [c.look for c in b.characters]
