"""Exact caching: change one input at a time and exactly the units that depend on it get new
keys (and so are made again); everything else is reused."""

from __future__ import annotations

import pytest

from manju.backends.fakes import FakeTTS
from manju.doc.ops import edit
from manju.pipeline import new_project, run
from manju.stages import render as render_stage
from manju.stages import voice as voice_stage
from manju.stages.context import Context


@pytest.fixture
def base(en_story, tmp_path):
    p = new_project(en_story)
    p.settings.width, p.settings.height, p.settings.fps = 96, 160, 4
    ctx = Context.for_output(tmp_path / "o")
    ctx.backends["tts"] = FakeTTS()
    return run(p, ctx, until="board", save=False), ctx


def keys(p, ctx):
    tts = ctx.backends["tts"]
    voices = {ln.id: voice_stage.line_key(tts, ln.text, voice_stage.line_voice(p, ln))
              for ln in p.lines()}
    shots = {sh.id: render_stage.spec_key(render_stage.shot_spec(p, sc, sh))
             for sc in p.scenes() for sh in sc.shots}
    return voices, shots


def changed(before, after):
    return ({k for k in after[0] if before[0].get(k) != after[0][k]},
            {k for k in after[1] if before[1].get(k) != after[1][k]})


def rerun(p, ctx):
    return run(p, ctx, until="board", save=False)


def test_a_line_text_changes_its_clip_and_its_shot_only(base):
    p, ctx = base
    k0 = keys(p, ctx)
    line = next(ln for ln in p.lines() if ln.kind == "dialogue")
    edit(p, "set_line", line.id, text="The road was gone.")
    p = rerun(p, ctx)
    voices, shots = changed(k0, keys(p, ctx))
    assert voices == {line.id}
    assert shots == {sh.id for sh in p.shots() if any(c.line == line.id for c in sh.cues)}


def test_a_look_changes_only_the_shots_showing_that_character(base):
    p, ctx = base
    k0 = keys(p, ctx)
    mara = next(c for c in p.characters if c.name.startswith("Mara"))
    edit(p, "set_look", mara.id, hair_color="#aa2222")
    voices, shots = changed(k0, keys(rerun(p, ctx), ctx))
    assert not voices
    assert shots == {sh.id for sh in p.shots() if mara.id in sh.subjects} and shots


def test_a_voice_changes_that_characters_clips_and_their_shots(base):
    p, ctx = base
    k0 = keys(p, ctx)
    elias = next(c for c in p.characters if c.name == "Elias")
    edit(p, "set_voice", elias.id, pitch=20)
    p = rerun(p, ctx)
    voices, shots = changed(k0, keys(p, ctx))
    mine = {ln.id for ln in p.lines() if ln.speaker == elias.id}
    assert voices == mine and mine
    assert shots == {sh.id for sh in p.shots() if any(c.line in mine for c in sh.cues)}


def test_style_changes_every_shot_and_no_clip(base):
    p, ctx = base
    k0 = keys(p, ctx)
    edit(p, "set_settings", "project", style="ink")
    voices, shots = changed(k0, keys(rerun(p, ctx), ctx))
    assert not voices and shots == {sh.id for sh in p.shots()}


def test_backend_config_changes_every_clip(base):
    p, ctx = base
    k0 = keys(p, ctx)
    ctx.backends["tts"] = FakeTTS(sr=22050)
    voices, shots = changed(k0, keys(rerun(p, ctx), ctx))
    assert voices == {ln.id for ln in p.lines()}
    assert shots == {sh.id for sh in p.shots() if sh.cues}


def test_render_code_fonts_and_voice_code_are_part_of_the_keys(base, monkeypatch):
    p, ctx = base
    k0 = keys(p, ctx)
    monkeypatch.setattr(render_stage, "code_fingerprint", lambda *a: "other-render-code")
    voices, shots = changed(k0, keys(p, ctx))
    assert not voices and shots == {sh.id for sh in p.shots()}
    monkeypatch.undo()
    monkeypatch.setattr(render_stage, "fonts_fingerprint", lambda fams: "other-fonts")
    voices, shots = changed(k0, keys(p, ctx))
    assert not voices and shots == {sh.id for sh in p.shots()}
    monkeypatch.undo()
    monkeypatch.setattr(voice_stage, "code_fingerprint", lambda *a: "other-voice-code")
    voices, _ = changed(k0, keys(p, ctx))
    assert voices == {ln.id for ln in p.lines()}


def test_the_code_fingerprint_follows_the_files(tmp_path, monkeypatch):
    from manju import cache

    (tmp_path / "pkg").mkdir()
    f = tmp_path / "pkg" / "draw.py"
    f.write_text("x = 1\n")
    monkeypatch.setattr(cache, "PACKAGE", tmp_path)
    a = cache.code_fingerprint.__wrapped__("pkg")
    f.write_text("x = 2\n")
    assert cache.code_fingerprint.__wrapped__("pkg") != a


def test_a_scene_setting_changes_only_that_scenes_shots(base):
    p, ctx = base
    k0 = keys(p, ctx)
    sc = p.scenes()[0]
    sc.setting = sc.setting.model_copy(update={"weather": "snow"})
    voices, shots = changed(k0, keys(p, ctx))
    assert not voices and shots == {sh.id for sh in sc.shots}
