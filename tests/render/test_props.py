"""Tests for story props: keyword detection and the skia drawings."""

from __future__ import annotations

import numpy as np
import pytest
import skia

from manju.render.props import PROPS, draw_prop, prop_sprite, prop_width, props_in_text


def _alpha(img: skia.Image) -> np.ndarray:
    arr = np.asarray(img.toarray(colorType=skia.kRGBA_8888_ColorType,
                                 alphaType=skia.kUnpremul_AlphaType))
    return arr[..., 3].astype(np.int16)


def _rgba(img: skia.Image) -> np.ndarray:
    return np.asarray(img.toarray(colorType=skia.kRGBA_8888_ColorType,
                                  alphaType=skia.kUnpremul_AlphaType)).astype(np.int16)


# --------------------------------------------------------------------------- drawing
def test_catalogue():
    assert len(PROPS) >= 14
    assert len(set(PROPS)) == len(PROPS)
    for name in ("lantern", "umbrella", "sword", "cup", "flowers", "book", "phone", "letter",
                 "candle", "bottle", "bag", "fan", "key"):
        assert name in PROPS


@pytest.mark.parametrize("name", PROPS)
def test_every_prop_draws_inside_its_sprite(name):
    size = 128
    img = prop_sprite(name, size)
    assert img.height() == size
    assert img.width() == pytest.approx(prop_width(name, size), abs=4)
    a = _alpha(img)
    solid = a > 128
    assert solid.mean() > 0.15, f"{name} is nearly blank"
    ys, xs = np.nonzero(solid)
    # anchored on its base, about ``size`` tall, nothing cut off at the sides
    assert ys.max() >= size - 3, f"{name} does not stand on the bottom edge"
    assert ys.min() <= 6, f"{name} is much shorter than requested"
    assert a[:, 0].max() < 60 and a[:, -1].max() < 60, f"{name} is clipped at the sides"
    # the visual centre is the image centre (bottom-centre anchoring)
    mid = (xs.min() + xs.max()) / 2.0
    assert abs(mid - img.width() / 2.0) < img.width() * 0.22


