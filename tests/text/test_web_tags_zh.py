"""Names written once, tags on a line of their own, and what a younger sibling calls the elder."""

from manju.text import analyze
from manju.text.quotes import split_paragraphs


def test_a_full_name_written_once_after_a_role_the_lists_do_not_hold():
    text = ("磨坊里的石碾子又不转了。\n看磨人郑大柱蹲在碾盘边上，一身白面。\n"
            "“大柱，又卡住了？”门外有人问。\n大柱摇摇头，没说话。\n")
    res = analyze(text, lang="zh")
    man = res.character("郑大柱")
    assert man is not None and "大柱" in man.aliases


def test_a_name_written_once_is_found_when_a_quote_calls_its_given_name():
    text = ("傍晚，邮递员冯春生骑着车进了村。\n“春生，有我的信没有？”\n“有，有一封。”\n")
    res = analyze(text, lang="zh")
    assert res.character("冯春生") is not None


def test_a_tag_line_after_the_quote_belongs_to_its_paragraph():
    text = "“今天就说到这儿吧。”\n老周先开了口。\n“行。”\n"
    paras = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paras] == ["“今天就说到这儿吧。”\n老周先开了口。", "“行。”"]
    # an action line stays a paragraph of its own
    text2 = "“今天就说到这儿吧。”\n老周站起来走了。\n"
    assert len(split_paragraphs(text2)) == 2


def test_the_one_called_elder_brother_answers_and_the_exchange_alternates():
    text = ("堂屋里点着一盏油灯。\n大哥马长顺坐在桌子东头，弟弟马长贵坐在西头。\n"
            "“哥，我想进城去。”\n长贵先开了口。\n“进城干啥？”\n“学手艺。”\n“地谁种？”\n")
    res = analyze(text, lang="zh")
    elder, younger = res.character("马长顺").name, res.character("马长贵").name
    assert [u.speaker for u in res.dialogue()] == [younger, elder, younger, elder]


def test_a_pronoun_after_so_or_then_is_the_lead_ins_subject():
    text = ("爷爷坐在门口抽烟，孙女小芳在旁边剥豆子。\n小芳放下豆子，小芳说：“爷爷，我想进城念书。”\n"
            "爷爷没有作声。\n所以她又大声说：\n“爷爷，我想进城念书！”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == [res.character("小芳").name] * 2
    # the lead-in alone: 她 after 所以 is its subject, not an object
    from manju.text.referents_zh import first_ref

    tag = "所以她又大声说："
    assert first_ref(tag, 0, len(tag), {2: (3, -1)}, bytearray(b"\x01" * len(tag)),
                     strict=True) == ("pron", "female", 2)


def test_a_lead_in_line_holding_a_term_in_quote_marks_still_leads_in():
    text = ("掌柜把账本递给了“铁算盘”，又把算盘推过去，嘴里说道：\n“你再算一遍。”\n"
            "铁算盘点点头。\n")
    paras = split_paragraphs(text)
    assert len(paras) == 2
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue() if u.text == "你再算一遍。"] == ["掌柜"]


def test_a_kin_word_alone_calls_the_one_whose_name_ends_with_it():
    from manju.text.cast import Cast
    from manju.text.coref_zh import vocatives

    cast = Cast()
    zhang = cast.add("张婶", gender="female")
    cast.add("王桂香", gender="female")
    assert vocatives("婶子，你快别说了。", cast, None, []) == [zhang]
    cast.add("李婶", gender="female")
    assert vocatives("婶子，你快别说了。", cast, None, []) == []  # two of them: nobody sure


def test_a_numbered_brother_is_not_the_eldest_of_the_story():
    from manju.text.cast import Cast
    from manju.text.coref_zh import vocatives

    cast = Cast()
    eldest = cast.add("马长顺", ["大哥"], gender="male")
    assert vocatives("哥，你回来了。", cast, None, []) == [eldest]
    assert vocatives("二哥，你回来了。", cast, None, []) == []


def test_how_a_line_is_said_is_nobody_who_says_it():
    text = ("赵嫂抱着孩子坐在门口。\n王铁柱走过来。\n“地分好了。”铁柱说。\n赵嫂低下头，\n小声说：\n"
            "“娃，咱家也有地了。”\n")
    res = analyze(text, lang="zh")
    assert res.character("小声") is None


