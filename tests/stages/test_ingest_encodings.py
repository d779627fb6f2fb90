"""Legacy and BOM-less encodings of English stories, and binary files that must stay refused."""

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from manju.errors import InputError
from manju.stages.ingest import decode, ingest

STORY = (
    "Chapter 1\n\n"
    "\u201cWhere is \u00c9lodie?\u201d asked Jos\u00e9. Zo\u00eb shrugged.\n\n"
    "\u201cShe went to the caf\u00e9 with Bj\u00f6rn,\u201d said Chlo\u00e9. \u201cIt\u2019s late.\u201d\n\n"
    "H\u00e9l\u00e8ne and Agn\u00e8s met I\u00f1igo at the ch\u00e2teau; voil\u00e0, a cr\u00e8me "
    "br\u00fbl\u00e9e for Se\u00f1or N\u00fa\u00f1ez.\n"
)
# Latin-1 has no curly quotes, so its story uses straight ones.
STRAIGHT = STORY.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")


@pytest.mark.parametrize("enc,text", [
    ("cp1252", STORY),
    ("latin-1", STRAIGHT),
    ("utf-16-le", STORY),
    ("utf-16-be", STORY),
])
def test_english_story_in_legacy_or_bomless_encodings(tmp_path, enc, text):
    p = tmp_path / "story.txt"
    p.write_bytes(text.encode(enc))
    decoded, _ = decode(p.read_bytes(), str(p))
    assert decoded == text
    src = ingest(p)
    assert src.lang == "en"
    assert "\u00c9lodie" in src.chapters[0].text


def test_bomless_utf16_encodings_are_named():
    assert decode(STORY.encode("utf-16-le"))[1] == "utf-16-le"
    assert decode(STORY.encode("utf-16-be"))[1] == "utf-16-be"


def test_bomless_utf16_chinese():
    text = "第一章 雨夜\n\n“你怎么还没走？”苏念问。林晚摇摇头，说她在等人。\n"
    assert decode(text.encode("utf-16-le")) == (text, "utf-16-le")


def test_utf8_still_wins_for_utf8_bytes():
    assert decode(STORY.encode("utf-8")) == (STORY, "utf-8")


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes((x * 7 + y * 13) % 256 for x in range(width * 3))
                    for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("story.txt", STORY * 20)
    return buf.getvalue()


@pytest.mark.parametrize("make", [
    lambda: _png(1, 1),
    lambda: _png(64, 64),
    _zip,
    lambda: Path(sys.executable).resolve().read_bytes()[:200_000],
], ids=["png-tiny", "png", "zip", "elf"])
def test_binary_files_still_refused(tmp_path, make):
    p = tmp_path / "story.txt"
    p.write_bytes(make())
    with pytest.raises(InputError, match="looks like a binary file"):
        ingest(p)


def test_utf8_cut_inside_a_character_keeps_the_story(tmp_path):
    from manju.stages.ingest import decode

    data = ("“你回去吧。”小南说。" * 20).encode("utf-8")
    text, enc = decode(data[:-1], "cut.txt")  # head -c: the last character is cut in half
    assert enc == "utf-8" and text == ("“你回去吧。”小南说。" * 20)[:-1]


def test_utf8_with_a_damaged_byte_is_read_and_says_so():
    from manju.stages.ingest import decode

    data = bytearray(("王孙笑着向她道：“你只管放心。”" * 40).encode("utf-8"))
    data[100] = 0xFF
    text, enc = decode(bytes(data), "damaged.txt")
    assert "1 damaged place replaced" in enc and "\ufffd" in text
    assert text.count("你只管放心") >= 39


def test_a_latin1_story_with_one_accent_is_not_read_as_damaged_utf8():
    from manju.stages.ingest import decode

    text, enc = decode("The café was closed. " .encode("latin-1") * 3, "latin.txt")
    assert "café" in text and "damaged" not in enc
