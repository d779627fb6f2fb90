"""Descriptions that stand for a named person (老汉, 后生, 女人) and what people call somebody."""

from manju.text import analyze


def test_the_old_man_who_finally_looks_up_is_the_one_old_man_of_the_scene():
    text = ("钱老汉和孙子钱小宝坐在门口。\n钱老汉抽着烟，小宝在地上画画。\n"
            "小宝抬起头来，说：“爷爷，你走了那么远的路，就为了这个？”\n"
            "小宝等了半天。\n“就为了这个。”老人终于抬起头来。\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == [res.character("小宝").name, "钱老汉"]


def test_the_woman_of_a_scene_with_one_woman():
    text = ("周长河蹲在门槛上吃饭，媳妇王秀梅抱着孩子坐在炕沿上。\n长河放下碗，长河说：“我明天去县里。”\n"
            "秀梅把孩子放下，长河看着她。\n“去县里做啥？”女人小声问。\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()][-1] == res.character("秀梅").name


def test_what_the_village_calls_somebody_is_their_alias():
    text = ("孙满仓今年六十了，村里人都叫他孙老汉。\n孙老汉每天天不亮就下地。\n"
            "老汉扛着锄头出了门。\n“爹，吃了饭再走。”儿子在后面喊。\n")
    res = analyze(text, lang="zh")
    man = res.character("孙满仓")
    assert man is not None and {"孙老汉", "老汉"} <= set(man.aliases)


def test_a_kin_word_written_once_before_a_name_means_that_person_later():
    text = ("孙德旺蹲在门口抽烟，儿子孙小河在院子里劈柴。\n儿媳妇王秀英在灶前做饭，秀英往灶里添了把柴。\n"
            "“爹，我想去县里做工。”小河说。\n秀英看了看公公。\n“去县里做啥？”德旺放下碗，看着儿子。\n"
            "“做泥瓦匠，一天一块钱。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()][-1] == res.character("小河").name


def test_a_description_after_that_is_the_one_person_it_fits():
    text = ("王守仁是个六十岁的人了，人都叫他老王。他带着女儿王小梅坐在灯下。\n"
            "小梅说：“妈妈一定是在我们睡熟时候来的。”\n"
            "那老人家抚着这幼女的背说：“是的。你妈妈常夸奖你。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == [res.character("小梅").name, "王守仁"]
