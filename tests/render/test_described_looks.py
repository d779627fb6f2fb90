"""What the text says a character wears and looks like reaches the design.

``data/described_looks.json`` holds short passages (English and Chinese) written for this
test, each with the outfit kind, outfit colour family and hair colour family the text gives
its characters. The description comes before, in or after the character's first
appearance, sometimes spread over the passage or said with "he"/"she". Passage ``i`` is
held out when ``i % 3 == 2``; the rest is the development split the rules were tuned on.
"""

from __future__ import annotations

import colorsys
import json
from pathlib import Path

import numpy as np
import pytest
import skia

from manju.render.character import OUTFITS, Pose, character_sprite
from manju.render.character_design import design_look
from manju.render.character_style import rgb

DATA = Path(__file__).parent / "data" / "described_looks.json"
ROOT = Path(__file__).resolve().parents[2]


def family(hex_colour: str) -> str:
    """A colour's everyday name, by hue and lightness (what a reader would call it)."""
    h, light, sat = colorsys.rgb_to_hls(*rgb(hex_colour))
    deg = h * 360
    if sat < 0.2 or (light < 0.2 and sat < 0.35):
        return "black" if light < 0.3 else "white" if light > 0.85 else "grey"
    if light > 0.86:
        return "white"
    if deg < 12 or deg >= 335:
        return "red" if light < 0.7 else "pink"
    if deg < 48:
        return "brown" if light < 0.45 else "orange" if deg < 35 else "yellow"
    if deg < 70:
        return "yellow" if light >= 0.4 else "green"
    if deg < 165:
        return "green"
    if deg < 195:
        return "teal"
    if deg < 250:
        return "blue"
    if deg < 295:
        return "purple"
    return "pink" if light > 0.55 else "purple"


def _passages(split: str) -> list[dict]:
    passages = json.loads(DATA.read_text(encoding="utf-8"))["passages"]
    return [p for i, p in enumerate(passages) if (i % 3 == 2) == (split == "test")]


def _cast_of(text: str, tmp: Path, suffix: str = ".txt"):  # type: ignore[no-untyped-def]
    from manju.pipeline import new_project
    from manju.stages.adapt import adapt
    from manju.stages.cast import cast

    path = tmp / f"story{suffix}"
    path.write_text(text, encoding="utf-8")
    return cast(adapt(new_project(path))).characters


def _find(chars, name: str):  # type: ignore[no-untyped-def]
    for c in chars:
        if name == c.name or name in c.aliases:
            return c
    return next((c for c in chars if name in c.name or c.name in name), None)


def _score(split: str, tmp: Path) -> tuple[int, int, list[str]]:
    right, total, wrong = 0, 0, []
    for n, p in enumerate(_passages(split)):
        sub = tmp / f"p{n}"
        sub.mkdir()
        chars = _cast_of(p["text"], sub)
        for exp in p["characters"]:
            total += 1
            ch = _find(chars, exp["name"])
            lk = ch.look if ch else None
            ok = lk is not None and (
                (exp["outfit"] is None or lk.outfit == exp["outfit"])
                and (exp["colour"] is None or family(lk.outfit_color) in exp["colour"])
                and (exp["hair"] is None or family(lk.hair_color) in exp["hair"]))
            right += ok
            if not ok:
                got = (lk.outfit, family(lk.outfit_color), family(lk.hair_color)) if lk else None
                wrong.append(f"{exp['name']}: want {exp['outfit']} {exp['colour']} "
                             f"{exp['hair']}, got {got}")
    return right, total, wrong


def test_the_set_is_large_and_mixed():
    passages = json.loads(DATA.read_text(encoding="utf-8"))["passages"]
    chars = [c for p in passages for c in p["characters"]]
    assert len(chars) >= 24
    assert {p["lang"] for p in passages} == {"en", "zh"}
    assert {p["where"] for p in passages} >= {"first", "after", "spread", "before"}
    assert {c["outfit"] for c in chars} <= set(OUTFITS)
    held = _passages("test")
    assert len(held) == len(passages) // 3 and {p["lang"] for p in held} == {"en", "zh"}


