"""Chinese attribution: a negated speech verb after a quote (他不回答) is no tag; a 他说 of a
new turn after his own line is the other man."""

from manju.text import analyze


def test_who_did_not_answer_is_not_the_speaker_of_the_line_before():
    text = (
        "赵大成一进门，屋里的人便都看着他笑，有的叫道，“赵大成，你又来了！”"
        "他不回答，对柜里说，“温一碗酒。”\n"
        "“好。”掌柜说。\n"
    )
    speakers = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    assert speakers[:2] == [None, "赵大成"]


def test_a_pronoun_tag_after_his_own_line_is_the_other_man():
    from manju.text import dialogue

    text = (
        "赵大成坐在茶馆里，他在看报。孙立德走进来，他要了一壶茶。\n"
        "“今年的收成怎样？”赵大成问。\n“不好说。”孙立德说。\n"
        "“怕是要涨价。”赵大成说。\n“涨就涨罢。”他说。\n"
    )
    dialogue.RANK[0] = False  # the rules alone, without the ranker's revision
    try:
        speakers = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    finally:
        dialogue.RANK[0] = True
    assert speakers == ["赵大成", "孙立德", "赵大成", "孙立德"]