def test_who_gives_their_own_name_says_the_line():
    text = ("船到了河中间。\n老汉撑着篙，吴小平凑到陈卫红跟前。\n“你是新来的知青吧？叫啥名字？”\n"
            "“陈卫红。”\n“卫红？好名字。”\n“你呢？”\n“我叫吴小平，乡里送信的。”\n")
    res = analyze(text, lang="zh")
    said = {u.text: u.speaker for u in res.dialogue()}
    assert said["陈卫红。"] == res.character("陈卫红").name
    assert said["我叫吴小平，乡里送信的。"] == res.character("吴小平").name


def test_a_beat_line_of_his_own_before_his_words_is_his():
    text = ("闰土来了。\n闰土站住了，闰土说：“老爷！”\n我说：“坐罢。”\n我问他的景况。\n他只是摇头。\n"
            "“非常难。收成又坏。”\n我也说不出话来。\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[2].speaker == res.character("闰土").name
    # the beat line names the bare quote's pronoun, and the narrator cannot be its 他
    from manju.text.cast import Cast
    from manju.text.chinese import analyze_chinese
    from manju.text.quotes import find_quotes, split_paragraphs

    paras = split_paragraphs(text)
    quotes = find_quotes(text, paras)
    cast = Cast()
    infos, _mentions, narrator = analyze_chinese(text, paras, quotes, cast)
    assert infos[2].ctx_pronoun == "male" and narrator in infos[2].not_speaker


def test_his_wife_known_by_his_surname_and_a_kin_title_is_not_him():
    text = ("田福海坐在大队部里抽烟。\n立民说：“田叔，这事您得拿主意。”\n田福海说：“再等等。”\n"
            "门帘掀开，田福海的老婆探进头来。\n“开会开会，饭都凉了三回了！”\n“你先回。”\n"
            "田婶又瞪了男人一眼，放下门帘走了。\n田福海说：“明天开会。”\n")
    res = analyze(text, lang="zh")
    wife, man = res.character("田婶"), res.character("田福海")
    assert wife is not None and wife.name != man.name and wife.gender == "female"


def test_he_of_a_line_that_only_sees_somebody_is_the_subject_of_the_line_before():
    text = ("李四爷和张德全是多年的老邻居。张德全说：“请坐。”\n到了张家，李四爷决定不便分外的客气。\n"
            "一见张德全要摆架子，他就交代明白：\n“咱们谁也别摆架子！”")
    assert [u.speaker for u in analyze(text, lang="zh").dialogue()][-1] == "李四爷"


def test_a_lead_in_line_that_only_sees_somebody_goes_on_from_the_line_before():
    text = ("秀芝道：“我躺够了。”\n金太太道：“再躺躺。”\n" + "院子里的海棠开了又谢，谁也没有心思去看。" * 15 + "\n"
            "秀芝在屋里又躺了三天，想静等不是办法，便理了一理头发，换了一件长衣，走到婆婆屋里来。\n"
            "金太太戴上眼镜，拿了一本《心经》，正躺在软榻上念。\n看见秀芝进来，放下书，摘下眼镜，笑道：\n"
            "“秀芝，你好了吗？就多躺一会儿罢。”秀芝道：“好多了。”金太太道：“那就好。”\n")
    # (秀芝 is only seen in the lead-in's line: 金太太, the subject of the line before, speaks)
    assert [u.speaker for u in analyze(text, lang="zh").dialogue()][2] == "金太太"


def test_a_web_lead_in_skips_a_line_whose_subject_never_talks():
    # 哥哥总是哥哥。 is a thought about somebody who never speaks: 他 is 瑞丰 of the line before
    text = ("瑞丰走进院子，他四下看了看。\n矮子道：\n“站住！”\n瑞丰道：\n“老孟，怎么回事？”\n"
            "老孟道：\n“抓人！”\n瑞丰道：\n“抓谁？”\n老孟道：\n“大概是你的哥哥吧！”\n瑞丰动了心。\n"
            "哥哥总是哥哥。\n他往外退了一步，勉强的笑着说：\n“我们哥儿俩分居另过，谁也不管谁的事！”\n")
    assert analyze(text, lang="zh").dialogue()[-1].speaker == "瑞丰"
