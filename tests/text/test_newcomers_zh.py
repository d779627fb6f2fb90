"""Chinese attribution: a newcomer the narration introduces by a description says the next line."""

from manju.text import analyze


def test_a_described_newcomer_says_the_line_after_the_introduction():
    text = (
        "“明天还下雨么？”赵大成问。\n“怕是要下。”孙秀英说。\n"
        "这时，一个红衣少女从巷口走了过来，放下担子，擦了擦汗。\n"
        "“大哥，讨碗水喝。”\n“进来罢。”赵大成说。\n"
    )
    res = analyze(text, lang="zh")
    girl = res.character("红衣少女")
    assert girl is not None and girl.gender == "female"
    assert [u.speaker for u in res.dialogue()] == ["赵大成", "孙秀英", "红衣少女", "赵大成"]


def test_a_newcomer_who_does_not_speak_next_is_no_character():
    text = (
        "“明天还下雨么？”赵大成问。\n“怕是要下。”孙秀英说。\n"
        "这时，一个红衣少女从巷口走了过去。赵大成看了一眼，又低下头去。\n"
        "“进来罢。”赵大成说。\n"
    )
    assert analyze(text, lang="zh").character("红衣少女") is None


def test_the_one_met_at_the_end_of_the_narration_speaks_first():
    text = (
        "“饭好了没有？”赵大成问。\n“快了。”孙秀英说。\n"
        "赵大成走到院子里，迎面碰上了孙秀英。\n“你怎么又出来了？”\n“看看你。”赵大成说。\n"
    )
    speakers = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    assert speakers == ["赵大成", "孙秀英", "孙秀英", "赵大成"]