# Measured: held-out 16/17 (the miss is a man described as "a man in a black coat" before
# the text names him), development 36/37; before this reading both were under 20%.
@pytest.mark.parametrize("split,bar", [("test", 0.85), ("dev", 0.9)])
def test_described_garment_colour_and_hair_reach_the_cast(split, bar, tmp_path):
    right, total, wrong = _score(split, tmp_path)
    assert right / total >= bar, "\n".join(wrong)


# --------------------------------------------------------------------------- hint phrases
def _fam(hints: list[str], seed: str = "s", gender: str = "female", age: str = "adult"):  # type: ignore[no-untyped-def]
    lk = design_look(seed, gender, age, hints)
    return lk.outfit, family(lk.outfit_color), family(lk.hair_color), lk


@pytest.mark.parametrize("hints,outfit,colour", [
    (["red coat"], "coat", "red"),
    (["her long black overcoat"], "coat", "black"),
    (["yellow raincoat"], "coat", "yellow"),
    (["brown tweed jacket"], "coat", "brown"),
    (["green parka"], "coat", "green"),
    (["grey suit jacket"], "suit", "grey"),
    (["navy blazer"], "suit", "blue"),
    (["black robes stitched with silver stars"], "robe", "black"),
    (["robes of crimson and gold"], "robe", "red"),
    (["gown of deep purple velvet"], "dress", "purple"),
    (["gown that night was emerald green"], "dress", "green"),
    (["dress, red as a poppy"], "dress", "red"),
    (["dressed in white from head to toe", "long silk gown"], "dress", "white"),
    (["dark blue police uniform"], "uniform", "blue"),
    (["grey hoodie"], "hoodie", "grey"),
    (["white shirt", "black coat"], "coat", "black"),  # the shirt is under the coat
    (["skirt", "yellow dress"], "dress", "yellow"),
    (["红色的外套"], "coat", "red"),
    (["黑色的大衣"], "coat", "black"),
    (["绿色的夹克"], "coat", "green"),
    (["身穿青色长袍"], "robe", "teal"),
    (["一袭红裙"], "dress", "red"),
    (["紫色的旗袍"], "dress", "purple"),
    (["蓝色的毛衣"], "shirt", "blue"),
    (["洗得发白的蓝布衬衫"], "shirt", "blue"),
    (["灰色西装"], "suit", "grey"),
    (["粉色的卫衣"], "hoodie", "pink"),
])
def test_garment_kind_and_colour(hints, outfit, colour):
    got = _fam(hints)
    assert got[:2] == (outfit, colour), got[:3]


def test_clothes_of_no_kind_colour_the_seeded_outfit():
    for hints, colour in ((["一身白衣"], "white"), (["一身黑"], "black"),
                          (["dressed all in grey"], "grey")):
        for seed in ("a", "b", "c"):
            plain = design_look(seed, "male", "adult")
            lk = design_look(seed, "male", "adult", hints)
            assert lk.outfit == plain.outfit and family(lk.outfit_color) == colour, hints


