"""Chinese attribution: who keeps silent does not say the next line; the one who spoke goes on."""

from manju.text import analyze


def _speakers(text: str) -> list[str | None]:
    return [u.speaker for u in analyze(text, lang="zh").dialogue()]


def test_after_the_other_keeps_silent_the_speaker_goes_on():
    text = (
        "晚饭后，赵大成坐在门口抽烟，孙秀英在灯下缝衣裳。\n"
        "“明天的集，你去不去？”孙秀英说。\n"
        "赵大成没有作声。\n"
        "“你倒是说句话呀。”\n"
        "“去就去罢。”赵大成慢慢地说。\n"
    )
    assert _speakers(text) == ["孙秀英", "孙秀英", "赵大成"]


def test_a_line_everybody_else_is_barred_from_is_the_previous_speakers():
    text = (
        "赵大成和孙秀英站在桥头。\n“回去罢。”赵大成说。\n"
        "“赵大成，你先走。”孙秀英说。\n“赵大成，我说你先走。”\n"
    )
    assert _speakers(text)[-1] == "孙秀英"
