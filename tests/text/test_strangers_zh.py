"""Chinese attribution: a stranger brought in by a description (一个女人) is the one the
definite forms after it (那老女人, 那人) refer to."""

from manju.text import analyze


def _speakers(text: str) -> list[str | None]:
    return [u.speaker for u in analyze(text, lang="zh").dialogue()]


def test_a_stranger_is_who_the_definite_forms_after_the_introduction_are():
    text = (
        "孙秀英坐在坟前，呆呆的不说话。\n"
        "小路上又来了一个女人，提着一个破篮子，走到对面的坟前，放下了篮子。\n"
        "孙秀英走过去，低声对他说，“不要伤心了。”\n"
        "那人点一点头，也低声的说道，“你看，这是什么呢？”\n"
        "孙秀英看了一回，没有作声。那老女人又走近几步，自言自语的说，“这是怎么一回事呢？”\n"
    )
    res = analyze(text, lang="zh")
    woman = res.character("女人")
    assert woman is not None and woman.gender == "female"
    assert "那老女人" in woman.aliases
    assert [u.speaker for u in res.dialogue()] == ["孙秀英", "女人", "女人"]


def test_a_generic_noun_before_the_stranger_comes_is_nobody_of_theirs():
    text = (
        "赵大成的女人在灶下烧火。\n"
        "“饭好了么？”赵大成问。\n“快了。”孙秀英说。\n"
        "门外来了一个女人，站在门口不走。\n“讨碗水喝。”\n"
        "那女人喝了水，又说，“多谢。”\n"
    )
    res = analyze(text, lang="zh")
    woman = res.character("女人")
    assert woman is not None
    assert "赵大成的女人" not in woman.aliases
    assert [u.speaker for u in res.dialogue()][2:] == ["女人", "女人"]


def test_a_stranger_the_narration_names_is_that_character():
    text = (
        "“谁呀？”孙秀英问。\n"
        "门外站着一个满身寒气的男人，是她的大哥赵大成。\n"
        "“是我。”\n“快进来。”孙秀英说。\n“娘呢？”赵大成问。\n"
        "孙秀英还没答，耕柱子恰恰从堂屋里走到，是一个很精神的少年。\n"
        "“先生，是做干粮罢？”他问。\n“对。”耕柱子说。\n"
    )
    res = analyze(text, lang="zh")
    assert res.character("满身寒气的男人") is None
    assert res.character("很精神的少年") is None
    assert res.character("耕柱子").gender == "male"  # the head noun tells the sex
    assert [u.speaker for u in res.dialogue()][1:3] == ["赵大成", "孙秀英"]


def test_a_stranger_named_right_after_the_introduction_is_that_person():
    text = (
        "门帘一挑，进来一个穿灰布棉袍的老头儿，是常来的刘三爷。\n“老规矩，一壶香片。”刘三爷说。\n"
        "“好嘞。”王掌柜说。\n"
    )
    res = analyze(text, lang="zh")
    assert [c.name for c in res.characters] == ["刘三爷", "王掌柜"]
    assert "穿灰布棉袍的老头" in res.character("刘三爷").aliases


def test_a_stranger_brought_in_by_a_trade_is_who_the_trade_then_names():
    text = (
        "巷子口是孙家的老宅，孙秀英一个人守着。\n"
        "一个挑夫挑着两只箩筐来到门口，放下担子，孙秀英拿着一封信出来。\n"
        "挑夫接过信来看了看，一面问：“孙大姐，这信是寄到哪里的？”\n"
        "“寄给我大哥。”她回头看了看院子，才接着说，“他在城里做工。”\n"
        "“多久没回来了？”他把信放进袋里，他说，“我下午就送到局里去。”\n"
        "“快一年了。”\n"
        "“那是该写封信了。”\n"
        "“可不是。”\n"
        "那挑夫挑起担子往别家去了。\n"
    )
    res = analyze(text, lang="zh")
    postman = res.character("挑夫")
    assert postman is not None and postman.gender == "male"
    assert [u.speaker for u in res.dialogue()] == ["挑夫", "孙秀英", "孙秀英", "挑夫", "挑夫",
                                                   "孙秀英", "挑夫", "孙秀英"]