def test_colour_words_attach_to_what_they_modify():
    outfit, colour, hair, lk = _fam(["bright red hair", "green dress with white buttons"])
    assert (outfit, colour, hair) == ("dress", "green", "red")
    outfit, colour, hair, lk = _fam(["blue hair", "black hoodie"])
    assert (outfit, colour, hair) == ("hoodie", "black", "blue")
    lk = design_look("e", "male", "adult", ["blue eyes", "brown coat"])
    assert family(lk.eye_color) == "blue" and family(lk.outfit_color) == "brown"
    # a colour reaches across neither "and" nor another noun
    plain = design_look("e", "female", "adult")
    lk = design_look("e", "female", "adult", ["red hair and a coat"])
    assert lk.outfit == "coat" and lk.outfit_color == plain.outfit_color
    assert family(lk.hair_color) == "red"
    assert family(design_look("e", "female", "adult", ["黑色的长发"]).hair_color) == "black"
    assert family(design_look("e", "female", "adult", ["金色的头发"]).hair_color) == "yellow"
    assert family(design_look("e", "female", "adult", ["fair hair"]).hair_color) == "yellow"
    # a grey beard is drawn in the hair colour
    assert family(design_look("e", "male", "adult", ["grey beard"]).hair_color) == "grey"
    # spectacles are not eyes, and rolling one's eyes gives them no colour
    assert design_look("e", "male", "adult", ["金丝眼镜"]).eye_color == \
        design_look("e", "male", "adult").eye_color
    assert design_look("e", "male", "adult", ["白眼"]).eye_color == \
        design_look("e", "male", "adult").eye_color


def test_long_is_said_of_hair_not_of_a_coat():
    for seed in ("m1", "m2", "m3", "m4"):
        plain = design_look(seed, "male", "adult")
        assert design_look(seed, "male", "adult", ["long black overcoat"]).hair_style == \
            plain.hair_style
        assert design_look(seed, "male", "adult", ["long black hair"]).hair_style == "long"
    assert design_look("f", "female", "adult", ["long"]).hair_style == "long"


def test_a_coloured_outfit_gets_a_tie_that_goes_with_it():
    from manju.render.character_design import _clashes

    for i in range(40):
        lk = design_look(f"c{i}", "male", "adult", ["red suit"])
        assert not _clashes(lk.accent_color, lk.outfit_color), lk.accent_color
    # ... unless the text says which tie
    lk = design_look("c1", "male", "adult", ["red suit", "blue tie"])
    assert family(lk.accent_color) == "blue"
    lk = design_look("c1", "male", "adult", ["灰色西装，系着一条红色领带"])
    assert lk.outfit == "suit" and family(lk.accent_color) == "red"


def test_seeded_designs_keep_their_colours():
    # no outfit colour in the text: the seeded accent stays whatever it is
    for i in range(12):
        a = design_look(f"k{i}", "female", "young")
        b = design_look(f"k{i}", "female", "young", ["long black hair"])
        assert (a.outfit, a.outfit_color, a.accent_color) == (b.outfit, b.outfit_color,
                                                              b.accent_color)


# --------------------------------------------------------------------------- phrases found
def _described(text: str, lang: str = "en") -> dict[str, list[str]]:
    from manju.text import analyze

    return {c.name: c.description for c in analyze(text, lang=lang).characters}


def test_he_and_she_carry_a_description_to_the_last_named():
    text = ('Jess Moreno was already on the pier when the ferry came in.\n\n'
            '"You came," called Tom Reed from the deck.\n\n'
            '"I said I would," said Jess. She pulled her red coat tighter. '
            'He held up his black hat.\n')
    d = _described(text)
    assert "red coat" in d["Jess Moreno"] and "red coat" not in d.get("Tom Reed", [])
    assert "black hat" in d["Tom Reed"]


def test_what_a_speaker_says_is_not_a_description():
    text = ('Ian Finch came down to breakfast in his old green coat.\n\n'
            '"Wear the blue suit," said his sister Molly Finch.\n\n'
            '"I like this coat," said Ian.\n')
    d = _described(text)
    assert any("green coat" in p for p in d["Ian Finch"])
    assert not any("blue" in p for ps in d.values() for p in ps)


def test_several_names_the_nearest_one_owns_the_phrase():
    text = ('Tom Bright and Amy Bright came in together, Tom in a green parka and Amy in a '
            'pink dress.\n\n"Hello," said Tom.\n\n"Hi," said Amy.\n')
    d = _described(text)
    assert "green parka" in d["Tom Bright"] and "pink dress" not in d["Tom Bright"]
    assert "pink dress" in d["Amy Bright"] and "green parka" not in d["Amy Bright"]
    text = ('Wrapped in a long black overcoat, Victor Hale stepped off the train.\n\n'
            '"Cab?" asked the porter.\n\n"No," said Victor.\n')
    assert any("overcoat" in p for p in _described(text)["Victor Hale"])


