import numpy as np

from manju.audio.loudness import integrated_lufs, true_peak_dbtp
from manju.audio.mix import Clip, mix, write_wav

SR = 48000


def _voice(seconds, sr=24000, f0=150.0, seed=0):
    """A speech-like test signal: harmonic buzz with syllable envelope."""
    t = np.arange(int(seconds * sr)) / sr
    rng = np.random.default_rng(seed)
    x = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 12))
    env = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 0.5 * (1 + 0.2 * rng.random(t.size))
    x = x * env
    return (0.7 * x / np.abs(x).max()).astype(np.float32)


def _music(seconds, freq=2000.0):
    t = np.arange(int(seconds * SR)) / SR
    m = 0.3 * np.sin(2 * np.pi * freq * t)
    return np.stack([m, m], 1).astype(np.float32)


def _amp(x, freq, a, b):
    seg = x[int(a * SR) : int(b * SR), 0].astype(np.float64)
    t = np.arange(int(a * SR), int(b * SR)) / SR
    return 2 * abs(np.mean(seg * np.exp(-2j * np.pi * freq * t)))


def test_loudness_peak_length():
    clips = [Clip(1.0, _voice(2.0)), Clip(4.0, _voice(2.5, f0=220, seed=1), gain_db=-3)]
    duration = 8.123
    out = mix(clips, duration, [(0.0, 8.2, _music(9.0))])
    assert out.shape == (round(duration * SR), 2) and out.dtype == np.float32
    assert np.isfinite(out).all()
    assert abs(integrated_lufs(out, SR) - -14.0) <= 1.0
    assert true_peak_dbtp(out, SR) <= -1.0 + 0.05


def test_voices_only_and_silence():
    out = mix([Clip(0.5, _voice(3.0))], 4.0)
    assert abs(integrated_lufs(out, SR) - -14.0) <= 1.0
    assert true_peak_dbtp(out, SR) <= -0.95
    assert not np.any(mix([], 2.0))
    assert mix([], 0.0).shape == (0, 2)


def test_music_ducks_under_speech():
    out = mix([Clip(3.0, _voice(2.0, f0=100))], 8.0, [(0.0, 8.0, _music(8.0))])
    before = _amp(out, 2000.0, 1.0, 2.5)
    during = _amp(out, 2000.0, 3.5, 4.5)
    after = _amp(out, 2000.0, 6.5, 7.5)
    duck = 20 * np.log10(before / during)
    assert 8.0 < duck < 14.0
    assert abs(20 * np.log10(after / before)) < 1.0  # released again


def test_music_crossfade_between_segments():
    a = _music(5.0, 2000.0)
    b = _music(5.0, 3000.0)
    out = mix([], 8.0, [(0.0, 4.0, a), (4.0, 8.0, b)])
    assert _amp(out, 2000.0, 1, 2) > 10 * _amp(out, 3000.0, 1, 2)
    assert _amp(out, 3000.0, 6, 7) > 10 * _amp(out, 2000.0, 6, 7)
    mid_a, mid_b = _amp(out, 2000.0, 3.95, 4.05), _amp(out, 3000.0, 3.95, 4.05)
    assert mid_a > 0.2 * _amp(out, 2000.0, 1, 2) and mid_b > 0.2 * _amp(out, 3000.0, 6, 7)


def test_write_wav(tmp_path):
    import wave

    p = tmp_path / "x.wav"
    write_wav(p, np.zeros((480, 2), np.float32), SR)
    with wave.open(str(p)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (
            2, 2, SR, 480)
