"""``manju check``: face-consistency measures and the command on a real (small) render."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from manju import check as C


def _face(hair=(150, 70, 40), skin=(240, 200, 170), eye_dx=0):
    img = np.zeros((64, 64, 3), np.uint8)
    img[:] = (30, 40, 80)
    yy, xx = np.mgrid[0:64, 0:64]
    img[((xx - 32) ** 2 + (yy - 34) ** 2) < 26 ** 2] = skin
    img[(((xx - 32) ** 2 + (yy - 30) ** 2) < 28 ** 2) & (yy < 22)] = hair
    for ex in (22 + eye_dx, 42 + eye_dx):
        img[((xx - ex) ** 2 + (yy - 34) ** 2) < 16] = (40, 30, 20)
    return img


def test_identical_and_mirrored_crops_score_one():
    a = _face()
    assert C.similarity(a, a) == pytest.approx(1.0)
    assert C.similarity(a, a[:, ::-1]) == pytest.approx(1.0)
    assert C.hash_similarity(a, a) == pytest.approx(1.0) and C.phash(a).shape == (35,)
    assert C.phash_bits(a).shape == (64,)


def test_a_different_design_scores_lower_than_an_expression_change():
    a = _face()
    same = C.similarity(a, _face(eye_dx=1))
    other = C.similarity(a, _face(hair=(20, 20, 25), skin=(190, 140, 110)))
    assert same > 0.9 > other


def test_resize_and_histogram_are_normalised():
    big = np.random.default_rng(0).integers(0, 255, (120, 90, 3), dtype=np.uint8)
    small = C.resize(big)
    assert small.shape == (64, 64, 3) and small.dtype == np.uint8
    assert C.hsv_histogram(small).sum() == pytest.approx(1.0)


def test_missing_dir_is_one_line_error(tmp_path):
    from manju.cli.main import main

    assert main(["check", str(tmp_path)]) == 1


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_check_command_on_a_render(en_story, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "manju.cli.main"]
    r = subprocess.run([*cmd, "make", str(en_story), "--out", str(out), "--size", "216x384",
                        "--fps", "8", "--quiet", "--no-music"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*cmd, "check", str(out), "--json"], capture_output=True, text=True, timeout=300)
    report = json.loads(r.stdout)
    assert set(report) == {"characters", "min"}
    assert any(e["crops"] >= 2 for e in report["characters"].values())
    for e in report["characters"].values():
        if e["min"] is not None:
            assert 0.5 < e["min"] <= e["mean"] <= 1.0
    assert r.returncode == (0 if report["min"] >= 0.9 else 1)
    if r.returncode:
        assert "below 0.90" in r.stderr