def test_a_subject_the_cast_does_not_hold_after_that_is_nobody_named_before():
    text = ("我们住进旅馆。日间那白俄来取房钱。我们只有五元钱。那白俄说：\n“你的房钱，给！”\n"
            "我说：“明天给。”\n")
    assert _speakers(text) == [None, "我"]


def test_one_person_opening_a_clause_who_speaks_is_a_stranger_of_their_own():
    text = ("子平和车夫们走到涧边，看那冰上的路很滑。\n大家商量了半天。一个人道：“等我先走一趟试试。”"
            "遂跳窜跳窜的走过去了。那人回头喊道：“好走，好走！”\n子平道：“那驴子又怎样呢？”\n")
    res = analyze(text, lang="zh")
    said = [u.speaker for u in res.dialogue()]
    assert said[0] is not None and said[0] == said[1] and said[2] == "子平"
    # 一个人也没有: nobody at all
    text = ("老残进了北门，老残对车夫道：“就在这里住下。”\n"
            "老残到府衙门前来看，两旁果真有十二个站笼，一个人也没有，心里诧异道：“难道都是谎话吗？”\n")
    assert _speakers(text) == ["老残", "老残"]


def test_a_trade_that_opens_a_sentence_turning_to_somebody_to_speak_is_a_character():
    text = ("我进了旅馆，谢月英她们还没有起来。我问了几句，就出去了。\n我赶回到旅馆里来。"
            "那茶房却迎了上来，又歪了歪嘴，含着有意的微笑对我说：\n“王先生，今天可修理得很美了。”\n"
            "我被他那么一说，心里又喜又气。\n")
    assert _speakers(text) == ["茶房"]


def test_a_trade_the_narration_sees_speak_is_somebody():
    text = ("老残没法，也只好回了半礼。人瑞道：“不敢当。”又见老妈子说：“黄大老爷请坐。”"
            "人瑞道：“好，好。”\n")
    speakers = _speakers(text)
    assert speakers == ["人瑞", "老妈子", "人瑞"]


def test_a_trade_that_runs_in_to_report_says_the_line():
    text = ("子谨又送了几件首饰。老残道：“多谢。”忽见外面差人飞奔也似的跑来报：“白大人已到。”"
            "子谨慌忙上轿去接。\n")
    speakers = _speakers(text)
    assert speakers == ["老残", "差人"]


def test_a_stranger_brought_in_by_a_longer_look_or_by_one_and_the_head_noun():
    text = ("老残摇着串铃走到一个大门楼前。只见里面出来一个黑胡子老头儿，问道：“你这先生会治伤科么？”"
            "老残说：“懂得点子。”那老头儿进去了，出来说：“请里面坐。”\n"
            "进了大门，行到耳房里，见一老者坐在炕沿上，见了老残，立起来，说：“先生，请坐。”\n")
    speakers = _speakers(text)
    assert speakers[:3] == ["黑胡子老头儿", "老残", "黑胡子老头儿"]
    assert speakers[3] != "老残"


def test_somebody_known_by_what_they_do_and_de_alone():
    # 一个卖馄饨的: the one who sells wontons speaks; what he does after 的 is no part of him
    for walk in ("走过来", "挑着担子走过来"):
        res = analyze(f"梦鹿在街上走着。\n一个卖馄饨的{walk}，对他说：“先生，要吃馄饨么？”\n梦鹿说：“不要。”\n",
                      lang="zh")
        assert [c.name for c in res.characters] == ["梦鹿", "卖馄饨的"]
        assert [u.speaker for u in res.dialogue()] == ["卖馄饨的", "梦鹿"]
    # the one somebody pays is no subject; a word for a person with 过 in it is no act
    res = analyze("梦鹿在街上走着，给了一个卖馄饨的几个钱，说：“拿去吧。”\n", lang="zh")
    assert "卖馄饨的" not in [c.name for c in res.characters]
    from manju.text.minor_zh import determined_descriptions
    from manju.text.tags_zh import SPEECH_VERB

    text = "一个风尘仆仆的过客说：“借光。”"
    assert determined_descriptions(text, bytearray(b"\x01" * len(text)), SPEECH_VERB) == {
        "风尘仆仆的过客": "风尘仆仆的过客"}
