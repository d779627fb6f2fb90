"""Chinese attribution: who 他/她 in a lead-in is (a verb after the line does not take it from
them), who names themselves, whom a verb takes after 她的, and forms of address after an
interjection."""

import re

from manju.text import analyze
from manju.text.cast import Cast
from manju.text.coref_zh import vocatives


def _speakers(text: str) -> list[str | None]:
    return [u.speaker for u in analyze(text, lang="zh").dialogue()]


def test_a_pronoun_of_the_other_sex_opens_the_speaking_clause():
    text = (
        "“外面冷，快进来。”李婶说。\n“不了，我站站就走。”张老汉说。\n"
        "李婶把张老汉让到炕上，他迟疑了一回，终于坐下了，把烟袋放在桌上，说：\n"
        "“今年的租子，怕是交不齐了。”\n"
    )
    assert _speakers(text)[-1] == "张老汉"


def test_he_in_a_first_person_story_is_the_one_just_addressed():
    text = (
        "我回到村里，第一个去看的是刘大叔。刘大叔是我父亲的朋友。我父亲早已不在了。\n"
        "“周顺在家么？”我问刘大叔。\n“在后院劈柴。”刘大叔说。\n"
        "我走到后院，周顺正弯着腰劈柴。我想起小时候父亲常带我来这里。\n"
        "“啊！周顺哥，——你还认得我么？”我说。\n"
        "他站住了，看了我好一会，才低声叫道：\n“少爷！……”\n"
    )
    assert _speakers(text)[-1] == "周顺"


def test_a_name_after_an_interjection_is_a_form_of_address():
    cast = Cast()
    cid = cast.add("周顺")
    rx = re.compile("周顺")
    assert vocatives("喂，周顺，你过来。", cast, rx, []) == [cid]
    assert vocatives("周顺哥，你过来。", cast, rx, []) == []
    assert vocatives("周顺哥，你过来。", cast, rx, [], titled=True) == [cid]


def test_a_name_and_the_verb_after_it_is_no_new_name():
    text = (
        "“外面冷，快进来。”李婶说。\n“不了，我站站就走。”张老汉说。\n"
        "李婶忙着让座，他迟疑了一回，终于坐下了，说：\n“今年的租子，怕是交不齐了。”\n"
    )
    names = {c.name for c in analyze(text, lang="zh").characters}
    assert names == {"李婶", "张老汉"}


def test_a_lead_in_closing_a_paragraph_with_a_quote_leads_the_next_one():
    text = (
        "“李二来过么？”张大成问。\n“来过，又走了。”王婶说。\n"
        "“你回来了？”王婶问，一面擦着桌子。张大成没有答话，把担子放下，看了看门外的李二，慢慢地说：\n"
        "“米又涨价了。”\n"
    )
    assert _speakers(text) == ["张大成", "王婶", "王婶", "张大成"]




def test_the_paragraph_after_a_bare_first_line_says_who_said_it():
    text = (
        "“这雨怕是停不了了。”\n张掌柜端起茶碗，说着，朝门外望了一眼。\n"
        "“停不了就住一夜。”李德顺说。\n“住一夜也好。”张掌柜说。\n"
    )
    assert _speakers(text)[0] == "张掌柜"


def test_a_pronoun_the_name_acts_on_gives_it_no_sex():
    # 她 is whom 林雨 smiles at, so the 她 opening the next clause is that other person too
    text = "林雨和陈芳坐在湖边。林雨对她笑了一笑，她红了脸，低下头去。\n林雨说：“天凉了。”"
    assert {c.name: c.gender for c in analyze(text, lang="zh").characters}["林雨"] != "female"


def test_a_pronoun_of_the_names_own_sentence_or_with_ye_gives_it_no_sex():
    # 她 of 她的目光同林雨的目光碰在一起 is somebody else; so is 她也 after 林雨's own act
    text = ("湖边很静。她的目光同林雨的目光碰在一起。她红了脸。林雨站起来走了，她也慢慢地跟了来。\n"
            "林雨说：“天凉了。”")
    assert {c.name: c.gender for c in analyze(text, lang="zh").characters}["林雨"] != "female"


