import pytest

from manju.errors import InputError
from manju.stages.ingest import decode, ingest, split_chapters

ZH = "第一章 雨夜\n\n“你怎么还没走？”苏念问。林晚摇摇头，说她在等人。\n\n第二章 天亮\n\n第二天早上，办公室里很安静。"


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_simplified_chinese_encodings(tmp_path, enc):
    p = tmp_path / "s.txt"
    p.write_bytes(ZH.encode(enc))
    src = ingest(p)
    assert src.lang == "zh"
    assert [c.title for c in src.chapters] == ["第一章 雨夜", "第二章 天亮"]
    assert "苏念" in src.chapters[0].text


def test_big5(tmp_path):
    text = "第一章\n\n“你怎麼還沒走？”蘇念問。林晚搖搖頭，說她在等人，這個夜晚很長。"
    p = tmp_path / "t.txt"
    p.write_bytes(text.encode("big5"))
    text2, enc = decode(p.read_bytes())
    assert enc == "big5" and "蘇念" in text2


def test_english_chapters_and_markdown_title(tmp_path):
    p = tmp_path / "s.md"
    p.write_text("# The Keeper\n\nChapter 1\n\nIt rained.\n\nChapter 2\n\nIt stopped.\n")
    src = ingest(p)
    assert src.title == "The Keeper"
    assert [c.title for c in src.chapters] == ["Chapter 1", "Chapter 2"]
    assert src.lang == "en"


def test_no_headings_is_one_chapter():
    assert len(split_chapters("Just a line.\nAnother.")) == 1


@pytest.mark.parametrize("content,msg", [
    (b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02binary\x00" * 50, "binary"),
])
def test_unusable_files(tmp_path, content, msg):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=msg):
        ingest(p)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        ingest(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        ingest(tmp_path)


def test_huge_file_refused(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    with pytest.raises(InputError, match="limit"):
        ingest(p, max_bytes=100)


def test_a_classic_novels_chapter_couplet_is_the_title_not_prose():
    from manju.stages.ingest import source_from_text

    src = source_from_text("白眼横施碎花消积恨\u3000憨态可掬授果续前欢\n柳三爷家是有钱的人家，常家一家人都是知道的。"
                           "小南便道：“你回去吧。”\n")
    assert src.title == "白眼横施碎花消积恨\u3000憨态可掬授果续前欢"
    assert src.chapters[0].text.startswith("柳三爷家")
