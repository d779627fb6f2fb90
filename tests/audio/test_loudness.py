import numpy as np

from manju.audio.loudness import integrated_lufs, k_weighting, true_peak_dbtp


def _sine(freq, db, seconds=5.0, sr=48000):
    t = np.arange(int(seconds * sr)) / sr
    return 10 ** (db / 20) * np.sin(2 * np.pi * freq * t)


def test_k_weighting_matches_bs1770_table():
    (b1, a1), (b2, a2) = k_weighting(48000)
    assert np.allclose(b1, [1.53512485958697, -2.69169618940638, 1.19839281085285])
    assert np.allclose(a1, [1.0, -1.69065929318241, 0.73248077421585])
    assert np.allclose(a2, [1.0, -1.99004745483398, 0.99007225036621])
    assert np.allclose(b2, [1.0, -2.0, 1.0])


def test_reference_sines():
    s = _sine(1000, -23)
    assert abs(integrated_lufs(np.stack([s, s], 1), 48000) - -23.0) < 0.1
    s0 = _sine(997, 0)
    assert abs(integrated_lufs(np.stack([s0, 0 * s0], 1), 48000) - -3.01) < 0.05
    s44 = _sine(997, -20, sr=44100)
    assert abs(integrated_lufs(s44, 44100) - -23.01) < 0.1


def test_gating():
    sr = 48000
    loud = _sine(1000, -20, 4)
    quiet = _sine(1000, -60, 4)  # far below the relative gate
    both = np.concatenate([loud, quiet, np.zeros(4 * sr)])
    assert abs(integrated_lufs(both, sr) - integrated_lufs(loud, sr)) < 0.2
    assert integrated_lufs(np.zeros(sr), sr) == float("-inf")
    assert integrated_lufs(np.zeros(100), sr) == float("-inf")


def test_true_peak_finds_intersample_peak():
    sr = 48000
    n = np.arange(sr)
    x = np.sin(2 * np.pi * (sr / 4) * n / sr + np.pi / 4) * np.hanning(sr)
    assert 20 * np.log10(np.abs(x).max()) < -2.9
    assert abs(true_peak_dbtp(x, sr)) < 0.3
    assert abs(true_peak_dbtp(_sine(997, -6), sr) - -6) < 0.1