def test_who_owns_the_face_in_a_tag_speaks_not_the_face():
    from manju.text.referents_zh import first_ref

    text = "刘太太的胖脸涨得通红："
    ref_at = {0: (3, 0), 4: (6, 1)}  # 刘太太, and 胖脸 as if it were somebody
    narr = bytearray(b"\x01" * len(text))
    assert first_ref(text, 0, len(text), ref_at, narr, strict=False) == ("cid", 0, 0)
    assert first_ref("刘太太的妈妈说：", 0, 8, {0: (3, 0), 4: (6, 1)}, narr, strict=False) == ("cid", 1, 4)


def test_the_one_of_my_house_in_a_tag_speaks_not_i():
    from manju.text.referents_zh import first_ref

    text = "我家的有二伯说："
    narr = bytearray(b"\x01" * len(text))
    assert first_ref(text, 0, len(text), {0: (1, 0), 3: (6, 1)}, narr, strict=True) == ("cid", 1, 3)


def test_the_one_a_lead_in_turns_to_through_a_description_is_spoken_to():
    text = ("我在旅馆里住了三天。我每天出去找她，我总找不着。\n我和茶房说好了，明天一早动身。\n"
            "第二天我跑上扶梯，房门还关着，很急促的对拿钥匙来开门的茶房问了一声：“她回来了没有？”"
            "茶房很悠徐的回答说：“还没有回来。”\n")
    assert [u.speaker for u in analyze(text, lang="zh").dialogue()] == ["我", "茶房"]


def test_a_crowd_that_cries_right_after_a_line_said_it():
    text = ("王老五走进院子。王老五说：“开饭了。”\n“好！”孩子们都欢呼起来。\n王老五道：“慢点吃。”\n")
    assert [u.speaker for u in analyze(text, lang="zh").dialogue()] == ["王老五", None, "王老五"]


def test_the_one_a_pronoun_owns_through_that_and_a_description_speaks():
    from manju.text.referents_zh import first_ref

    text = ("文朴回到家里，他娘在厨下烧饭。他娘看着他说：\n“回来了？”\n“好饭。”文朴说。\n"
            "从厨下刚走出客堂里来的他那年老的娘，却忽而大声地警告他说：\n“慢慢吃。”\n")
    assert [u.speaker for u in analyze(text, lang="zh").dialogue()] == ["娘", "文朴", "娘"]
    # 这才 is no description: he speaks to 王二
    narr = bytearray(b"\x01" * 8)
    assert first_ref("他这才对王二说：", 0, 8, {0: (1, -1), 4: (6, 0)}, narr, strict=False) == ("pron", "male", 0)


def test_the_last_subject_is_not_the_owner_before_de():
    from manju.text.referents_zh import last_subject

    # 秋生的师傅王老板听了: 王老板 is the subject, not 秋生
    text = "秋生的师傅王老板听了这话，眉开眼笑。"
    narr = bytearray(b"\x01" * len(text))
    assert last_subject(text, 0, len(text), {0: (2, 0), 5: (8, 1)}, narr) == ("cid", 1, 5)
    # 秋生的这一顿饭，……: what 秋生 owns does the clause; nobody named is its subject
    text = "秋生的这一顿饭，吃得不从容。"
    narr = bytearray(b"\x01" * len(text))
    assert last_subject(text, 0, len(text), {0: (2, 0)}, narr) is None


def test_a_paragraphs_opening_pronoun_goes_on_past_whom_he_only_sees():
    # 他看到了李先生在门外叩门: 李先生 only comes into what 他 sees; the 他 that opens the
    # paragraph, 张三, runs to the tag
    text = ("张三走到院子里。李先生说：“早。”张三说：“早。”\n"
            "张三回到屋里，坐下想了一想。要是被人捉去而不敢杀，来历一定大得很！不，他还得去巴结人家。\n"
            "他时时的到门外来立着。他看到了李先生在门外叩门，他的舌头伸出来。他飞跑进去：“来了！”\n"
            "“谁？”王太太问。\n")
    assert _speakers(text)[2] == "张三"


def test_a_name_in_what_somebody_thinks_is_no_subject_of_his_line():
    # 他想，李先生的来历一定大得很: 李先生 is in 张三's thought, not the one who goes on
    text = ("张三走到院子里。李先生说：“早。”张三说：“早。”\n"
            "张三赶紧笑了笑。他想，李先生的来历一定大得很！\n"
            "他飞跑进去：“来了！”\n"
            "“谁？”王太太问。\n")
    assert _speakers(text)[2] == "张三"