@pytest.mark.parametrize("name", PROPS)
def test_props_have_outline_and_tones(name):
    px = _rgba(prop_sprite(name, 160))
    opaque = px[px[..., 3] > 250][:, :3]
    lum = opaque @ np.array([0.299, 0.587, 0.114])
    assert (lum < 80).mean() > 0.03, f"{name} has no dark outline"
    colours = {tuple(int(v) // 24 for v in p) for p in opaque[::7]}
    assert len(colours) >= 4, f"{name} is flat: no shadow/highlight tones"


@pytest.mark.parametrize("name", PROPS)
def test_props_are_deterministic(name):
    a = _rgba(prop_sprite(name, 96, seed=3))
    b = _rgba(prop_sprite(name, 96, seed=3))
    assert np.array_equal(a, b)


def test_seed_varies_colours_not_shape():
    varied = 0
    for name in PROPS:
        imgs = [_rgba(prop_sprite(name, 96, seed=s)) for s in range(6)]
        if any(not np.array_equal(imgs[0][..., :3], im[..., :3]) for im in imgs[1:]):
            varied += 1
    assert varied >= len(PROPS) // 2


def test_draw_prop_bottom_centre_anchor():
    surface = skia.Surface(400, 300)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    draw_prop(canvas, "candle", 150.0, 250.0, 120.0, seed=1)
    a = _alpha(surface.makeImageSnapshot())
    ys, xs = np.nonzero(a > 128)
    assert 246 <= ys.max() <= 251
    assert 125 <= ys.min() <= 140
    assert abs((xs.min() + xs.max()) / 2 - 150) < 8
    assert xs.max() < 220 and xs.min() > 80


def test_sizes_scale():
    for size in (40, 80, 200):
        img = prop_sprite("umbrella", size)
        assert img.height() == size
        assert _alpha(img).max() == 255


def test_unknown_prop_raises():
    surface = skia.Surface(50, 50)
    with pytest.raises(ValueError):
        draw_prop(surface.getCanvas(), "spaceship", 25, 50, 40)
    with pytest.raises(ValueError):
        prop_sprite("spaceship", 64)
    with pytest.raises(ValueError):
        prop_width("", 64)


# --------------------------------------------------------------------------- detection
@pytest.mark.parametrize(("text", "expected"), [
    ("She lit a candle and opened the old book.", ["candle", "book"]),
    ("Rain. He held an umbrella over her, a bouquet of roses in his other hand.",
     ["umbrella", "flowers"]),
    ("He drew his sword.", ["sword"]),
    ("A cup of coffee went cold beside her phone.", ["cup", "phone"]),
    ("She sealed the letter in an envelope.", ["letter"]),
    ("He poured wine from the bottle.", ["bottle"]),
    ("She snapped her folding fan shut.", ["fan"]),
    ("The brass key turned in the lock.", ["key"]),
    ("She grabbed her bag and her keys.", ["bag", "key"]),
    ("The lanterns swayed in the wind.", ["lantern"]),
    ("He pulled a knife; she raised a pistol.", ["knife", "gun"]),
    ("An old photograph, a wedding ring and a mirror.", ["photo", "ring", "mirror"]),
    ("He unrolled the ancient scroll.", ["scroll"]),
    ("She wrapped the gift.", ["gift"]),
])
def test_english_keywords(text, expected):
    assert props_in_text(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("她提着灯笼走进雨里，撑开一把油纸伞。", ["lantern", "umbrella"]),
    ("他拔出长剑。", ["sword"]),
    ("她端起茶杯，轻轻喝了一口茶。", ["cup"]),
    ("桌上放着一束鲜花和一本书。", ["flowers", "book"]),
    ("他的手机响了。", ["phone"]),
    ("她写了一封信。", ["letter"]),
    ("烛光摇曳，蜡烛快燃尽了。", ["candle"]),
    ("他举起酒杯。", ["cup"]),
    ("他走进酒吧，点了一杯酒。", ["cup"]),
    ("他在图书馆翻着兵书。", ["book"]),
    ("他拎着酒壶。", ["teapot"]),
    ("他喝了一口酒，放下酒瓶。", ["bottle"]),
    ("她背上书包。", ["bag"]),
    ("她摇着团扇。", ["fan"]),
    ("钥匙插进锁孔。", ["key"]),
    ("他掏出手枪，又摸出匕首。", ["gun", "knife"]),
    ("她把玉佩交给他。", ["jade"]),
    ("她看着镜子里的自己，手里是一张照片。", ["mirror", "photo"]),
    ("太监展开圣旨。", ["scroll"]),
    ("他送她一枚戒指作为礼物。", ["ring", "gift"]),
])
def test_chinese_keywords(text, expected):
    assert props_in_text(text, "zh") == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("他们在花园里散步，花了一下午。", "zh"),          # garden, spent time
    ("秘书走进书房，看了看书架。", "zh"),              # secretary, study, bookshelf
    ("他推开一扇门，又关上一扇窗。", "zh"),            # 扇 as a measure word
    ("他剑眉星目，住在酒店。", "zh"),                  # sword-like brows, hotel
    ("她去了咖啡馆，坐在茶几旁，看世界杯。", "zh"),    # café, coffee table, World Cup
    ("她笑起来有两个酒窝，相信他。", "zh"),            # dimples, believe (信)
    ("他戴着眼镜，吃了一个包子和面包。", "zh"),        # glasses, buns, bread
    ("一束光照进来，镜头拉近，他用剪刀剪开红包。", "zh"),  # beam of light, camera shot...
    ("He is a big fan of jazz; his fans cheered.", "en"),
    ("The key point is that she rose early.", "en"),
    ("They watched the World Cup at the coffee table.", "en"),
    ("She scrolled through the news feed.", "en"),
    ("For the sake of peace he kept quiet.", "en"),
    ("That is the key to success.", "en"),
    ("The key is to stay calm; bags under her eyes.", "en"),
    ("The flower garden was quiet.", "en"),
])
def test_false_hits_are_guarded(text, lang):
    assert props_in_text(text, lang) == []


def test_order_dedup_and_cap():
    text = "A phone, a book, another phone, a candle, an umbrella and a sword."
    assert props_in_text(text, "en") == ["phone", "book", "candle"]
    assert props_in_text("手机，书，手机，蜡烛，伞，剑", "zh") == ["phone", "book", "candle"]
    assert props_in_text("", "en") == []
    assert props_in_text("Nothing here at all.", "en") == []


def test_compound_beats_parts():
    assert props_in_text("茶壶", "zh") == ["teapot"]
    assert props_in_text("花瓶", "zh") == ["flowers"]
    assert props_in_text("情书", "zh") == ["letter"]
    assert props_in_text("微信", "zh") == ["phone"]
    assert props_in_text("He put the teapot down.", "en") == ["teapot"]
