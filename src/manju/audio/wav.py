"""WAV files: reading WAV bytes (PCM 8/16/24/32-bit or float, mono or multichannel) into
float32 mono, and writing 16-bit PCM files atomically."""

from __future__ import annotations

import io
import os
import struct
import tempfile
import wave
from os import PathLike
from pathlib import Path

import numpy as np

from manju.errors import DiskError


def wav_bytes(samples: np.ndarray, sr: int) -> bytes:
    """(n,) or (n, ch) float samples in [-1, 1] as the bytes of a 16-bit PCM WAV file."""
    x = np.asarray(samples, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    pcm = np.round(np.clip(np.nan_to_num(x), -1.0, 1.0) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(pcm.shape[1])
        w.setsampwidth(2)
        w.setframerate(int(sr))
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def write_wav(path: str | PathLike[str], samples: np.ndarray, sr: int) -> Path:
    """Write samples as a 16-bit PCM WAV file at ``path``, whole or not at all.

    The file is written under a unique temporary name beside ``path`` and moved into place;
    on failure the temporary file is removed, and a failed write (disk full, file-size limit,
    no permission) raises :class:`DiskError` naming ``path``."""
    path = Path(path)
    data = wav_bytes(samples, sr)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}",
                                    dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass  # the original failure is the one to report
        err = DiskError.from_write(path, exc)
        if err is None:
            raise
        raise err from exc
    return path


def parse_wav(data: bytes) -> tuple[np.ndarray, int]:
    """Decode WAV bytes to mono float32 samples and their rate. Streamed files whose size fields
    are bogus (0, 0xFFFFFFFF or past the end, as espeak-ng writes to a pipe) are read to the end.
    Raises ValueError saying what is wrong."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not WAV audio")
    pos, fmt, ch, rate, bits = 12, 1, 1, 24000, 16
    while pos + 8 <= len(data):
        cid = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = pos + 8
        if cid == b"fmt ":
            fmt, ch, rate = struct.unpack("<HHI", data[body:body + 8])
            bits = struct.unpack("<H", data[body + 14:body + 16])[0]
            if fmt == 0xFFFE and size >= 26:  # WAVE_FORMAT_EXTENSIBLE: real tag in SubFormat
                fmt = struct.unpack("<H", data[body + 24:body + 26])[0]
        elif cid == b"data":
            end = len(data) if size in (0, 0xFFFFFFFF) or body + size > len(data) else body + size
            return _samples(data[body:end], fmt, bits, ch), int(rate)
        pos = body + size + (size & 1)
    raise ValueError("WAV has no audio data")


def _samples(raw: bytes, fmt: int, bits: int, ch: int) -> np.ndarray:
    width = bits // 8
    if width == 0 or ch == 0:
        raise ValueError("WAV format chunk is broken")
    raw = raw[: len(raw) - len(raw) % (width * ch)]
    if fmt == 3 and bits == 32:
        x = np.frombuffer(raw, "<f4").astype(np.float32)
    elif fmt == 3 and bits == 64:
        x = np.frombuffer(raw, "<f8").astype(np.float32)
    elif fmt == 1 and bits == 16:
        x = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    elif fmt == 1 and bits == 32:
        x = np.frombuffer(raw, "<i4").astype(np.float32) / 2147483648.0
    elif fmt == 1 and bits == 8:
        x = (np.frombuffer(raw, "u1").astype(np.float32) - 128.0) / 128.0
    elif fmt == 1 and bits == 24:
        b = np.frombuffer(raw, "u1").reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        x = (np.where(v >= 1 << 23, v - (1 << 24), v) / float(1 << 23)).astype(np.float32)
    else:
        raise ValueError(f"unsupported WAV encoding (format {fmt}, {bits} bit)")
    if ch > 1:
        x = x.reshape(-1, ch).mean(axis=1)
    return x.astype(np.float32)


def speech_samples(data: bytes, rate: int) -> tuple[np.ndarray, int]:
    """A speech service's audio answer: WAV bytes (their own rate) or raw little-endian 16-bit
    mono PCM at ``rate``, as float32 samples in [-1, 1] and their rate. Raises ValueError
    saying what is wrong (a broken WAV header, no samples)."""
    if data[:4] == b"RIFF":
        x, rate = parse_wav(data)
    else:
        raw = data[: len(data) - len(data) % 2]
        x = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    if x.size == 0:
        raise ValueError("it holds no audio")
    return np.clip(np.nan_to_num(x), -1.0, 1.0).astype(np.float32), rate