def test_a_hero_the_narration_never_names_speaks_as_he():
    # 沉沦-style: 他 opens every sentence, a farmer is named twice; 他说 is the hero's, and so
    # is the line he answers the farmer with
    walk = "".join(f"他走到第{i}座桥边，看了一会河水。" for i in range(1, 46))
    text = (walk + "\n他走进园子，遇见一个农夫。那农夫同他擦过的时候，忽然对他说：\n“你早啊！”\n"
            "他倒惊了一跳，他心里想：\n“难道这农夫也知道了么？”\n")
    said = _speakers(text)
    assert said[1] == "他" and said[0] != "他"


def test_a_hero_named_now_and_then_keeps_his_name():
    # (李明 named ten times to fifty-odd 他: he is named, not the 他 of a nameless story)
    walk = "".join(f"{'李明' if i % 6 == 0 else '他'}走到第{i}座桥边，看了一会河水。" for i in range(1, 61))
    text = ("李明是个学生。李明笑道：“好。”\n" + walk + "\n他走进园子，遇见一个农夫。那农夫同他擦过的时候，"
            "忽然对他说：\n“你早啊！”\n他倒惊了一跳，他心里想：\n“难道这农夫也知道了么？”\n")
    assert _speakers(text)[2] == "李明"


def test_a_pronoun_tag_after_his_own_line_goes_to_the_other_man_its_paragraph_names():
    # 张三 has just spoken; the paragraph only names 李四 and 张三 as what 他 hears and sees:
    # 他 answers, so he is 李四
    text = ("李四走进屋来，他坐下了。李四说：“早。”\n“你来了。”张三说。\n"
            "听见了李四的话，又看了张三一眼，他笑道：“来了。”\n")
    assert _speakers(text)[2] == "李四"


def test_a_pronoun_tag_after_what_the_speaker_does_again_is_his():
    # 又举起了头，……他才笑着问说: 吴一粟, who just spoke, goes on
    text = ("吴一粟走进屋来，他坐下了。吴一粟说：“早。”\n郑去非走过来，他笑了。“你来了。”郑去非说。\n"
            "吴一粟低声的回答说：\n“理想，各人总有一个的。”\n"
            "又举起了头，把眼睛开闭了几次，迟疑了一会，他才羞缩地笑着问说：\n“你的理想呢？”\n")
    assert _speakers(text)[3] == "吴一粟"


def test_a_web_line_saying_he_keeps_silent_is_no_beat_before_his_words():
    # 他没言语。/ “……”: a line that says he kept silent is no beat before words of his own
    text = ("虎妞走过来，她笑了。虎妞说：“你来了。”\n祥子走过去，他坐下了。祥子说：“嗯。”\n"
            "“你没主意呀？”虎妞问。\n他没言语。\n“赶到二十七呀，你得来一趟。”\n")
    last = analyze(text, lang="zh").dialogue()[-1]
    assert last.method != "context"


def test_a_pronoun_lead_in_keeps_its_line_from_a_verb_after_it():
    # 他很和蔼地对林喜说：“……”林喜不晓得要怎样回答: the verb after the line is what happens
    # next, and 我是赵文斌 names the one who says it, no other person
    text = ("赵文斌走到门口。林喜开了门。林喜没回答她，直到门边，要把门掩上。赵文斌已进一步踏入门里。"
            "他很和蔼地对林喜说：“我是赵文斌，是你哥哥的老同学。”林喜不晓得要怎样回答。\n")
    said = [(u.speaker, u.method) for u in analyze(text, lang="zh").dialogue()]
    assert said == [("赵文斌", "pronoun")]


def test_a_surname_of_two_before_the_given_name_still_names_the_speaker():
    # 我是东野文斌: the given name the cast knows, after a surname of two characters
    text = ("文斌走到门口。林喜开了门。文斌已进一步踏入门里。\n"
            "他很和蔼地对林喜说：“我是东野文斌，是你哥哥的老同学。”\n林喜不晓得要怎样回答。\n")
    assert _speakers(text) == ["文斌"]


def test_whom_a_verb_takes_after_her_de_is_no_subject():
    # 一开口就大声骂她的父亲说: her father is scolded, 李文卿 speaks
    text = ("李文卿是个胖子。郑秀岳坐在车上，她的父亲坐在后面的一乘。\n"
            "李文卿上楼来看见了她，一开口就大声骂她的父亲说：\n“你这老东西！”\n吃过中饭之后，他们去落湖。\n")
    assert _speakers(text) == ["李文卿"]
