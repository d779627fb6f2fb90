from manju.render.linebreak import NO_END, NO_START, tokens, wrap


def _measure(s):  # every CJK char 1 unit, Latin chars 0.5
    return sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in s)


def test_no_closing_punctuation_starts_a_line():
    text = "我们今天晚上一起去吃饭吧，好不好？我知道一家很好的店。他说：“我不知道。”然后转身离开了。"
    for width in range(3, 20):
        lines = wrap(text, width, _measure)
        assert "".join(lines) == text
        for ln in lines[1:]:
            assert ln[0] not in NO_START, (width, lines)
        for ln in lines[:-1]:
            assert ln[-1] not in NO_END, (width, lines)


def test_latin_words_are_not_split_in_mixed_text():
    text = "这是iPhone的新功能，Face ID很好用。"
    assert "iPhone" in tokens(text)
    for width in range(4, 14):
        joined = " ".join(wrap(text, width, _measure))
        assert "iPh one" not in joined and "Fa ce" not in joined


def test_english_wraps_at_spaces():
    lines = wrap("The road flooded and I had to walk", 8, _measure)
    assert all(_measure(ln) <= 8 for ln in lines)
    assert " ".join(lines) == "The road flooded and I had to walk"
