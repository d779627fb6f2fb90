import numpy as np
import pytest

from manju.audio.loudness import integrated_lufs
from manju.audio.music import MOODS, score, score_loop

SR = 24000  # lower rate keeps the tests quick


@pytest.mark.parametrize("mood", MOODS)
def test_score_per_mood(mood):
    x = score(mood, 6.0, sr=SR, seed=3)
    assert x.shape == (6 * SR, 2) and x.dtype == np.float32
    assert np.isfinite(x).all() and np.abs(x).max() < 0.95
    assert -22 < integrated_lufs(x, SR) < -14
    assert np.abs(x[:10]).max() < 0.01  # fades in


def test_deterministic_and_seeded():
    a = score("happy", 4.0, sr=SR, seed=1)
    assert np.array_equal(a, score("happy", 4.0, sr=SR, seed=1))
    assert not np.array_equal(a, score("happy", 4.0, sr=SR, seed=2))
    assert not np.array_equal(a, score("sad", 4.0, sr=SR, seed=1))


def test_loop_is_seamless():
    loop = score_loop("action", sr=SR, seed=0)
    jumps = np.abs(np.diff(loop, axis=0)).max()
    seam = np.abs(loop[0] - loop[-1]).max()
    assert seam <= jumps


def test_long_cue_tiles():
    x = score("calm", 70.0, sr=8000)
    assert x.shape == (560000, 2)
    assert np.abs(x[300000:310000]).max() > 0.01
