"""Tests for procedural backgrounds and location classification."""

from __future__ import annotations

import numpy as np
import pytest
import skia

from manju.render.background import (
    KINDS,
    TIMES,
    WEATHERS,
    Setting,
    classify_setting,
    floor_y,
    horizon_y,
    light_direction,
    render_background,
    render_weather,
    scene_heading,
)

W, H = 180, 320  # small plates keep the suite fast


def pixels(img: skia.Image) -> np.ndarray:
    return np.asarray(img.toarray())[..., :3].astype(np.float32)


def luminance(img: skia.Image) -> float:
    a = pixels(img)
    # toarray gives the surface's native order; the weights are close enough for B/R swaps
    return float((0.299 * a[..., 2] + 0.587 * a[..., 1] + 0.114 * a[..., 0]).mean())


@pytest.mark.parametrize(
    ("text", "kind", "time", "weather", "interior"),
    [
        ("INT. KITCHEN - NIGHT", "home", "night", "clear", True),
        ("She walked into the office early in the morning.", "office", "day", "clear", True),
        ("Rain hammered the empty street at midnight.", "street", "night", "rain", False),
        ("A tiny café on the corner, sunset light through the glass.", "shop", "dusk", "clear", True),
        ("Mist drifted between the trees of the old forest.", "forest", "day", "fog", False),
        ("They climbed the mountain in the snow.", "mountain", "day", "snow", False),
        ("The emperor waited in the palace hall.", "palace", "day", "clear", False),
        ("EXT. LIGHTHOUSE - NIGHT", "coast", "night", "clear", False),
        ("Waves broke on the beach at dusk.", "coast", "dusk", "clear", False),
        ("深夜，她回到家里，窗外下着雨。", "home", "night", "rain", True),
        ("公司的办公室里灯火通明。", "office", "day", "clear", True),
        ("街头人来人往。", "street", "day", "clear", False),
        ("他走进一家小店。", "shop", "day", "clear", True),
        ("树林中弥漫着雾气。", "forest", "day", "fog", False),
        ("山顶上下着大雪。", "mountain", "day", "snow", False),
        ("黄昏时分，宗门大殿前。", "palace", "dusk", "clear", False),
        ("海边的灯塔。", "coast", "day", "clear", False),
        ("Nothing in particular happens here.", "room_generic", "day", "clear", True),
    ],
)
def test_classify_examples(text, kind, time, weather, interior):
    s = classify_setting(text, "zh" if any(ord(ch) > 0x3000 for ch in text) else "en")
    assert (s.kind, s.time, s.weather, s.interior) == (kind, time, weather, interior)


def test_classify_chinese_false_friends():
    # 大家 (everyone) is not 家 (home); 上海 (Shanghai) is not 海 (sea)
    assert classify_setting("大家都来了。", "zh").kind == "room_generic"
    assert classify_setting("他在上海的办公室。", "zh").kind == "office"


def test_classify_deterministic_and_seeded_by_place():
    a = classify_setting("INT. KITCHEN - NIGHT")
    b = classify_setting("INT. KITCHEN - NIGHT")
    c = classify_setting("INT. BEDROOM - NIGHT")
    assert a == b
    assert a.kind == c.kind == "home"
    assert a.seed != c.seed
    assert classify_setting("INT. KITCHEN - DAY").seed == a.seed  # same place, same layout


def test_scene_heading():
    assert scene_heading(Setting("coast", "night", "clear", True), "Lighthouse") == \
        "INT. LIGHTHOUSE - NIGHT"
    assert scene_heading(Setting("street", "dusk", "rain", False), "main street") == \
        "EXT. MAIN STREET - DUSK"
    assert scene_heading(Setting("palace", "day", "clear", False), "宗门大殿") == "EXT. 宗门大殿 - DAY"
    assert scene_heading(Setting("home"), "").startswith("INT. HOME - DAY")


@pytest.mark.parametrize(("w", "h"), [(270, 480), (480, 270), (300, 300)])
def test_sizes(w, h):
    img = render_background(Setting("street", "day", "clear", False, 3), w, h)
    assert (img.width(), img.height()) == (w, h)


def test_deterministic_pixels():
    s = Setting("forest", "dusk", "fog", False, 42)
    a = pixels(render_background(s, W, H))
    from manju.render.background import _render_cached

    _render_cached.cache_clear()
    b = pixels(render_background(s, W, H))
    assert np.array_equal(a, b)


def test_kinds_differ():
    plates = {k: pixels(render_background(Setting(k, "day", "clear", k in (
        "home", "office", "shop", "room_generic"), 1), W, H)) for k in KINDS}
    names = list(plates)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert np.abs(plates[a] - plates[b]).mean() > 5.0, (a, b)


def test_seed_varies_layout():
    a = pixels(render_background(Setting("street", "day", "clear", False, 1), W, H))
    b = pixels(render_background(Setting("street", "day", "clear", False, 2), W, H))
    assert np.abs(a - b).mean() > 2.0


@pytest.mark.parametrize("kind", KINDS)
def test_night_darker_than_day(kind):
    interior = kind in ("home", "office", "shop", "room_generic")
    day = luminance(render_background(Setting(kind, "day", "clear", interior, 5), W, H))
    night = luminance(render_background(Setting(kind, "night", "clear", interior, 5), W, H))
    assert night < day * 0.75


def test_every_combination_renders():
    for kind in KINDS:
        for time in TIMES:
            for weather in WEATHERS:
                for interior in (True, False):
                    img = render_background(Setting(kind, time, weather, interior, 9), 90, 160)
                    assert img.width() == 90


def test_layout_lines():
    for kind in KINDS:
        s = Setting(kind, "day", "clear", kind in ("home", "office", "shop", "room_generic"))
        assert 0 < horizon_y(s, 1920) < floor_y(s, 1920) < 1920
        assert 0.0 <= light_direction(s) <= 180.0
    assert light_direction(Setting("home", seed=3)) == light_direction(Setting("home", seed=3))


def _weather_diff(setting: Setting, t: float = 0.7) -> float:
    surface = skia.Surface(W, H)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorSetARGB(255, 60, 70, 80))
    before = pixels(surface.makeImageSnapshot())
    render_weather(canvas, setting, W, H, t)
    return float(np.abs(pixels(surface.makeImageSnapshot()) - before).sum())


def test_weather_draws_rain_snow_not_clear():
    assert _weather_diff(Setting("street", "day", "rain", False, 1)) > 0
    assert _weather_diff(Setting("street", "day", "snow", False, 1)) > 0
    assert _weather_diff(Setting("forest", "day", "fog", False, 1)) > 0
    assert _weather_diff(Setting("street", "day", "clear", False, 1)) == 0


def test_weather_animates_and_is_deterministic():
    s = Setting("street", "night", "snow", False, 2)

    def frame(t):
        surface = skia.Surface(W, H)
        render_weather(surface.getCanvas(), s, W, H, t)
        return pixels(surface.makeImageSnapshot())

    assert np.array_equal(frame(1.0), frame(1.0))
    assert not np.array_equal(frame(1.0), frame(1.5))
