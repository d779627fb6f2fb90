"""Chinese speaker attribution on hand-annotated passages (修仙, 都市, 宫廷)."""

from manju.text import analyze

from .zh_samples import SAMPLES


def _accuracy():
    total = correct = 0
    for _name, text, gold in SAMPLES:
        result = analyze(text)
        assert result.lang == "zh"
        dialogue = result.dialogue()
        assert len(dialogue) == len(gold)
        for u, g in zip(dialogue, gold, strict=True):
            c = result.character(u.speaker) if u.speaker else None
            total += 1
            correct += bool(c and (c.name == g or g in c.aliases))
    return correct / total


def test_chinese_samples_accuracy():
    assert _accuracy() >= 0.9


def test_aliases_titles_and_kinship():
    result = analyze(SAMPLES[1][1])
    su = result.character("苏念")
    assert su is not None
    assert "苏总监" in su.aliases and "念姐" in su.aliases
    assert su.gender == "female"
    lin = result.character("林晚")
    assert lin is not None and "晚晚" in lin.aliases


def test_vocative_is_addressee_not_speaker():
    text = "林晚看着苏念，说：“念姐，你来了。”\n苏念点点头：“嗯。”\n"
    d = analyze(text).dialogue()
    assert d[0].speaker == "林晚"
    assert d[0].addressee == "苏念"
    assert d[1].speaker == "苏念"


def test_corner_quotes_and_emotion():
    text = "「你给我滚！」云霄怒道。\n林清雪低声道：「师兄……」\n"
    d = analyze(text).dialogue()
    assert [u.text for u in d] == ["你给我滚！", "师兄……"]
    assert d[0].speaker == "云霄" and d[0].emotion == "angry"
    assert d[1].speaker == "林清雪" and d[1].emotion == "whisper"


def test_description_found():
    result = analyze(SAMPLES[0][1])
    lin = result.character("林清雪")
    assert lin is not None and "长发" in lin.description
