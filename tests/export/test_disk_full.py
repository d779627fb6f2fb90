"""A full disk while encoding or mixing is one clear error, and no half-written files remain.

A full disk is imitated with a file-size limit (RLIMIT_FSIZE) in a subprocess: writes past it
fail with EFBIG, as they fail with ENOSPC on a full disk.
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from manju.audio.wav import parse_wav, write_wav
from manju.errors import DiskError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")

LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
exec(sys.argv[2])
"""


def run_limited(limit: int, code: str, *args: str, cwd: Path | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MANJU_")}
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), code, *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if ".tmp" in p.name or ".partial" in p.name]


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if "Fontconfig" not in ln]


ENCODE = """
import numpy as np
from pathlib import Path
from manju.errors import DiskError
from manju.export.video import encode_segment
rng = np.random.default_rng(0)
frames = [rng.integers(0, 255, (96, 64, 4), dtype=np.uint8) for _ in range(24)]
try:
    encode_segment(frames, Path(sys.argv[3]), 64, 96, 6)
except DiskError as e:
    print(e)
"""


def test_encode_segment_on_a_full_disk(tmp_path):
    target = tmp_path / "seg.mp4"
    r = run_limited(8000, ENCODE, str(target))
    assert r.returncode == 0, r.stderr
    assert f"cannot write {target}: the disk is full" in r.stdout
    assert list(tmp_path.iterdir()) == []


WAV = """
import numpy as np
from pathlib import Path
from manju.audio.wav import write_wav
from manju.errors import DiskError
try:
    write_wav(Path(sys.argv[3]), np.zeros((48000, 2), np.float32), 48000)
except DiskError as e:
    print(e)
"""


def test_write_wav_on_a_full_disk(tmp_path):
    target = tmp_path / "mix.wav"
    r = run_limited(4000, WAV, str(target))
    assert r.returncode == 0, r.stderr
    assert f"cannot write {target}: the disk is full" in r.stdout
    assert list(tmp_path.iterdir()) == []


def test_write_wav_round_trip(tmp_path):
    x = np.sin(np.linspace(0, 40, 2400)).astype(np.float32) * 0.5
    p = write_wav(tmp_path / "tone.wav", x, 24000)
    y, sr = parse_wav(p.read_bytes())
    assert sr == 24000 and np.allclose(y, x, atol=1e-4)
    assert [q.name for q in tmp_path.iterdir()] == ["tone.wav"]


@pytest.mark.parametrize("exc", [
    OSError("4108800 requested and 105440 written"),
    ValueError("4108800 requested and 105440 written"),
    OSError(28, "No space left on device"),
    OSError(27, "File too large"),
])
def test_short_writes_are_disk_errors(exc):
    err = DiskError.from_write("out/.cache/music/x.npy", exc)
    assert isinstance(err, DiskError)
    assert str(err).startswith("cannot write out/.cache/music/x.npy: the disk is full")


def test_other_failures_are_not_disk_errors():
    assert DiskError.from_write("a.mp4", FileNotFoundError(2, "No such file")) is None
    assert DiskError.from_write("a.mp4", ValueError("bad frame shape")) is None
    assert "not writable" in str(DiskError.from_write("a.mp4", PermissionError(13, "denied")))


MAKE = """
from manju.cli.main import main
raise SystemExit(main(sys.argv[3:]))
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A finished tiny project (its cache of voices and shots kept for the runs below)."""
    d = tmp_path_factory.mktemp("disk")
    story = d / "story.txt"
    story.write_text('"You are late," said Elias.\n\n"The road flooded," Mara replied.\n',
                     encoding="utf-8")
    args = ["make", str(story), "--out", str(d / "out"), "--size", "216x384", "--fps", "6",
            "--no-music", "--no-sfx", "--workers", "1", "--quiet"]
    r = subprocess.run([sys.executable, "-m", "manju.cli.main", *args], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return d / "out", args


def _assert_disk_full(r, out: Path, needle: str) -> None:
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = error_lines(r.stderr)
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("manju: error: cannot write") and needle in lines[0], lines[0]
    assert "the disk is full" in lines[0]
    assert leftovers(out) == []
    assert not (out / "video.mp4").exists()


def test_full_disk_while_muxing(made):
    out, args = made
    video = out / "video.mp4"
    size = video.stat().st_size
    video.unlink()
    r = run_limited(size // 2, MAKE, *args)
    _assert_disk_full(r, out, str(video))


def test_full_disk_while_encoding_shots(made):
    out, args = made
    shots = sorted((out / ".cache" / "shots").glob("*.mp4"))
    smallest = min(p.stat().st_size for p in shots)
    small_files = max(p.stat().st_size for p in out.glob("project.json*"))
    if not small_files < smallest // 2:
        pytest.skip("the shots are too small to tell apart from the project file")
    for p in (out / ".cache" / "shots").iterdir():
        p.unlink()
    (out / "video.mp4").unlink(missing_ok=True)
    r = run_limited(smallest // 2, MAKE, *args)
    _assert_disk_full(r, out, str(out / ".cache" / "shots"))