def test_the_man_in_the_coat_is_someone_else():
    text = ('Nora Quill watched the man in the grey coat cross the square.\n\n'
            '"Who is he?" said Nora.\n')
    assert not any("coat" in p for p in _described(text)["Nora Quill"])


def test_chinese_pronoun_and_quote():
    text = ("苏晴推门进来的时候，外面正下着大雨。\n“你的红色外套呢？”妈妈问。\n“忘了。”苏晴说。\n"
            "她脱下蓝色的外套，挂在门边的椅子上。\n")
    d = _described(text, "zh")
    assert "蓝色的外套" in d["苏晴"] and not any("红" in p for p in d["苏晴"])


# --------------------------------------------------------------------------- the coat
def _px(look, pose=None) -> np.ndarray:  # type: ignore[no-untyped-def]
    img, _ = character_sprite(look, pose or Pose(), 300)
    return np.asarray(img.toarray(colorType=skia.kRGBA_8888_ColorType,
                                  alphaType=skia.kUnpremul_AlphaType)).astype(np.int16)


def _near(px: np.ndarray, hex_colour: str, tol: int = 24) -> int:
    target = np.array([round(c * 255) for c in rgb(hex_colour)])
    return int(((np.abs(px[..., :3] - target).max(axis=2) <= tol) & (px[..., 3] > 200)).sum())


def test_a_coat_is_drawn_in_its_colour_without_a_tie():
    from dataclasses import replace

    coat = design_look("mara", "female", "adult", ["red coat"])
    assert coat.outfit == "coat"
    look = replace(coat, accent_color="#3a6fc4")  # a blue accent must not show as a tie
    suit = replace(look, outfit="suit")
    for pose in (Pose(), Pose(facing="left"), Pose(gesture="arms_crossed")):
        a, b = _px(look, pose), _px(suit, pose)
        assert _near(a, look.accent_color) < 30 < _near(b, look.accent_color)
        assert _near(a, look.outfit_color) > 0.1 * (a[..., 3] > 0).sum()
        assert np.abs(a - b).sum(axis=2).astype(bool).sum() > 1000


def test_the_bundled_example_draws_a_red_coat_and_a_grey_beard(tmp_path):
    story = (ROOT / "examples" / "the_keeper.md").read_text(encoding="utf-8")
    chars = {c.name: c for c in _cast_of(story, tmp_path, ".md")}
    mara, elias = chars["Mara Vale"].look, chars["Elias Crane"].look
    assert mara.outfit == "coat" and family(mara.outfit_color) == "red"
    assert elias.accessory == "beard" and family(elias.hair_color) == "grey"


def test_someone_new_in_a_coat_is_not_the_last_named():
    text = ('Esther Vaughn waited at the stop.\n\n"Late again," said Esther.\n\n'
            'A woman in a purple coat came round the corner, checking her watch.\n')
    assert not any("purple" in p for p in _described(text)["Esther Vaughn"])
    text = ('Anselm, a tall man in black robes, came down the steps.\n\n'
            '"You are late," said Anselm.\n')
    assert any("black robes" in p for p in _described(text)["Anselm"])


def test_verbs_and_a_mans_dress_are_no_garment():
    for seed in ("v1", "v2", "v3"):
        plain = design_look(seed, "female", "adult")
        assert design_look(seed, "female", "adult", ["it will suit her"]).outfit == plain.outfit
        man = design_look(seed, "male", "adult", ["black evening dress"])
        assert man.outfit != "dress" and family(man.outfit_color) == "black"


def test_a_name_is_not_a_description():
    text = "叶青衣站在门口。\n“你来了。”叶青衣说。\n“来了。”林风说。\n"
    d = _described(text, "zh")
    assert "叶青衣" in d and "青衣" not in d["叶青衣"]
