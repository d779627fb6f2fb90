"""What published fiction does that the written passages did not: poems in the narration,
his father's lines, animals and places with names, crowds."""

from manju.text import analyze


def _speakers(text: str) -> list[str | None]:
    return [d.speaker for d in analyze(text, lang="zh").dialogue()]


def _cast(text: str) -> dict:
    """The characters of ``text`` by name."""
    return {c.name: c for c in analyze(text, lang="zh").characters}


def _narration(text: str) -> bytearray:
    """The narration mask of ``text`` (1 outside quotations), as the name search sees it."""
    from manju.text.narration_zh import narration_mask
    from manju.text.quotes import find_quotes, split_paragraphs

    return narration_mask(text, find_quotes(text, split_paragraphs(text)))


def test_a_poem_in_the_narration_makes_no_first_person_narrator():
    poem = "束发读君诗，今来展君墓。\n清风江上洒然来，我欲因之寄微慕。\n我昔南行曾访之，衡云惨惨通九疑。\n终嫌此老太愤激，我所师者非公谁？\n"
    story = ("黄仲则走到山下，看见一个老农妇。他问道：“那山上有坟墓没有？”老农妇说：“有的。”\n"
             "他又走了半天，他在坟前站了一会，他念起诗来：\n" + poem +
             "他回到客店里，他的朋友洪稚存正在灯下看书。他坐下来，他叹了一口气。\n"
             "“你回来了？”\n“回来了。”\n“累不累？”\n")
    res = analyze(story, lang="zh")
    assert res.character("我") is None
    assert all(u.speaker != "我" for u in res.dialogue())


def test_his_father_says_the_line_not_he():
    text = ("加陵回到家里，他父亲正在屋里喝茶。\n加陵说：“先生给了我半天假。”\n他父亲说：“哦，那好。”\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[1].speaker != res.character("加陵").name


def test_a_name_that_ends_like_a_thing_but_says_lines_is_a_name():
    text = ("加陵回到家里，他父亲婆多瓦底正在屋里嚼槟榔。\n婆多瓦底说：“回来了？”\n加陵说：“回来了。”\n"
            "婆多瓦底说：“吃饭罢。”\n婆多瓦底知道劝不过来，就说：“也好。”\n")
    res = analyze(text, lang="zh")
    father = res.character("婆多瓦底")
    assert father is not None and res.dialogue()[0].speaker == father.name


def test_a_conjunction_before_a_name_is_not_part_of_it():
    text = ("敏明坐在窗前。\n但敏明说：“我不去。”\n敏明又说：“你走罢。”\n敏明笑了。\n")
    res = analyze(text, lang="zh")
    assert res.character("但敏明") is None and res.character("敏明") is not None


def test_the_neighbours_together_are_nobody_named():
    text = ("范进抱着鸡走回家，胡屠户跟在后面。\n众邻居道：“这自然，何消吩咐！”\n"
            "那三个人下了马，一片声叫道：“快请范老爷出来！”\n胡屠户说：“来了。”\n")
    res = analyze(text, lang="zh")
    said = [u.speaker for u in res.dialogue()]
    assert said[0] is None and said[1] is None


def test_the_crowd_he_looks_at_is_not_who_speaks():
    text = ("范进醒过来，坐在庙门口。\n众邻居围着他。\n范进看了众人，说道：“我怎么坐在这里？”\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[0].speaker == res.character("范进").name


def test_the_subject_of_a_time_clause_speaks_when_the_main_clause_has_none():
    from manju.text.referents_zh import first_ref

    text = "最后他拿出一枝纸烟来吸的时候，同时便面朝着二楼上叫了两声："
    ref_at = {2: (3, -1)}
    narr = bytearray(b"\x01" * len(text))
    assert first_ref(text, 0, len(text), ref_at, narr, strict=False) == ("pron", "male", 2)
    assert first_ref(text, 0, 15, ref_at, narr, strict=True) is None


def test_a_description_that_shakes_its_head_and_speaks_is_a_speaker():
    text = ("黄仲则走到山脚下，草舍里走出一个老农妇来。\n仲则问她说：\n“老婆婆，前面的是谢公山不是？”\n"
            "老妇摇摇头说：\n“前面的是龙山。”\n")
    res = analyze(text, lang="zh")
    said = res.dialogue()[1].speaker
    assert said is not None and said != res.character("仲则").name


def test_a_stranger_who_comes_in_and_speaks_in_one_sentence_says_the_line():
    text = ("加陵和敏明坐在树下说话。\n外面早有五六个孩子进来。有一个顽皮的孩子跑到他们跟前说：“早安！”"
            "他又笑着对敏明说：“你哭了？”\n")
    assert _speakers(text)[0] == "顽皮的孩子"


def test_a_name_of_a_kinship_title_opened_by_any_character():
    text = ("有二伯坐在院子里。\n有二伯说：“你这孩子，远点去吧。”\n我不走。\n有二伯说：“下回你往那边去。”\n"
            "于是祖父说：“有二伯，吃饭了。”\n祖父走了。\n")
    res = analyze(text, lang="zh")
    uncle = res.character("有二伯")
    assert uncle is not None and res.dialogue()[0].speaker == uncle.name
    assert res.character("于是祖父") is None


def test_he_who_speaks_in_the_story_says_his_line_not_the_thing_in_his_hand():
    from manju.text.dialogue import QuoteInfo, _talking

    quotes = [QuoteInfo(0, 5, 0, tag_cid=1), QuoteInfo(10, 15, 1, vocatives=[2])]
    assert _talking(quotes) == {1, 2}
    text = ("有二伯坐在门口。\n有二伯说：“你这孩子。”\n有二伯说：“远点去。”\n我跑开了。\n"
            "他手里拿着蝇甩子，蝇甩子赶着苍蝇，蝇甩子的毛掉了。\n他就说：“快走罢。”\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[-1].speaker == res.character("有二伯").name


def test_a_given_name_may_end_in_a_word_that_joins_things():
    text = ("严致和是个监生。\n严致和道：“现今怎样料理？”\n王德道：“这话也说不尽。”\n"
            "严致和道：“老舅说的也是。”\n严致和忙把这话说了。\n")
    res = analyze(text, lang="zh")
    assert res.character("严致和") is not None and res.character("严致") is None or (
        res.character("严致").name == "严致和")
    assert res.dialogue()[0].speaker == "严致和"


def test_she_named_long_ago_is_the_woman_the_story_names_most():
    from manju.text.cast import Cast
    from manju.text.dialogue import Mentions, QuoteInfo, attribute

    cast = Cast()
    sister = cast.add("二妹", gender="female")
    cast.add("王婶", gender="female")
    cast.add("张大海", gender="male")
    cast.chars[sister].mentions = 12
    quotes = [QuoteInfo(100, 110, 1, tag_pronoun="female", tag_pos=90)]
    attribute(quotes, Mentions([], []), cast, [(0, 50), (60, 120)])
    assert quotes[0].speaker == sister


def test_she_answers_the_narrator_in_his_own_paragraph():
    text = ("二妹回来了，二妹坐在床上。\n我问她：“你吃过饭了么？”\n二妹说：“吃过了。”\n"
            "“我是什么人？”我想。她看了我这个样子，以为我也是一个流浪人。脸上就起了一种孤寂的表情，"
            "微微的叹著说：“唉！你也是同我一样的么？”\n")
    res = analyze(text, lang="zh")
    said = {u.text: u.speaker for u in res.dialogue()}
    assert said["唉！你也是同我一样的么？"] == res.character("二妹").name


def test_the_last_subject_before_a_lead_in_may_be_she():
    from manju.text.referents_zh import last_subject

    text = "她看了我这个样子，以为我是流浪人。脸上就起了表情，说："
    ref_at = {0: (1, -1), 3: (4, 0)}
    narr = bytearray(b"\x01" * len(text))
    assert last_subject(text, 0, 18, ref_at, narr) == ("pron", "female", 0)


def test_a_thing_held_and_owned_is_no_character():
    text = ("有二伯坐在门口，手里拿着蝇甩子。\n有二伯说：“你这孩子。”\n他把蝇甩子一抖，说：“远点去吧。”\n"
            "有二伯的蝇甩子掉了毛。\n有二伯说：“介个年头。”\n")
    res = analyze(text, lang="zh")
    assert res.character("蝇甩子") is None
    assert res.dialogue()[1].speaker == res.character("有二伯").name
    from manju.text.things_zh import a_thing

    assert a_thing(text, "蝇甩子", 0, False) and not a_thing(text, "有二伯", 2, True)


def test_two_who_answer_together_are_nobody_named():
    text = ("严致和请了王德、王仁来吃酒。\n严致和道：“二位老舅，这事怎样料理？”\n二位连忙道：“不劳罢！”\n"
            "严致和道：“那就明日再说。”\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[1].speaker is None


def test_two_surnames_side_by_side_and_an_adverb_are_no_names():
    from manju.text.names_zh import is_phrase

    assert is_phrase("仍复") and not is_phrase("卫红")
    text = ("曾季生和邝海如住在一处。\n曾季生说：“走罢。”\n邝海如说：“走。”\n曾邝两人收拾行李。\n"
            "曾邝两人上了船。\n曾季生说：“再会。”\n")
    res = analyze(text, lang="zh")
    assert res.character("曾邝") is None


def test_an_exchange_with_a_woman_told_only_as_she_alternates():
    text = ("二妹搬来已经一个月了。二妹每天早出晚归。\n二妹说：“你回来了？”\n" + "我在窗前坐了一会，我又躺下了。\n" * 25 +
            "我看她的眼圈红了，\n所以就问她说：\n“你在工厂里做的是什么工作？”\n“是包纸烟的。”\n"
            "“一天作几个钟头工？”\n“十个钟头。”\n")
    res = analyze(text, lang="zh")
    said = [u.speaker for u in res.dialogue()]
    sister = res.character("二妹").name
    assert said == [sister, "我", sister, "我", sister]


def test_a_story_that_never_names_its_man_has_him_speak_as_he():
    from manju.text.names_zh import is_phrase

    assert is_phrase("要想") and not is_phrase("来福") and not is_phrase("有才")
    text = ("他的面色立时变了。要想进去又不能进去，要想出来又不得出来。\n他走上楼去。侍女跪在他面前。\n"
            "“你还是上靠海的地方呢？”侍女问。\n他说：“上靠海的房间里去。”\n他又说：“随便拿几样来罢。”\n")
    res = analyze(text, lang="zh")
    said = [u.speaker for u in res.dialogue()]
    assert res.character("要想") is None
    assert said[1] == said[2] == "他"


def test_a_word_of_the_clause_before_a_name_is_not_part_of_it():
    text = ("贾琏回来了。贾琏见了凤姐。\n贾琏笑道：“好。”\n"
            "平儿忙笑道：“奶奶请吃茶。”\n平儿又道：“是谁？”\n凤姐因向平儿道：“去罢。”\n")
    res = analyze(text, lang="zh")
    assert res.character("向平儿") is None
    assert res.character("平儿") is not None


def test_an_adverb_that_opens_with_a_surname_character_opens_no_name():
    from manju.text.names_zh import is_phrase

    assert is_phrase("原来日本") and not is_phrase("欧阳明月") and not is_phrase("王建国")


def test_an_adverb_of_the_dictionary_and_a_name_with_a_preposition_after_it_are_no_names():
    from manju.text.names_zh import is_phrase

    assert is_phrase("通夜")
    text = ("金枝的手从衣裳里抽出来。母亲的手从她的衣襟上拿开。\n母亲说：“该死的！”\n金枝说：“肚子不疼。”\n")
    res = analyze(text, lang="zh")
    assert res.character("手从") is None


def test_a_lead_in_with_nobody_in_it_goes_on_from_the_quote_before():
    text = ("贾蔷进来回话，贾琏在灯下坐着。\n"
            "贾琏道：“自然是这样。”因问：“这一项银子动那一处的？”贾蔷道：“才也议到这里。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["贾琏", "贾琏", "贾蔷"]


def test_the_one_a_lead_in_turns_to_is_spoken_to_not_the_speaker():
    text = ("刘副官站在屋子中间，吴春圃和李南泉都坐着。\n"
            "刘副官笑道：“够交情，够交情。”于是回转脸来向吴春圃笑道：“我们虽是初次见面，很熟了。”"
            "吴春圃看看两席的人，也只好坐了。\n"
            "刘副官道：“我打通关。”说着，把手上那酒杯子举了一举。接着，又指着李南泉道：“由你这里起。”"
            "李南泉只好站了起来。\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["刘副官"] * 4


def test_a_description_that_gives_orders_is_a_speaker():
    text = ("家门开了，瑞丰看见了那个矮子。他楞了一楞。\n"
            "“进来！”矮子命令着。\n瑞丰没敢动。\n“我是来看看老祖父的！”瑞丰笑着说。\n"
            "“进去！”矮子向院子里指。\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["矮子", "瑞丰", "矮子"]


def test_a_lead_in_outweighs_a_saying_verb_of_the_next_sentence():
    text = ("姊弟三人商量了一番。\n敏之拍掌笑道：“原来是这条计。”燕西道：“别嚷别嚷，这事就不好办。”"
            "敏之、道之也不多说，自去了。\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["敏之", "燕西"]


def test_names_in_latin_letters_are_people():
    text = ("阿Q走进店里，掌柜正在柜台后面算账。\n阿Q说：“来两碗酒。”\n掌柜道：“先把钱拿来。”\n"
            "阿Q把钱排在柜上。\nTony推门进来，看了阿Q一眼。\nTony问：“你就是阿Q？”\n“是我。”阿Q说。\n")
    res = analyze(text, lang="zh")
    assert res.character("阿Q") is not None and res.character("Tony") is not None
    assert [u.speaker for u in res.dialogue()] == ["阿Q", "掌柜", "Tony", "阿Q"]


def test_a_name_of_one_character_is_a_person():
    text = ("羿回到家里，天已经黑了。\n羿在门外下了马，使女女辛迎了出来。\n"
            "“太太呢？”羿问。\n“太太出去了。”女辛说。\n羿坐在堂上，羿叹了一口气。\n"
            "羿便说：“拿饭来罢。”\n女辛答应着去了。\n")
    res = analyze(text, lang="zh")
    assert res.character("羿") is not None and res.character("羿忽然") is None
    assert [u.speaker for u in res.dialogue()] == ["羿", "女辛", "羿"]


def test_a_manner_or_a_conjunction_at_a_clause_start_is_nobody():
    text = ("羿下了马，老婆子迎上来。\n羿大声嚷着：“我的鸡呢？”\n老婆子大声说：“你射死了我的鸡！”\n"
            "但因为天晚了，羿没有再说。\n但因为这鸡是黑的，老婆子哭了。\n")
    res = analyze(text, lang="zh")
    assert res.character("大声") is None and res.character("但因为") is None


def test_a_full_name_written_once_and_called_after_an_interjection_is_a_person():
    text = ("我在楼上喝酒，听得楼梯上脚步响，上来的却是吕纬甫。\n"
            "“阿，——纬甫，是你么？我万想不到会在这里遇见你。”\n“阿阿，是你？我也万想不到……”\n"
            "我就邀他同坐。\n“你在太原做什么呢？”我问。\n“教书。”他说。\n")
    res = analyze(text, lang="zh")
    assert res.character("吕纬甫") is not None
    assert [u.speaker for u in res.dialogue()] == ["我", "吕纬甫", "我", "吕纬甫"]


def test_a_line_several_say_at_once_is_nobody_in_particular():
    text = ("阿Q跪在堂上，长衫人物站在两旁，老头子坐在上面。\n“站着说！不要跪！”长衫人物都吆喝说。\n"
            "老头子说：“你从实招来罢。”\n伯夷和叔齐走出门来，两个人同声问道：“您走了？”\n")
    res = analyze(text, lang="zh")
    said = [u.speaker for u in res.dialogue()]
    assert said[0] is None and said[1] == "老头子" and said[2] is None


def test_who_gives_his_name_with_an_epithet_before_it_may_say_it():
    text = ("羿走出门，羿看了看天，羿便上了马。\n羿勒住马，一个老婆子站在路边。\n“你是谁哪？”老婆子问。\n"
            "“我就是夷羿。”他说着，从马上跨下来。\n")
    res = analyze(text, lang="zh")
    assert res.character("老婆子") is not None and res.character("老婆") is None  # no wife here
    assert [u.speaker for u in res.dialogue()] == ["老婆子", "羿"]


def test_a_description_introduced_in_a_clause_with_a_modifier_later_is_a_person():
    text = ("羿走出门，羿看了看天，羿便上了马。\n却已有一个老婆子捧着带箭的大鸽子，大声嚷着：“你是谁哪？”\n"
            "“我是羿。”\n老婆子看见白面的炊饼，倒有些动心了。那老婆子伸出手来。\n“拿来罢！”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["老婆子", "羿", "老婆子"]


def test_the_given_name_with_a_wifes_title_is_his_wife():
    text = ("赵三坐在炕沿上，他抽着烟，二里半走了进来。\n“三哥！你又和三嫂闹嘴吗？”二里半说。\n"
            "赵三笑了笑：“我没和谁闹嘴哩！”\n三嫂从外面进来，她看了赵三一眼。\n她说：“吃饭吧。”\n")
    res = analyze(text, lang="zh")
    zhao, sao = res.character("赵三"), res.character("三嫂")
    assert zhao is not None and sao is not None and zhao.name != sao.name
    assert res.dialogue()[2].speaker == sao.name


def test_who_heard_and_then_spoke_says_the_line():
    text = ("道之坐在床边，金太太坐在椅子上。\n道之道：“他已生气睡了。”金太太听了这话，这才安然坐下，说道："
            "“我并没有说完全不肯。”\n道之道：“还不是那一句话。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["道之", "金太太", "道之"]


def test_a_time_word_before_a_name_is_no_surname():
    text = ("凤姐坐在炕上。一时贾琏的乳母赵嬷嬷走来。说话时贾琏已进来。\n贾琏道：“就为省亲。”\n"
            "凤姐道：“省亲的事竟准了不成？”\n贾琏笑道：“虽不十分准，也有八九分了。”\n"
            "贾琏又道：“老爷叫我去。”\n赵嬷嬷道：“阿弥陀佛！”\n")
    res = analyze(text, lang="zh")
    assert res.character("时贾琏") is None and res.character("贾琏") is not None


def test_a_servant_named_once_after_her_trade_is_a_person():
    text = ("加陵翻身出门，直向敏明家里奔来。\n敏明的家还是住在高加因路。女仆玛弥见他推门进来，忙上前迎他说：“加陵君，许久不见啊！”"
            "她说完这话就速速进里面去。\n敏明含笑对加陵说：“谁教你来的呢？”\n加陵说：“我自己来的。”\n")
    res = analyze(text, lang="zh")
    assert res.character("玛弥") is not None
    assert res.dialogue()[0].speaker == "玛弥"


def test_a_lead_in_whose_sentence_runs_over_lines_goes_on_from_its_subject():
    text = ("鹤荪道：“你让不让我睡？”燕西道：“我不是不让你睡。”鹤荪且不说那许多，将燕西床头边的毯子扯了过来。\n"
            "沙发椅上原有两个鸭绒垫，把它叠在一起，\n便当了枕头，望了燕西一眼，身子往沙发椅上一躺，\n扯了毯子，由下向上一盖，说道：\n"
            "“嘿！舒服。”\n")
    assert _speakers(text)[2] == "鹤荪"


def test_a_name_with_taitai_after_it_is_his_wife():
    text = ("天佑从铺子里回来了。天佑太太正在屋里坐着。\n天佑太太说：“你回来了？”\n天佑说：“回来了。”\n"
            "天佑太太叹了口气：“城又关了。”\n天佑点了点头：“我知道。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["天佑太太", "天佑", "天佑太太", "天佑"]


def test_what_somebody_has_is_nobody():
    text = ("祁老人坐在炕上。“片儿汤？”祁老人的小眼睛睁得不能再大一点。\n常二爷摸了摸他的小眼睛，笑了。\n"
            "“就是片儿汤！”常二爷说。\n")
    res = analyze(text, lang="zh")
    assert res.character("小眼睛") is None


def test_a_named_childs_mother_is_somebody_of_her_own():
    text = ("小顺儿跑进院子里来。常二爷坐在屋里喝茶。\n“怎么？”小顺儿的妈从厨房探出头来问，“又关了城？”\n"
            "“关了！”常二爷说。\n小顺儿的妈叹了口气：“我还忘了买木耳呢！”\n")
    res = analyze(text, lang="zh")
    mother = res.character("小顺儿的妈")
    assert mother is not None and mother.gender == "female"
    said = [u.speaker for u in res.dialogue()]
    assert said[0] == said[1] == said[3] == mother.name and said[2] == "常二爷"


def test_he_of_a_tag_is_the_latest_subject_who_talks_not_the_one_acted_on():
    text = ("刘四爷坐在屋里，祥子站在门口。\n刘四爷说：“进来。”\n祥子说：“四爷，我回来了。”\n"
            "刘四爷正在屋里喝茶呢，见祥子进来，他半恼半笑的说：“你这小子还活着哪？”\n")
    assert _speakers(text)[2] == "刘四爷"


def test_me_as_the_object_of_her_lead_in_is_not_the_speaker():
    text = ("我回到房里，二妹正坐在桌边。二妹说：“有你的信。”\n二妹又说：“是挂号信。”\n我对她说：“我有什么信？不是我的！”\n"
            "她听了我这气愤愤的回答，脸上忽涌出了一种冷笑说：“你自家去看罢！”\n我只好下楼去了。\n")
    assert _speakers(text)[3] == "二妹"


def test_the_one_heard_saying_it_is_the_speaker():
    text = ("李南泉和石太太是邻居，小青是石家的丫头。\n李南泉捏了一把汗，缓缓向石家屋基走去。自己还不曾走到那窗户边，"
            "就听到几下很重的巴掌声。接着就听了石太太骂道：“好一对不要脸的东西。”\n李南泉听到这里，已十分明了。\n"
            "小青道：“你打人作什么？”\n"
            "李南泉正在窗下，接着听了石太太气吁吁地道：“好了，我不要命了。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["石太太", "小青", "石太太"]


def test_a_part_of_the_body_is_nobody():
    text = ("李太太抱着孩子坐着，杨艳华站在一边。\n李太太笑着，拍了拍她的肩膀道：“你别怕。”\n"
            "杨艳华道：“我不怕。”\n她又拍着杨艳华的肩膀道：“那就好。”\n肩膀上落了一片叶子。\n")
    res = analyze(text, lang="zh")
    assert res.character("肩膀") is None
    assert [u.speaker for u in res.dialogue()][:2] == ["李太太", "杨艳华"]


def test_a_named_tag_after_a_pronoun_tag_in_one_paragraph_is_another_turn():
    text = ("杨艳华坐在廊子下，李南泉去接孩子们了。李太太带着小玲儿回来了。\n"
            "李太太在山溪对岸就叫起来了。她道：“家里为什么不点上灯？”杨艳华叫道：“师母，你就回来了？”\n"
            "李太太道：“回来了。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["李太太", "杨艳华", "李太太"]


def test_a_quote_with_a_lead_in_takes_no_speaker_from_the_next_beat():
    text = ("杨杏园坐在桌边写名片，娘姨站在一旁。\n杨杏园道：“我写个条子。”\n"
            "写完便递给娘姨道：“你把这张名片交给我的车夫。”娘姨拿着名片去了。\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["杨杏园", "杨杏园"]


def test_the_agent_of_a_passive_lead_in_speaks():
    text = ("瑞宣和瑞丰站在门口。\n瑞宣说：“别慌。”\n瑞丰说：“我得躲躲！”\n"
            "瑞丰想回头就跑，被瑞宣拦住：“你躲什么？”\n")
    assert _speakers(text)[2] == "瑞宣"


def test_a_woman_known_by_her_family_name_with_shi_is_a_woman():
    text = ("田宝三坐在堂屋里，朱氏陪着说话。\n朱氏道：“大福在家里呢。”\n田宝三道：“那就好。”\n")
    res = analyze(text, lang="zh")
    assert res.character("朱氏").gender == "female"


def test_a_preposition_before_a_kinship_word_opens_no_name():
    text = ("瑞宣把糖水递过去。给父亲倒了一杯茶，他又给父亲点上烟。\n父亲说：“好。”\n瑞宣说：“您歇着。”\n")
    res = analyze(text, lang="zh")
    assert res.character("给父亲") is None


def test_a_newcomer_whose_sentence_runs_over_lines_says_the_next_line():
    text = ("羿走出门，羿看了看天，羿便上了马。\n谁知道他将要临近，却已有一个老婆子捧着带箭的大鸽子，\n"
            "大声嚷着，正对着他的马头抢过来。\n“你是谁哪？怎么把我家的黑母鸡射死了？”\n"
            "羿的心不觉跳了一跳，赶紧勒住马。\n“阿呀！鸡么？”他惶恐地说。\n")
    res = analyze(text, lang="zh")
    assert res.character("老婆子") is not None
    assert [u.speaker for u in res.dialogue()] == ["老婆子", "羿"]


def test_somebody_unnamed_in_the_lead_in_is_nobody_even_after_a_named_sentence():
    text = ("祥子和大家一齐坐下。刘四爷在屋里喝茶。\n刘四爷说：“吃吧。”\n"
            "祥子准知道自己不在吃完就滚之列，刚一落座，就有人说了：“哎，您是贵客呀！”\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[1].speaker is None


def test_a_him_of_a_first_person_story_is_the_one_called_by_name_not_a_dish():
    text = ("我在小饭馆里坐下，要了一碗面。门口进来一个人，我看了一会，才认出他来，只是不像当年那个活泼的周子明了。\n"
            "“阿，——子明，是你么？”\n“是我。”\n"
            "我们要了两样菜。油豆腐也做得很好；酱鸭却太咸了。油豆腐又添了一碗，窗外的雪也越下越大，"
            "把对面的屋顶都盖白了，街上一个行人也没有。\n"
            "他一手拿着筷子，慢慢地向我说：“这几年，我一事无成。”\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[-1].speaker == res.character("周子明").name


def test_strangers_a_determiner_singles_out_speak_as_themselves():
    text = ("码头上蹲着几个扛包的，老周坐在他们旁边抽烟。\n"
            "“今天的船又晚了。”老周说。\n"
            "“晚就晚吧，反正工钱照算！”一个三十来岁黑脸膛的汉子接过来：“不过饭钱得自己掏。”\n"
            "“饭钱也该他们出，”另个汉子把话接过去。“咱们等了一上午了。”\n"
            "老周没言语，把烟袋锅在鞋底上磕了磕。\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    first, second = lines[1].speaker, lines[3].speaker
    assert first is not None and "黑脸膛的汉子" in first
    assert second == "另一个汉子" and lines[4].speaker == "另一个汉子"


def test_another_official_is_a_second_person():
    text = ("大厅里坐着三位官员，都很胖。\n"
            "“你们那里收成怎么样？”一位官员终于问。\n"
            "“还好，托大人的福。”老汉说。\n"
            "“那么，为什么要来告状？”又一位官员说。\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    assert lines[2].speaker == "又一位官员" and lines[0].speaker != lines[2].speaker


def test_one_of_a_group_speaks_for_the_group():
    text = ("老李领着孙子刚要进门，门口站着三个巡警。\n"
            "“站住！”三个巡警之中的一个拦住了他，很不客气地问：“干什么的？”\n"
            "“回家。”老李说。\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    assert lines[1].speaker == "巡警" and lines[2].speaker == "老李"


def test_the_narration_saying_who_spoke_names_the_speaker():
    text = ("茶馆里人很多，老张坐在角上喝茶。\n"
            "“城外又打起来了，”说话的大约是刚进城的货郎。“东门都关了。”\n"
            "老张放下茶碗，叹了一口气。\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[0].speaker is not None and "货郎" in res.dialogue()[0].speaker


def test_a_described_stranger_speaks_after_clauses_that_name_nobody_new():
    text = ("县太爷坐在堂上，底下站着一班书吏。\n"
            "“这件案子，你们看怎么办？”县太爷问。\n"
            "“回老爷，照旧例办就是了。”一位满脸麻子的书吏，这时觉得轮到自己了，便挺了挺腰，大声说。\n"
            "“旧例早不中用了！”一个胖大官员看得县太爷不作声，便抢着说。\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    assert lines[1].speaker is not None and "麻子的书吏" in lines[1].speaker
    assert lines[2].speaker == "胖大官员"


def test_a_subject_named_after_a_comma_takes_the_sentence_over():
    text = ("“我先走了。”秀英说。\n“再坐一会儿吧。”志刚说。\n"
            "秀英拿起围巾，正要出门，志刚一把将她拉住，笑道：“外头下雪呢，吃了饭再走。”\n")
    assert _speakers(text)[-1] == "志刚"


def test_a_given_name_ending_in_a_function_character_is_still_a_name():
    text = ("晚饭后，子和坐在沙发上看报，家明在灯下写字。\n子和道：“明天你去不去？”\n家明道：“去。”\n"
            "子和笑道：“那就早些睡。”\n家明点点头道：“知道了。”\n子和道：“我也睡了。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["子和", "家明", "子和", "家明", "子和"]


def test_minor_speakers_named_once_by_a_bare_tag_are_people():
    text = ("众姊妹在亭中行令，紫芝先掣了一签。\n"
            "紫芝道：“这签上是个‘春’字，该我说一句。”\n"
            "碧箫道：“姐姐快说，我们都等着。”\n"
            "紫芝道：“春眠不觉晓。”\n"
            "绛雪道：“这是现成的诗，该罚一杯。”\n")
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == ["紫芝", "碧箫", "紫芝", "绛雪"]


def test_a_hand_and_what_it_does_is_no_name():
    text = ("那汉子左手举着一把刀，大声喝道：“留下买路钱！”\n"
            "王掌柜忙道：“好汉饶命！”\n"
            "那汉子左手举刀，右手指着他道：“少废话！”\n"
            "左手举起又放下，那汉子冷笑了一声。\n"
            "王掌柜道：“钱都在这里。”\n")
    res = analyze(text, lang="zh")
    assert res.character("左手举") is None


def test_a_subject_after_a_determiner_or_a_place_opens_its_clause():
    text = ("王太太请大家听戏，李团长坐在正中。\n“这出戏好。”王太太说。\n"
            "大家正看得有趣，那李团长忽然皱了皱眉，因道：“这里空气太坏，我头晕。”\n"
            "王太太连忙站起来。\n")
    assert _speakers(text)[-1] == "李团长"


def test_the_paragraph_after_a_bare_quote_says_who_called_it_out():
    text = ("街上很静，只有车夫老马默默地跑着。老马跑过了桥。\n"
            "“热的包子咧！刚出屉的……”\n"
            "小顺子歪着嘴，在路旁的店门前叫喊。\n"
            "老马没有理他，小顺子又喊了一声。\n"
            "“包子！”小顺子说。\n")
    assert _speakers(text)[0] == "小顺子"


def test_people_written_as_one_lower_case_letter_are_characters_but_places_are_not():
    text = ("早饭后，b同伊人到海边去散步。b说起k的事情来，伊人笑个不了。\n"
            "“k何苦要这样呢！”伊人问。\n"
            "“他说要进神学校去。”b说。\n"
            "到c夫人家里的时候，k已经坐在那里了。k君见了他们，就跳起来叫着说：“你们上那儿去了？”\n"
            "k又坐下去，b笑着说：“我们在s城的海边。”\n")
    res = analyze(text, lang="zh")
    k, b = res.character("k"), res.character("b")
    assert k is not None and b is not None and res.character("s") is None
    assert "k君" in k.aliases
    assert [u.speaker for u in res.dialogue()][-2:] == ["k", "b"]


def test_his_mother_opening_a_later_clause_says_the_line():
    text = ("早饭时，建平吃得很快。建平想站起来走了，他娘却又对他叮嘱着说：“路上当心，到了就写信来。”\n"
            "“晓得了。”建平说。\n")
    assert _speakers(text)[0] == "娘"


def test_a_place_one_goes_to_is_a_place_even_opening_a_clause():
    from manju.text.things_zh import is_place

    text = ("文朴坐轮船到东梓关去看病。东梓关很小，只有一条街。\n"
            "文朴到石正山家去。石正山又冷又静地坐着。\n")
    narr = bytearray(b"\x01" * len(text))
    assert is_place(text, narr, "东梓关", 0, False)
    assert not is_place(text, narr, "石正山", 0, True)


def test_common_words_put_together_are_a_thing_not_a_person():
    text = ("陈姑妈用饭勺子搅了一下瓦盆里的高粱米粥。高粱米粥，凝了一个明光光的大泡。\n"
            "高粱米粥还剩下半盆。陈公公进来了。\n"
            "“好啦就端来呀！”陈公公说。\n“好啦……好啦……”陈姑妈答应着。\n")
    res = analyze(text, lang="zh")
    assert res.character("高粱米粥") is None


def test_the_one_who_goes_on_talking_in_the_next_paragraph_said_the_line():
    text = ("陈公公从外面回来，陈公公坐在炕沿上抽烟。灶里的树枝噼噼啪啪地响，黑烟满屋子都是。"
            "陈姑妈蹲在灶前添柴。\n"
            "“加小心哪！离灶火远一点！”\n"
            "陈公公一边说着，一边拿起树枝来也折几棵。\n"
            "“我晓得。”陈姑妈说。\n")
    assert _speakers(text)[0] == "陈公公"


def test_a_pronoun_tag_goes_to_the_subject_of_the_narration_line_before():
    text = ("祥子正在院里擦车，他擦得很仔细。孙侦探在门外叫他。\n“祥子，有人找你！”高妈说。\n"
            "祥子放下抹布，他没有答话。孙侦探露出点狡猾的笑意，他推开门，孙侦探和高妈一前一后走了进来。\n"
            "他四下里看了一眼：“小屋还怪干净呢！”\n"
            "“有事吗？我忙！”祥子说。\n")
    assert _speakers(text)[1] == "孙侦探"


def test_a_word_and_an_adverb_or_a_numeral_is_no_name():
    from manju.text.things_zh import ends_in_an_act, words

    def act(w: str) -> bool:
        return ends_in_an_act(w, words(w))

    assert act("酒已经") and act("像一") and act("声音有些")
    assert not act("二里半") and not act("严致和") and not act("老拱")


def test_a_line_that_gives_its_speakers_name_anywhere_is_theirs():
    text = ("瑞宣扶着钱先生坐下，瑞宣倒了一碗水。钱先生看了半天，不认识他。\n"
            "“谁？又拉我去吗？”钱先生说。\n"
            "“钱伯伯！是我！祁瑞宣！这是你家里！”\n"
            "“是我，先生。”\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    assert lines[1].speaker == "瑞宣"


def test_a_role_that_said_a_word_is_a_speaker():
    text = ("冠家正打着牌，桌边坐着一个胖胖的军人。\n"
            "“出牌呀！”冠晓荷说。\n"
            "钱先生推门进来，大家都愣住了。军人说了话：“这是怎回事？”\n"
            "冠晓荷没有回答。\n")
    assert _speakers(text)[1] == "军人"


def test_a_common_noun_that_opens_many_clauses_and_acts_is_somebody():
    text = ("老子到了函谷关。老子连忙勒住青牛，自己一动也不动。\n"
            "“站住！”几个巡警大叫着。\n"
            "老子也赶紧爬下牛背来，细着眼睛，看了一看。老子还没有回答，巡警就一拥上前。\n"
            "老子早知道这是免不掉的。老子坐在中央，沉默了一会。\n"
            "“道可道，非常道。”老子接着说。\n")
    res = analyze(text, lang="zh")
    assert res.character("老子") is not None and res.dialogue()[-1].speaker == "老子"


def test_a_gesture_that_ends_like_a_function_word_is_no_name():
    text = ("梨云在桌上写了一个字，笑着问道：“好不好？”\n吴碧波笑着说：“好。”\n"
            "杨杏园也来看，笑着说道：“写得好。”\n梨云放下笔，笑着说：“你们总喜欢瞎说。”\n"
            "吴碧波拍手，笑着问：“还写不写？”\n")
    res = analyze(text, lang="zh")
    assert res.character("笑着") is None


def test_a_stranger_brought_in_after_a_comma_speaks_the_lead_in():
    text = ("几个客人坐在堂屋里喝茶，一个丫鬟走来说：“厨房里饭好了。”\n"
            "客人们站起来道：“不敢当。”\n")
    assert _speakers(text)[0] == "丫鬟"


def test_a_two_character_description_with_a_determiner_is_a_speaker():
    text = ("“这两块骨头，哪一块是老爷的？”管家着急地问。\n"
            "“谁知道呢……”仆人们面面相觑。\n"
            "“洗干净了就认得出来了。”一个侏儒跪着说。\n")
    assert _speakers(text)[-1] == "侏儒"


def test_the_paragraph_after_a_lone_quote_knows_whose_voice_it_was():
    # 知道 ends in 道 but says nothing: 一听声音……就知道 is no unnamed voice speaking
    text = ("老张坐在门口晒太阳。老李走了进来。老张说：“坐。”老李笑道：“好。”老张整天坐着，也不抬头。\n"
            "“大哥！”\n"
            "一听声音自然就知道是老李。老张便站起身来。\n")
    assert _speakers(text)[-1] == "老李"


def test_whoever_the_narrator_looks_up_and_sees_said_the_line():
    text = ("第二天，我向午才起来，下午仍然去钓虾。王老汉走过来看了看。王老汉笑道：“钓着了？”我说：“没有。”\n"
            "“你们这班小鬼，昨天偷了我的豆了罢？”我抬头看时，是王老汉棹着小船，卖了豆回来了。\n"
            "“是的。我们请客。”我说。\n")
    assert _speakers(text)[2] == "王老汉"


def test_a_nickname_with_a_title_of_address_is_a_name():
    text = ("我们在河边钓虾。不料七三公公撑着船过来了。\n"
            "“小鬼，昨天偷了我的豆了罢？”\n"
            "“是的，我们请客。”阿牛说。\n"
            "七三公公看见我，便停了船，笑道：“请客？这是应该的。”于是对我说，“迅哥儿，戏可好么？”\n"
            "我点一点头。后来七三公公还送了一大碗豆来。\n")
    res = analyze(text, lang="zh")
    assert res.character("七三公公") is not None
    assert res.dialogue()[2].speaker == "七三公公"


def test_a_pronoun_lead_in_after_a_named_tag_is_a_turn_of_its_own():
    # 王孙's sex is never told; 她 is the mother. 听说 ("hearing that") says nothing
    text = ("余氏掀起一片衣襟，擦了几下嘴，笑着向王孙睁了大眼道：“真的，她一个月能挣十五块钱吗？”"
            "王孙笑道：“这为什么冤你？”她手上掀着的那片衣襟，由嘴上擦到额角上来，笑道："
            "“那敢情好啊！是照阳历算呢？”王孙听说，索性大笑起来，点着头道：“现在外面拿薪水，都是照阳历算的。”\n")
    res = analyze(text, lang="zh")
    assert [d.speaker for d in res.dialogue()] == ["余氏", "王孙", "余氏", "王孙"]


def test_a_pronoun_lead_in_that_says_its_speaker_goes_on_is_the_same_turn():
    text = ("白巡长带着两个便衣进了院子。瑞宣迎了出来。白巡长点了点头。瑞宣说：“请进。”\n"
            "白巡长向便衣们说明：“这是住在这里最久的一家！”说着，他打开了簿子，问瑞宣："
            "“人口没有变动吧？”\n瑞宣低声的回答了一声：“没有变动。”\n")
    assert _speakers(text)[2] == "白巡长"


def test_the_one_a_lead_in_speaks_to_is_not_its_speaker():
    # 就对伊人说: 伊人 is spoken to; 她 of the clause before speaks
    text = ("伊人走到海边，看见了那女学生。女学生坐在毡毯上，c夫人站在一旁。伊人说：“你好。”女学生说：“你好。”\n"
            "伊人对她行了一个礼，她到反觉难以为情起来，就对伊人说：\n"
            "“说什么话，我又不在这里怨他。”\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[-1].speaker != "伊人"


def test_a_word_for_a_person_that_opens_with_nu_is_a_woman():
    text = ("女学生坐在海边看书。女学生抬起头来。伊人说：“你好。”女学生说：“你好。”女学生又低下头去。\n")
    res = analyze(text, lang="zh")
    assert res.character("女学生").gender == "female"


def test_a_surnamed_speaker_jieba_reads_as_a_numeral_is_a_name():
    from manju.text import chinese
    from manju.text.names_zh import discover_names

    text = ("高第停住了车，对车夫说：“对不住，我不坐了！”\n"
            "高第走进庙里。高第问：“有人吗？”\n"
            "“谁呀？”和尚问。\n高第道：“我来烧香。”\n高第笑了。\n")
    narr = _narration(text)
    assert "高第" in discover_names(text, narr, chinese.NOT_NAMES)  # jieba: 高|第, a numeral


def test_a_description_the_narration_keeps_using_is_somebody():
    # brought in by a name once, then only ever 老人
    text = ("正在东张西望的时节，由西殿里出来一个人，钱默吟先生。\n"
            "高第一直的扑奔过去。高第说：“钱伯伯！”\n"
            "老人的脸很黑很瘦。老人仿佛是放了心，低声的说：“别对任何人说，我在这里。”\n"
            "高第也笑了：“没人告诉我。”老人又笑了一下。“告诉我，你干什么呢？”老人一边说，一边往正殿那边走。\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    assert lines[1].speaker == "老人" and lines[3].speaker == "老人"


def test_a_stranger_described_against_him_is_still_brought_in():
    # 一个与他年纪相仿的女人: the 他 in the description is no owner (not 他的女人)
    text = ("老张在门口走来走去的走了几遍。老张说：“是这里。”最后里面却走出了一个与他年纪相仿的女人来。"
            "那女人走出了墙门。老张追到了那女人的背后，轻轻的问那女人说：\n"
            "“这一家是姓于的人家么？”\n"
            "那女人听了这句问语，就停住了脚，回答他说：\n"
            "“从前是姓于的，现在卖给了陆家了。”\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    assert "那女人" in res.character(lines[-1].speaker).aliases
    assert lines[-2].speaker == "老张"  # 问那女人说: she is asked


def test_the_narrators_relative_who_speaks_is_a_character():
    text = ("我早成了一个诗人了。我的弟兄说：\n“唉，可怜的你，正生在这个时候。”\n"
            "我听到这一句话，就会痛哭起来。母亲走进来。我的母亲说：“别哭了。”\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    assert lines[0].speaker == "我的弟兄"
    assert "我的母亲" in res.character(lines[1].speaker).aliases


def test_a_one_letter_name_that_acts_a_character_later_is_found():
    from manju.text.rare_names_zh import latin_names

    text = ("“我呢？也一样。”\nN显出非常得意模样，忽而又沉下脸来：\n“现在你们这些理想家！”\n"
            "N愈说愈离奇了，站起来取帽子。\n")
    narr = _narration(text)
    assert "N" in latin_names(text, narr)  # N愈说: one character, then a verb of saying


def test_a_word_that_never_acts_draws_no_untagged_line():
    from manju.text.cast import Cast
    from manju.text.cast_zh import inert_characters

    # 洋场 opens clauses only in lists of places; 子君 acts
    text = ("我想到深山大泽，洋场，电灯下的盛筵；想到战场，洋场，公馆。洋场，晴明的闹市，都离我很远。\n"
            "子君笑了。子君说：“你回来了。”\n")
    narr = _narration(text)
    cast = Cast()
    place, her = cast.add("洋场"), cast.add("子君")
    assert inert_characters(text, narr, cast) == {place}
    assert her not in inert_characters(text, narr, cast)


def test_a_surname_and_a_title_opening_a_lead_in_is_a_speaker_met_once():
    text = ("“老三！你要是把她摔坏了，可怎么办！”小顺儿的妈高声的抗议。\n"
            "祁老人只晓得上海是个地名，对上海抗战一点也不感兴趣，只慨叹着说：“劫数！劫数！”\n")
    assert _speakers(text)[1] == "祁老人"


def test_given_names_that_end_like_function_words_are_found_on_less_evidence():
    from manju.text import chinese
    from manju.text.names_zh import discover_names

    # 玉和 opens five clauses and two tags; 张济才 is never 张济 alone; 马上就 is no name
    text = ("玉和到了白家。玉和见他匆匆的走了。玉和照着那地址找去。玉和道：“我来了。”\n"
            "桂英笑道：“请坐。”玉和笑道：“好。”张济才看到他进来，首先笑着相迎道：“坐。”\n"
            "张济才道：“你请坐下。”玉和是个心细的人。张济才的话不多。我马上就来了，马上就走。\n")
    narr = _narration(text)
    names = discover_names(text, narr, chinese.NOT_NAMES)
    assert "玉和" in names and "张济才" in names and "马上就" not in names


def test_a_preposition_before_a_known_name_makes_no_new_name():
    text = ("桂英坐在沙发上。桂英笑道：“来了。”王玉和笑嘻嘻地走进来。玉和道：“早。”玉和坐下。\n"
            "他取下帽子在手，向桂英打拱又带点头道：“白老板早来啦！”\n")
    res = analyze(text, lang="zh")
    assert res.character("向桂英") is None


def test_who_somebody_is_is_not_who_speaks_next():
    text = ("士毅到了饭店门口。车夫在门口等着。士毅说：“是这里？”车夫道：“是。”\n"
            "士毅回头看时，汽车里坐了一个人，向他只管招手。士毅认得那辆车是陈东海的汽车。\n"
            "那么，这是他的车夫了。于是走向前向他点了个头道：“对了，我是来会四爷的。”\n")
    res = analyze(text, lang="zh")
    assert res.dialogue()[-1].speaker != "车夫"


def test_a_time_or_a_word_and_only_is_no_name():
    from manju.text.names_zh import is_phrase, is_tail

    assert is_phrase("上半夜") and is_phrase("上半天")  # a time of day
    assert is_tail("父亲只")  # 父亲只是笑: 只 ends no name


def test_the_paragraph_after_a_lone_quote_says_whose_words_they_were():
    # each lone line follows one of her own, so turn-taking alone would give it to him
    text = ("陈公公打开了房门。陈姑妈坐在炕沿上。陈姑妈说：“风真大。”\n"
            "“听不见吧？不见得就是……”\n"
            "陈姑妈的话就像落在一大锅开水里的微小的冰块，立刻就被消融了。陈公公折着树枝。\n"
            "陈姑妈说：“柴火湿了。”\n"
            "“我看晚上就吃点面片汤吧……”\n"
            "这话在陈姑妈，就好像小孩子刚一学说话时，先把每个字在心里想了好几遍。\n")
    res = analyze(text, lang="zh")
    lines = res.dialogue()
    assert lines[1].speaker == "陈姑妈" and lines[3].speaker == "陈姑妈"


def test_they_after_a_name_casts_no_vote_for_him():
    from manju.text.cast import Cast
    from manju.text.coref_zh import vote_genders

    text = "小南笑了起来。他们两人走了。"
    cast = Cast()
    cid = cast.add("小南")
    refs = [(0, 2, cid), (7, 8, -1)]  # 小南, then the 他 of 他们
    vote_genders(text, refs, bytearray(b"\x01" * len(text)), cast)
    assert cast.gender(cid) == "unknown"


def test_a_description_a_lead_in_asks_answers_the_questions():
    # the women ask; the girl they ask, whom nothing else brings in, answers
    text = ("赵三坐在炕沿。赵三说道：“好了。”\n"
            "女人们便开始问那个女孩：\n"
            "“你爹爹多咱死的？”\n"
            "“死两年多。”\n"
            "“你亲爹呢？”\n"
            "“早回山东了！”\n")
    said = _speakers(text)
    assert said[1] is None  # several women at once
    assert said[2] == said[4] == "女孩"


def test_a_plural_of_people_opening_a_lead_in_is_nobody_named():
    from manju.text.referents_zh import verb_clause_subject

    body = "女人们便开始问："
    hit = verb_clause_subject(body, body, 0, {}, bytearray(b"\x01" * len(body)))
    assert hit is not None and hit[0] == "crowd"
    body = "高第对他们道："  # 他们 is spoken to, not speaking
    assert verb_clause_subject(body, body, 0, {}, bytearray(b"\x01" * len(body))) is None
    body = "老妈子，忽然在他们家屋檐下："  # 在他们家: a place, nobody speaking
    assert verb_clause_subject(body, body, 0, {}, bytearray(b"\x01" * len(body))) is None


def test_a_dictionary_noun_that_keeps_acting_a_little_later_in_its_clauses_is_somebody():
    # 嫦娥 is a common noun to jieba; what she does comes a word or two after her name
    text = ("月亮升起来了。嫦娥从梦里猛然醒来，坐起身子。\n"
            "嫦娥圆睁了眼睛，四面望了一望。\n"
            "那兔子也醒了。嫦娥对那兔子瞪了一眼。\n"
            "“你饿了么？”她问。\n"
            "兔子只是不动。嫦娥倒抽了一口冷气，走到窗前。\n"
            "“唉唉，这里真冷。”她自言自语的说。\n"
            "嫦娥的影子映在地上。\n")
    assert _speakers(text) == ["嫦娥", "嫦娥"]


def test_a_verb_with_zhe_is_no_name_and_a_description_opens_with_no_copula():
    from manju.text.minor_zh import determined_descriptions
    from manju.text.names_zh import discover_names

    text = ("周太太输了钱，红着脸道：“不赌了。”\n李太太红着脸只是摇头，口里说道：“再来。”\n"
            "周太太红着脸说：“你先押。”\n")
    assert "红着脸" not in discover_names(text, _narration(text), set())
    text = "“什么勾当？”第一个是周大娘问她。\n"
    assert not determined_descriptions(text, _narration(text), "问")


def test_the_pronoun_of_a_lead_in_is_the_one_whose_sentence_it_is():
    # 凤喜's sex is not known yet; 沈大娘's is, but the sentence is 凤喜's
    text = ("沈大娘笑道：“樊先生！”凤喜道：“好。”家树道：“是。”沈大娘出去了。"
            "凤喜也在身上一掏，掏出一个报纸包儿，纸包的很不齐整，像是忙着包的，她就递给家树道："
            "“你丢的东西在这里。”")
    assert _speakers(text)[-1] == "凤喜"


def test_a_web_novels_lines_of_narration_before_a_pronoun_lead_in_are_its_paragraph(monkeypatch):
    # in print the three lines are one paragraph whose subject is 长顺, not 瑞丰 he looks at
    from manju.text import dialogue

    monkeypatch.setattr(dialogue, "RANK", [False])  # the rules alone
    text = ("长顺站在门口，他很生气。瑞丰走进来，他笑了笑。瑞丰说：“坐下吧！”长顺说：“好。”\n"
            "长顺想给瑞丰一个极有力的嘴巴。\n"
            "可是，他受人之托，不能因愤怒而忘了责任。\n"
            "他的脸红起来，低声忍气的呜囔：\n"
            "“小崔不是……”\n")
    assert _speakers(text)[-1] == "长顺"


def test_a_time_word_that_keeps_speaking_is_a_name():
    # 晚秋 is a time to jieba; a time does not say things again and again
    text = ("晚秋掀开窗帘，向外看去。晚秋便招手道：“请进来坐。”华竹平道：“你也剪发吗？”\n"
            "晚秋道：“可不是！”华竹平道：“那何必呢？”晚秋笑道：“好看。”\n"
            "上半夜下了雨。\n")
    assert _speakers(text) == ["晚秋", "华竹平", "晚秋", "华竹平", "晚秋"]


def test_who_heard_it_said_did_not_say_it():
    text = ("舒九成前前后后，就扶着帽子。杨杏园道：“包厢里面，你哪里有许多熟人？”"
            "舒九成低低的说了五个字：“这都是罗汉。”杨杏园听他这样说，也就微笑不言。")
    assert _speakers(text)[-1] == "舒九成"


def test_a_description_stops_before_a_word_that_is_not_its_noun():
    # 将 ends words for people (将帅) but here it is 把: 小胡子 speaks
    text = ("隔厢那两个小胡子，都和舒九成打招呼，说道：“不要走。”舒九成道：“我还有事。”"
            "一个小胡子将舒九成衫袖一拉，低低说道：“晚上去玩玩吧？”")
    assert _speakers(text)[-1] == "小胡子"


def test_a_persons_son_or_wife_is_a_character_of_their_own():
    text = "李四站在门口。李四说：“好。”王五说：“不好。”李四的儿子说：“快走！”李四说：“走吧。”"
    assert _speakers(text)[2] == "李四的儿子"
    # a name that ends in 的 takes its relative without another 的
    text = ("冯歪嘴子站在磨盘旁边，掌柜的拿着烟袋骂着，掌柜的太太一边骂着，一边拍着风车子，她说：\n"
            "“破了风水了！”\n冯歪嘴子说：\n“我就搬……”\n掌柜的太太说：\n“叫她们搬！”\n"
            "掌柜的说：\n“快搬。”\n")
    assert _speakers(text) == ["掌柜的太太", "冯歪嘴子", "掌柜的太太", "掌柜的"]


def test_a_thing_after_a_surname_like_colour_is_no_full_name():
    from manju.text.names_zh import discover_names

    # 白 is a surname and 床单 opens clauses, but a bed sheet never acts
    text = ("我躺下，手指抵在白床单上。\n床单有突起的花纹，并且白得闪眼。\n床单是新的，床单也很干净。\n"
            "郎华说：“睡吧。”\n")
    assert "白床单" not in discover_names(text, _narration(text), set())


def test_a_grandfather_is_a_man_whatever_she_after_him_says():
    text = ("祖父说：“没有寒暑表。”\n祖父看一看天色，她就跑了。祖父她们都笑。\n祖父说：“零下七八度。”\n"
            "王大姐笑了，她问别人：“你吃饭了吗？”\n")
    res = analyze(text, lang="zh")
    assert next(c for c in res.characters if c.name == "祖父").gender == "male"


def test_a_full_name_written_once_and_called_in_a_quote_is_somebody():
    # 洪 is a surname: 洪稚存 once in the narration, 稚存 called at the head of a quote
    text = ("仲则在园里走来走去。仲则念道：“茫茫来日愁如海。”\n背后忽而走了一个人出来，轻轻的叫着说：“好诗，仲则！”\n"
            "仲则回转头来就问他说：\n“稚存！你也还没有睡么？”\n“竹君要我起两封信稿。”\n他与洪稚存两人，昨晚喝酒喝到天明。\n")
    res = analyze(text, lang="zh")
    assert any(c.name == "洪稚存" for c in res.characters)


def test_his_father_is_not_the_he_the_story_goes_on_about():
    # the friend is never named; his father is known only as 他父亲
    text = ("他是独养儿子，父亲今年五十多了。他在学校里念书，非但不能帮他父亲，还要向家里要钱。\n"
            "初五的早晨，他父亲自家上前面一家姓陈的人家去了。他父亲回来，父亲坐在炕上抽烟。\n"
            "我回过头来看他的时候，他就对我说：“您真用功啊！”\n我笑着说：“您也用功得很！”\n"
            "走了几步，他就笑着问我说：\n“李君，你会骑骡儿不会？”\n")
    said = _speakers(text)
    assert said[0] == said[2] == "他"


def test_a_trade_a_lead_in_asks_answers_and_everybody_is_nobody():
    text = "我走到河边。我问短工：\n“死了？”\n“老了。”\n“什么时候死的？”\n“昨天夜里。”\n"
    said = _speakers(text)
    assert said[1] == said[3] == "短工" and said[2] == "我"
    text = "李四爷走进来。李四爷问大家：\n“给她募化怎样呢？”\n“我去！”\n"
    assert "大家" not in {c.name for c in analyze(text, lang="zh").characters}


def test_her_parents_opening_a_clause_are_no_she_who_speaks():
    from manju.text.referents_zh import pronoun_clause_subject

    last = "士毅心里揣想着，她的父母，当然和她差不多，便笑道："
    ref_at = {0: (2, 0), 8: (9, -1)}  # 士毅, a man; 她 of 她的父母
    sex = {0: "male"}
    hit = pronoun_clause_subject(last, last, 0, ref_at, bytearray(b"\x01" * len(last)), sex.get)
    assert hit is None  # 士毅 goes on: the clause is about her parents


def test_a_fullwidth_dot_ends_a_sentence_and_a_proper_noun_that_acts_is_somebody():
    # 晴雯 is a proper noun of the dictionary; the e-text ends sentences with ．
    text = ("宝玉回至房中．偏生晴雯上来换衣服，把扇子跌折．宝玉叹道：“蠢才！”晴雯冷笑道：“二爷气大的很。”\n"
            "晴雯听了冷笑道：“姐姐既会说。”宝玉向晴雯道：“你也不用生气。”晴雯听了这话，含泪说道：“为什么？”\n"
            "晴雯在旁哭着．晴雯哭道：“我多早晚闹着要去了？”宝玉和袭人嗤的一笑．黛玉道：“二哥哥！”\n")
    said = _speakers(text)
    assert said[1] == said[2] == said[4] == said[5] == "晴雯"
    assert said[-1] == "黛玉"


def test_a_place_word_a_group_of_four_and_one_pointed_at_are_nobody_named():
    from manju.text.minor_zh import determined_descriptions
    from manju.text.names_zh import is_phrase
    from manju.text.referents_zh import verb_clause_subject

    assert is_phrase("口内", spoken=2)  # 口内便说: said with the mouth, by somebody else
    body = "四人只说："
    hit = verb_clause_subject(body, body, 0, {}, bytearray(b"\x01" * len(body)))
    assert hit is not None and hit[0] == "crowd"
    text = "又指著内中一个穿齐整些的老翁，说道：“不论别人。”"
    assert "指著" not in determined_descriptions(text, _narration(text), "说道").values()


def test_a_name_does_not_take_the_first_character_of_the_word_after_it():
    from manju.text.names_zh import ends_in_next_word

    text = "冰如微笑道：“好。”张顺进来说：“车来了。”"
    assert ends_in_next_word(text, "冰如微") and ends_in_next_word(text, "张顺进")
    assert not ends_in_next_word(text, "冰如")


def test_the_one_a_verb_pulls_or_pushes_is_an_object():
    from manju.text.referents_zh import is_object

    text = "晴雯悄拉袭人说："
    assert is_object(text, text.index("袭人"), 0)
    text = "众人推宝玉道："
    assert is_object(text, text.index("宝玉"), 0)


def test_somebody_heard_outside_is_nobody_until_the_narration_says_who():
    text = ("白桂英坐在桌边发想。白桂英道：“好。”白大福走进来。白大福道：“妹妹。”\n"
            "白桂英对那帖子呆呆发想。只听到屋子外面有人道：“程秋云的日子，怎么定得这样急？”"
            "这说话的是白桂英的哥哥白大福，没有什么本领。\n")
    assert _speakers(text)[-1] == "白大福"


def test_a_lead_in_said_to_me_is_not_mine():
    text = ("老三走进来。老三说：“你好。”我说：“老三！”\n"
            "以后她只是笑着不说话，我拿了一把椅子，请她坐了，就上西角上的水盆里去洗脸。\n"
            "一忽儿她又叫我说：\n“李先生！你的脾气，也还没有改过。”\n“老三！”\n")
    said = _speakers(text)
    assert said[2] == "老三" and said[3] == "我"


def test_the_woman_a_tag_names_by_her_sex_is_somebody():
    text = ("李俊生站在楼梯口。李俊生道：“谁？”楼上走下一个女子来。那女的道：“是我。”"
            "李俊生道：“你是谁？”那女的笑笑，握着他的手道：“你猜。”")
    assert _speakers(text) == ["李俊生", "女的", "李俊生", "女的"]


def test_a_he_or_she_opening_a_later_clause_of_my_sentence_speaks():
    text = ("我和老三在楼上坐着。老三说：“你好。”我说：“老三！”"
            "我又追上去叫她等一等，她到了楼梯底下，才回头向我看了一眼，轻轻地说：“明天再来吧！”")
    assert _speakers(text)[-1] == "老三"


def test_a_grandfather_is_somebody_of_the_scene():
    text = ("我不同意他打洋车夫，我问：“你为什么打他呢？”"
            "祖父把眼睛斜视一下：“有钱的孩子是不受什么气的。”我说：“我自己愿意。”")
    assert _speakers(text) == ["我", "祖父", "我"]


def test_a_lead_in_ending_in_a_dash_is_a_lead_in_and_her_tag_is_never_mine():
    text = ("阿长来了。阿长说：“哥儿。”我说：“什么？”\n"
            "我还记得，她穿着新的蓝布衫回来了，一见面，就将一包书递给我，高兴地说道：——“哥儿，我给你买来了！”")
    assert _speakers(text)[-1] == "阿长"


def test_an_elder_described_after_a_quote_says_it():
    text = ("我在屋里看书。王妈进来了。王妈说：“吃饭了。”我说：“就来。”\n"
            "“你这孩子又在看闲书了。”一位本家的老辈严肃地对我说，而且递过一张报纸来。\n我说：“是。”")
    assert _speakers(text) == ["王妈", "我", "本家的老辈", "我"]


def test_a_lead_in_ending_in_its_verb_and_the_one_asked_is_a_lead_in():
    text = ("则生走进来。则生说：“老郁！”我说：“你好。”\n"
            "说到了这里，我自家也忍不住笑了起来。则生尽管在追问我，“你怎么样？你怎么样？”")
    assert _speakers(text)[-1] == "则生"


def test_her_tag_is_the_woman_the_story_names_more_of_the_two_latest():
    text = ("月英坐在我旁边。月英说：“你看。”我说：“什么？”月英笑了，她又指给我看。"
            "陈莲奎走了进来，她坐在月英对面。陈莲奎说：“好冷。”月英不理她。后来我们请客，"
            "月英写请客单子，写到了陈莲奎的名字的时候，她就变了脸色叱着说：“这一种人去请她干吗！”"
            "我说：“算了。”")
    assert _speakers(text)[-2] == "月英"


def test_a_kinship_word_and_what_that_person_does_is_no_name():
    text = ("祖母看见了，祖母说：“又拿出来了。”我说：“我喜欢。”\n"
            "祖母看见我把从前的东西都翻出来，她说：“你这孩子。”祖父笑了。祖父说：“让她玩吧。”")
    names = list(_cast(text))
    assert "祖母" in names and "祖母看见" not in names


def test_a_woman_by_her_given_name_is_no_he_of_a_tag():
    from manju.text.cast_zh import given_name_gender

    assert given_name_gender("月英") == "female" and given_name_gender("兰香") == "female"
    text = ("我到了戏园后台，一个拉胡琴的北佬坐在那里。我对他叙了礼，告诉他以前来过的月英是我的女人，"
            "月英不见了。他摇摇头说：“没有来过。”我说：“真的么？”")
    assert _speakers(text)[0] != "月英"


def test_he_who_turns_to_me_is_answered_by_me():
    text = ("我到了老王家里。老王的母亲迎出来，母亲笑着说：\n　　“你们两个又见面了。”\n"
            "　　说着，她就走到桌边，倒了两碗茶。我接过来喝了一口，觉得很香。老王也喝了一口，他就对我说：\n"
            "　　“这茶是我们自己炒的，你说怎么样？”\n　　“真好，比城里买的香多了。”\n")
    assert _speakers(text) == ["母亲", "老王", "我"]


def test_one_who_walks_in_and_speaks_is_not_read_back_into_the_talk_before():
    text = ("老王是我的老同学，我到了他的家里。谈了许多旧话后，我就提到了他的喜事。\n"
            "　　“喜事么？我在信里也和你说过了。”\n"
            "　　谈话的内容一转，他的声气就低了下去。\n"
            "　　“这事都是我娘在替我忙。我想明天叫妹妹陪你出去玩一天。”\n"
            "　　“那好极了，我明天就陪她出去。”\n"
            "　　“可不要说是我叫她去的。”\n"
            "　　“好，好，就这么办。”\n"
            "　　正谈到这里，他的母亲从客室的侧门里走出来了，看到我们坐在那里谈天，她又笑了起来说：\n"
            "　　“天都黑了，你们也不点灯？”\n"
            "　　“娘，我们就来。”老王说。\n")
    said = _speakers(text)
    assert said[-2:] == ["母亲", "老王"] and "母亲" not in said[:-2]


def test_the_one_asked_in_a_lead_in_does_not_ask():
    text = ("家树坐在椅子上。家树道：“你坐。”那姑娘将椅子移了一移，把棉被又整了一整，"
            "顺便在炕上坐下，问家树道：“你冷吗？”")
    assert _speakers(text)[-1] != "家树"


def test_who_is_seen_coming_in_speaks():
    text = ("周瑞家的道：“如今等示下。”凤姐道：“你去瞧瞧。”周瑞家的答应着去了。\n"
            "平儿回了，凤姐道：“我这里陪客呢。”平儿出去了，一会进来说：“我都问了。”"
            "凤姐点头。只见周瑞家的回来，向凤姐道：“太太说了，今日不得闲。”")
    assert _speakers(text)[-1] == "周瑞家的"


def test_things_put_down_together_are_no_crowd_speaking():
    text = ("何丽娜坐在客厅里。何丽娜道：“你回来了。”家树道：“我带了东西来。”\n家树走了出去，不一会子，捧了一包东西进来，"
            "一齐放在桌上笑道：“这是杭州带来的藕粉。”")
    assert _speakers(text)[-1] == "家树"


def test_the_one_who_holds_the_knife_speaks_both_halves():
    text = ("伯夷说：“走吧。”叔齐问他们是什么人。“小人就是山里的大王，”那拿刀的说，"
            "“要请您老赏一点买路钱！”")
    assert _speakers(text)[-2:] == ["拿刀的", "拿刀的"]


def test_that_one_after_somebody_known_by_a_description_is_that_person():
    text = ("余氏走出大门，见一辆汽车停在胡同中间，车上跳下一个穿白制服的人，向余氏问道：“这里姓常吗？”"
            "余氏答应是的。\n余氏用手向胡同口上一指道：“不是在那里吗？”那人道：“怎么把病人抬到胡同口上去？”")
    assert _speakers(text)[-1] == "穿白制服的人"


def test_a_surname_and_a_title_is_one_name_not_a_cut_given_name():
    text = ("朱老先生走进来。朱老先生很诚恳地问她：“你从哪里来？”她说：“沧海。”\n"
            "朱老先生用尽方法替她找人。朱老先生对思敬说：“你且在书房候着。”思敬说：“好。”\n"
            "这回思敬倒比朱老先生忙起来了。朱老先生不常来。\n老先生说：“我来打听一件事。”"
            "老先生诧异说：“是么？”老先生想了想。老先生又问：“她姓什么？”老先生笑了。")
    names = list(_cast(text))
    assert "朱老先生" in names and "朱老先" not in names


def test_an_adverb_and_a_verb_after_a_comma_are_no_name():
    text = ("麟趾坐在窗前。芭蕉外，一个三十左右的男子到阶下站着，便叫：“大官在屋里么？”\n"
            "麟趾说：“大官出城去了。”那人抬头看见窗里的女郎，连忙问说：“这位便是新奶奶么？”")
    assert "连忙问" not in [c.name for c in analyze(text, lang="zh").characters]


def test_bare_asks_and_answers_take_turns():
    text = ("子平走进洞里。子平心里诧异道：“这是甚么道理呢？”看黄龙子琴瑟已俱挂好，即问道：“先生，这是什么？”"
            "笑答道：“骊龙之珠，你不认得吗？”问：“骊珠怎样会热呢？”答：“这是火龙所吐的珠，自然热的。”"
            "子平说：“火龙珠那得如此一样大的一对呢？”黄龙子道：“好。”")
    assert _speakers(text)[1:6] == ["子平", "黄龙子", "子平", "黄龙子", "子平"]


def test_the_innkeeper_is_somebody():
    text = ("老残回到店中，叫店家笼了一盆火来。老残道：“拿盏灯来。”喊了许久，店家方拿了一盏灯进来，"
            "嘴里还喊道：“好冷呀！”店家道：“等一会，油化开就亮了。”老残道：“不要紧。”")
    assert _speakers(text)[1:3] == ["店家", "店家"]


def test_a_surname_that_is_also_a_preposition_opens_a_name():
    text = ("春桃回家，照例还是向高侍候她。春桃探头进房里对向高说：“我还得去打听。”\n"
            "“两个男人，一个女人，开公司？”向高发出不需要的疑问。\n“你不愿意么？”春桃问。\n"
            "“不，不，我没有什么意思。”向高心里有话，可说不出来。\n"
            "向高听了，伸出舌头舐舐嘴唇。向高留她不住，便由她走了。\n“笑我……”向高又说不出来。\n"
            "“别这样说。”向高拦住她的话。春桃便向着坐在瓜棚底下的向高说：“点过蚊烟么？”\n"
            "向高没话。向高和春桃仍是坐在瓜棚底下。")
    assert "向高" in [c.name for c in analyze(text, lang="zh").characters]


def test_who_has_nothing_to_say_does_not_say_the_next_line():
    text = ("李四说：“你露什么怯？”王五说：“我没怯。”李四说：“那就好。”\n王五没话。\n“以后不要再提这事吧。”")
    assert _speakers(text)[-1] != "王五"


def test_a_lead_in_may_end_in_said_and_le():
    text = ("小青和石太太吵起来。小青道：“我没有罪。”这一通话，弄得石太太没有话答复。"
            "约莫是默然了两三分钟，石太太才说了，“你为什么不告诉我？”小青道：“我凭什么告诉你？”")
    assert _speakers(text) == ["小青", "石太太", "小青"]


def test_a_thought_led_in_by_its_thinker_is_theirs():
    text = ("华大妈坐在坟前。小路上又来了一个女人，提一个破旧的篮子。华大妈说：“来了。”"
            "华大妈看她排好四碟菜，心里暗暗地想，“这坟里的也是儿子了。”那老女人徘徊观望了一回。")
    assert _speakers(text)[-1] == "华大妈"


def test_a_given_name_that_is_a_dictionary_word_is_a_name_on_strong_evidence():
    text = ("可为走进院子。可为看老太太一双小脚，心里不忍。老太太说：“您坐。”可为说：“不用张罗了。”\n"
            "可为一进街口，便看见八号的门牌。可为站在门口。可为想去问岗警。可为又把手指举到鼻端。\n"
            "可为回到家里。可为坐下来写信。可为叹了一口气。可为说：“明天再去。”可为睡了。")
    assert "可为" in [c.name for c in analyze(text, lang="zh").characters]


def test_a_given_name_that_is_a_verb_is_a_name_when_it_speaks_often():
    text = ("承欢坐在父亲身边。承欢说：“可是这事要女人去做才合宜。”父亲说：“是的。”\n"
            "承欢说：“我们有一位后娘倒好。”承欢望着父亲。承欢笑着说：“我心里何尝不惦念着妈妈呢？”\n"
            "承欢就说：“方才妹妹捡了一大堆的干叶子。”承欢站起来。")
    assert "承欢" in [c.name for c in analyze(text, lang="zh").characters]


def test_the_one_ordered_and_what_the_heart_thinks_are_no_speakers():
    text = ("子平进了门。老者道：“请坐。”\n里面出来一个十八九岁的女子。女子说：“请坐。”子平道：“多谢。”"
            "女子笑了笑，即命老者：“赶紧的做饭，客人饿了。”老者退去。\n"
            "子平走到四点钟，还没有十里地。心里想道：“到山集不过十五里地。”车夫等人次第出来。")
    result = analyze(text, lang="zh")
    assert [u.speaker for u in result.dialogue()][3] == "女子"
    assert not {"心里想", "车夫等"} & {c.name for c in result.characters}


def test_a_bare_surname_is_the_one_person_of_that_surname_and_a_title():
    text = ("黄先生来了，同雷先生谈了许久。雷先生说：“你坐。”黄先生说：“不坐了。”\n"
            "一天，无意中在大街遇见黄，各人都诉了一番痛苦。\n“现在你住在什么地方？”黄这样问他。\n"
            "“住在西市的街边。”\n黄笑了笑。黄很诚恳地说：“搬到我那里去吧。”黄站起来就走。天色黄了。")
    said = _speakers(text)
    assert said[2] == "黄先生" and said[4] == "黄先生"
    # 他对黄说: the bare surname spoken to is no speaker of the 他 line
    from manju.text.rare_names_zh import bare_surname_rx

    assert bare_surname_rx("黄").search("他对黄说：") is not None
    assert bare_surname_rx("黄").search("天色黄了") is None


def test_a_tag_after_a_line_that_ends_in_a_colon_leads_in_the_next_line():
    text = ("　　王德进了门，李顺迎上来。李顺说：“您来了。”他把茶碗放在桌上，对李顺说：“这是今早在集上买的。”李顺说：\n"
            "　　“你真舍得。”\n　　王德笑了。")
    assert _speakers(text) == ["李顺", "王德", "李顺"]


def test_who_heard_goes_on_in_the_lead_in_not_the_one_they_heard_of():
    text = ("　　王德和李顺坐在院里。李顺说：“天冷了。”王德说：“是啊。”\n"
            "　　王德听见他们说认识赵成，便想托他去说情，可是不好明讲，只说：“赵成那孩子倒是个好人。”\n"
            "　　李顺点点头。赵成走了进来。赵成说：“我来了。”")
    assert _speakers(text)[2] == "王德"


def test_a_he_who_answers_in_the_paragraph_of_a_named_question_is_somebody_else():
    text = ("　　王德和李顺坐在院里，两个男人都不说话。王德说：“天冷了。”李顺说：“是啊。”他摸了摸下巴。\n"
            "　　王德站起来，顺便问李顺说：“那件事办妥了吧？”李顺听见他这话，脸上便红了。他回答说：“还没有。”\n"
            "　　王德笑了。他的手抖了抖。")
    assert _speakers(text)[2:] == ["王德", "李顺"]


def test_somebody_presented_only_as_a_person_is_the_that_one_who_speaks_after():
    text = ("　　王德走到街口，进了一家小店。只见一个人，戴着一顶破毡帽，坐在柜台后面打盹。王德问：“有烟卖么？”"
            "那人道：“有，有。您要几包？”王德道：“两包。”那人道：“您老是外乡人吧？”\n　　王德点点头，出了店门。\n"
            "　　到了客店，敲了半天门，才有一个人出来说：“客满了。”王德道：“住一夜就走。”那人说：“那就将就些罢。”")
    said = _speakers(text)
    assert said[1] == said[3] == "那人" and said[4] == said[6] == "那人（2）"


def test_the_one_spoken_to_after_what_says_where_they_are_is_no_speaker():
    text = ("　　王德和李秀坐在屋里。李秀说：“我去梳头。”王德说：“去吧。”\n"
            "　　李秀坐在镜子前。他走过来，用手理了理她的头发，向着镜里的李秀说：“你真好看。”\n　　李秀笑了。")
    assert _speakers(text)[2] == "王德"


def test_a_wife_called_by_her_husbands_name_is_somebody_of_her_own():
    text = ("　　王善保走了进来。王善保说：“东西都齐了。”凤姐说：“知道了。”\n"
            "　　王善保家的听了，忙笑道：“这个自然。”凤姐道：“你去罢。”王善保家的只得出去，又回头道：“奶奶放心。”")
    assert _speakers(text) == ["王善保", "凤姐", "王善保家的", "凤姐", "王善保家的"]


def test_a_cry_after_the_narrators_own_narration_is_theirs():
    text = ("　　我和王德在酒楼上喝酒。王德说：“再来一杯。”我说：“不喝了。”王德说：“那我先走了。”\n"
            "　　第二天早上，王德把我送到门口。我走出大门口，天已经亮了。被晓风一吹，我却想起了昨天的事情，"
            "心里起了一层淡淡的忧郁。\n　　“啊啊，大约这就是人生吧！”\n　　我慢慢地走回家去。")
    assert _speakers(text)[3] == "我"


def test_a_that_one_who_speaks_with_no_introduction_is_somebody_of_their_own():
    text = ("　　王德进了一家杂货店，看柜台里边的人，约有五十多岁光景，就问他：“贵姓？”那人道：“姓王。”"
            "王德道：“生意好么？”那人叹口气道：“一言难尽！”")
    assert _speakers(text) == ["王德", "那人", "王德", "那人"]


def test_the_one_spoken_to_next_to_the_verb_is_not_its_subject():
    text = ("　　王德和李秀在屋里。李秀说：“来。”王德说：“好。”赵成说：“我也来。”\n"
            "　　回到房里，赵成便是不住地向他打量。王德怕屋子里的李秀看出破绽来，对屋子里的李秀道：“你先出去，我起来得早了。”\n"
            "　　李秀笑了。")
    assert _speakers(text)[3] == "王德"


def test_a_place_after_a_preposition_is_no_name():
    text = ("　　祥子拉着车出了门。由天桥走到西城，由天桥走到东城，他一天没歇着。\n　　由天桥回来，天已黑了。虎妞说：“回来啦？”\n"
            "　　“回来了。”他把车放下。\n　　“吃饭吧。”她说。由天桥到家里，他走了一个钟头。")
    assert "由天桥" not in [c.name for c in analyze(text, lang="zh").characters]


def test_the_he_who_ends_the_narration_before_a_bare_line_is_the_last_man_named():
    text = ("　　王德和他母亲坐在屋里。王德说：“娘，我出去了。”母亲说：“早点回来。”她叹了一口气。\n"
            "　　天黑了，母亲还坐在灯下，她心里很不安。听见院门响，她也喘嘘嘘的走出来。大家围住了王德。他非常的得意。"
            "他觉得大家都不如他。\n　　“我告诉你们，事情办成了！”\n　　母亲笑了。")
    assert _speakers(text)[2] == "王德"


def test_a_web_novels_layout_is_told_by_its_short_lines():
    from manju.eval.devset import web_layout
    from manju.text.decode_zh import _web_lines
    from manju.text.quotes import split_paragraphs

    printed = ("　　瑞宣不忍看见这些现象。他只好闷在家里，一语不发的熬过去星期日。他觉得很对不起小顺儿与妞子，"
               "但是没有好的办法。好容易熬过星期日，星期一去办公又是一个难关。他无法躲避富善先生。\n") * 4
    spans = [(p.start, p.end) for p in split_paragraphs(printed)]
    web = web_layout(printed, "zh")
    assert not _web_lines(spans)
    assert _web_lines([(p.start, p.end) for p in split_paragraphs(web)])


def test_in_web_layout_the_ranker_leaves_a_he_the_lines_before_just_named():
    lines = ["王德和李顺在院里坐着。", "王德说：“天热得很。”", "李顺说：“是啊，热得睡不着。”", "王德说：“你去海边住几天吧。”",
             "李顺说：“我不去。”", "王德说：“为什么？”", "李顺没有回答。", "王德只好不问了。", "他无法说服李顺。",
             "李顺在夏天也不肯离开北平。", "他以为北平就是消暑最好的地方。", "青岛，北戴河？",
             "“噗！”他先喷一口气。“那些地方根本不象中国！”", "王德笑了。", "王德说：“你说得对。”"]
    assert _speakers("\n".join(lines))[-3:] == ["李顺", "李顺", "王德"]


def test_to_somebody_called_old_and_a_surname_is_no_name_and_he_is_somebody():
    text = ("　　王德在店里坐着，伙计打扫房屋。王德也在门口长凳上坐下，向老孟说道：“听说你们这里的大人，办案好得很？”"
            "那老孟叹口气道：“大人官倒是个清官，只是手太辣些。”王德道：“怎么个辣法？”")
    assert _speakers(text) == ["王德", "老孟", "王德"]


def test_a_semicolon_typed_for_the_colon_of_a_tag_still_tags_the_quote():
    text = ("　　王德和车夫在路上走。王德道：“走不动了，怎么办？”车夫说；“那也有办法：你老先睡下来，我们抬你走。”"
            "王德说：“那就好。”")
    assert _speakers(text) == ["王德", "车夫", "王德"]


def test_one_who_does_a_job_and_is_always_written_with_de_keeps_the_de():
    text = ("　　当差的引了一位客人进来，说：“请坐一会儿，老爷就出来。”客人坐下了。当差的进里面去，说：“去请老爷。”"
            "\n　　当差的出来说：“老爷来了。”客人站起来。当差的又倒了茶。当差的站在门口。他当差多年了。")
    names = list(_cast(text))
    assert "当差的" in names and "当差" not in names


def test_a_surname_and_mister_or_miss_is_the_one_person_named_with_that_surname():
    text = ("　　李南泉走到桥上，杨艳华打着伞过来。李南泉道：“杨小姐好。”杨艳华笑道：“李先生好。”\n"
            "　　李先生道：“下雨了。”杨小姐道：“是啊。”李先生笑了。杨小姐也笑了。李南泉回家去了。")
    chars = {c.name: set(c.aliases) for c in analyze(text, lang="zh").characters}
    assert "李先生" in chars["李南泉"] and "杨小姐" in chars["杨艳华"]


def test_sex_words_ending_a_name_or_description_give_its_sex_and_xiao_is_no_surname():
    text = ("　　虎妞病了。小福子带着小弟弟过来，给虎妞下了一跪。虎妞说：“起来吧。”小福子说：“谢谢。”"
            "他看着她，他觉得她可怜。他说：“你回去吧。”陈二奶奶来了。陈二奶奶说：“不要紧！”收生婆说：“没办法。”"
            "小福子又说：“祥哥！”")
    chars = {c.name: c for c in analyze(text, lang="zh").characters}
    assert chars["陈二奶奶"].gender == "female" and chars["收生婆"].gender == "female"
    assert chars["虎妞"].gender == "female"
    assert "小弟弟" not in chars["小福子"].aliases


def test_a_subject_after_a_linking_word_goes_on_into_a_lead_in_without_one():
    text = ("　　玉和和桂英坐着谈天。玉和说：“喝茶。”桂英说：“好。”玉和依然继续地说下去，并不知道到了什么时间。"
            "还是桂英想到时间上去，扭转手背一看手表，已经快到十一点钟了。便将玉和推了一推道：“你还不该去上衙门吗？”"
            "玉和笑道：“糟了。”")
    assert _speakers(text) == ["玉和", "桂英", "桂英", "玉和"]


def test_two_people_named_together_before_one_speech_verb_are_nobody_alone():
    text = ("　　鲁达回头看李忠、史进道：“你两个且在这里。”史进、李忠抱住劝道：“哥哥息怒。”"
            "鲁达道：“也罢。”史进说：“走吧。”李忠说：“好。”")
    assert _speakers(text)[:3] == ["鲁达", None, "鲁达"]


def test_a_titled_name_keeps_the_character_the_title_search_cut_off():
    text = ("　　我到了仙台，去寻藤野先生。这时进来的是藤野先生。我的讲义交给藤野先生，他和蔼的说道：“你看，这条血管移了一点位置。”"
            "\n　　我说：“是的。”他又说：“以后要小心。”我很感激藤野先生。")
    names = list(_cast(text))
    assert "藤野先生" in names and "野先生" not in names


def test_a_titled_name_grows_by_two_cut_off_characters():
    text = ("　　慰老爷转脸向着一个尖下巴的少爷道：“对不对？”尖下巴少爷赶忙挺直了身子，低声说：“的的确确。”"
            "\n　　慰老爷看着尖下巴少爷，笑了。尖下巴少爷也笑了。")
    names = list(_cast(text))
    assert "尖下巴少爷" in names and "巴少爷" not in names


def test_a_trade_that_opens_a_speech_tag_is_somebody_of_the_story():
    text = ("　　我收拾了行李，走下楼来。茶房开进门来，问我要不要吃饭。我说：“不要。”"
            "茶房又笑了一笑回答我说：“太太今天早晨出去了。”我说：“她上哪里去了？”")
    assert _speakers(text) == ["我", "茶房", "我"]


def test_a_cry_followed_by_a_sound_is_uttered_by_the_one_named_before_it():
    text = ("　　曹太太说：“祥子呢？”高妈说：“摔了。”祥子进了书房。曹先生正裹手上的药，见祥子进来，曹太太也“哟”了一声。"
            "\n　　“太太，他这下子可是摔得够瞧的。”高妈说。\n　　曹先生说：“不要紧。”曹太太说：“上点药吧。”")
    assert _speakers(text)[2] == "曹太太"


def test_a_short_quote_after_bidding_is_spoken():
    text = ("　　我们跳下船，双喜拔前篙，阿发拔后篙。母亲送出来吩咐“要小心”的时候，我们已经点开船了。"
            "\n　　双喜说：“走吧。”阿发说：“好。”")
    assert _speakers(text)[0] == "母亲"


def test_a_crowd_that_is_bidden_or_looked_at_is_no_subject_of_the_lead_in():
    text = ("　　袭人跪下央求。宝玉说：“起来吧。”宝玉忙把袭人扶起来，叹了一声，在床上坐下，叫众人起去，向袭人道：“叫我怎么样才好！”"
            "袭人说：“你别哭。”")
    assert _speakers(text)[1] == "宝玉"


def test_the_voice_the_narration_then_names_spoke_the_line():
    text = ("　　李南泉走到桥上。雨伞底下，有人叫道：“李先生，好几天不见了！”那声音便是杨艳华了。"
            "李南泉笑道：“杨小姐好。”杨艳华说：“好。”")
    assert _speakers(text)[0] == "杨艳华"


def test_the_old_master_of_a_household_is_somebody_who_speaks():
    text = ("　　在家里，没有人敢顶撞老太爷，除了瑞全。现在他拦阻大嫂说话，当然也含着反抗老太爷的意思。"
            "老太爷马上听出来那弦外之音。“怎么？你不愿意听我们说话？”"
            "\n　　“我是不爱听！”瑞全说。")
    assert _speakers(text)[0] == "老太爷"


def test_the_one_called_by_a_surname_is_somebody_who_speaks():
    text = ("　　老残同两位客人吃酒。姓李的道：“老兄可以捐个同知。”姓张的道：“李兄是天津的首富。”"
            "老残道：“承两位过爱。”")
    assert _speakers(text) == ["姓李的", "姓张的", "老残"]


def test_a_named_childs_grandmother_is_somebody_of_her_own():
    text = ("　　连殳的祖母早死了。大良和二良在院子里玩。我看时却是大良的祖母。大良的祖母走向前，指着说：“他停在那里。”"
            "\n　　大良的祖母也来了，说：“您回来了？”大良跑了。连殳说：“进来吧。”")
    names = list(_cast(text))
    assert "大良的祖母" in names


def test_a_bare_surname_that_asks_so_is_the_titled_one():
    text = ("　　黄先生来看雷先生，雷先生请黄先生坐。黄先生坐了下来。黄笑了一笑，雷又坐下来做他的模型。"
            "\n　　一天，无意中在大街遇见黄，各人都诉了一番痛苦。黄这样问他："
            "\n　　“现在你住在什么地方？”"
            "\n　　“我老实说，住在西市的街边。”雷先生说。")
    assert _speakers(text)[0] == "黄先生"  # not 黄这样, nobody's name


def test_a_name_read_as_two_words_that_leads_in_lines_is_somebody():
    text = ("　　招弟回来了，她的姐姐高第正在屋里。高第站起来：“你上哪儿去了？”"
            "\n　　招弟没有回答。高第压不住了怒气：“说呀！”"
            "\n　　招弟说：“我去看妈妈了。”高第冷笑了一声。")
    assert _speakers(text)[:2] == ["高第", "高第"]


def test_a_phrase_with_a_particle_or_a_conjunction_is_nobody():
    text = ("　　我走进书房。父亲平日所读的书都在桌上。母亲说：“你来了。”父亲平日所用的笔也在。"
            "\n　　我说：“我来看看。”")
    names = {f for c in _cast(text).values() for f in [c.name, *c.aliases]}
    assert "平日所" not in names and "父亲" in names


def test_a_kinship_word_is_no_pet_name_of_a_servant():
    text = ("　　陈妈进来了。陈妈说：“太太，车来了。”孩子跑过来，叫道：“妈妈，我也去！”"
            "\n　　陈妈笑了。陈妈又说：“小少爷也去吧。”")
    assert "妈妈" not in _cast(text)["陈妈"].aliases


def test_a_ladys_title_of_a_surname_whose_man_has_his_is_somebody_else():
    text = ("　　常居士坐在屋里念经。常居士说：“请坐。”小南笑道：“常先生好。”"
            "\n　　常居士又说：“你们常女士回来了没有？”小南道：“常女士还没有回来。”")
    chang = _cast(text)["常居士"]
    assert "常女士" not in chang.aliases and chang.gender != "female"


def test_a_trade_with_and_without_its_de_is_one_person():
    text = ("　　老残走进店里。掌柜的说：“客人住店么？”老残道：“住一夜。”掌柜说：“上房还有一间。”"
            "\n　　掌柜的又道：“客人吃饭不吃？”掌柜笑道：“有面。”")
    assert len({"掌柜", "掌柜的"} & set(_cast(text))) == 1


def test_a_man_called_x_jun_and_x_xiansheng_is_one_person():
    text = ("　　陈君坐在戏园里。陈君对我说：“今晚的戏好。”月英走过来，看见了陈先生，笑道：“你来了。”"
            "\n　　陈君点点头。陈先生的脸红了。月英又道：“请坐。”陈君说：“好。”")
    assert len({"陈君", "陈先生"} & set(_cast(text))) == 1


def test_a_chain_of_lines_opened_by_he_goes_back_to_the_man_named_before_it():
    lines = ["孙七把钱收在衣袋里，他看了小文一眼。", "孙七说：“我走了。”", "小文说：“走好。”",
             "孙七快走到大门，又听到了小文的笛音。", "那不是笛声，而是一种什么最辛酸的悲啼。",
             "他加快了脚步，那笛声要引出他的泪来。", "他到了七号的门外，正遇上李四爷由里边出来。",
             "他问了声：", "“怎么样，四爷爷？”", "“牛宅给了十块。”李四爷说。"]
    assert _speakers("\n".join(lines))[2] == "孙七"


def test_surname_and_title_of_a_man_known_by_his_given_name_are_his():
    text = ("　　樊家树来到天桥。家树看见关寿峰躺在床上。家树说：“大叔好些了吗？”寿峰道：“樊先生怎样知道我病了？”"
            "\n　　家树笑道：“我听说的。”寿峰又道：“樊先生请喝茶。”")
    assert "樊先生" in _cast(text)["家树"].aliases


def test_a_common_word_is_a_pet_name_where_a_line_calls_somebody_by_it():
    text = ("陈默推开家门。父亲陈建国坐在沙发上。陈建国说：“还知道回来？”陈默说：“加班。”"
            "\n周慧看了看儿子，叹了口气：“默默，你先回屋睡觉。”\n“妈……”\n陈默转身进了房间。")
    assert "默默" in _cast(text)["陈默"].aliases


def test_a_sound_is_nobody():
    text = ("翠姨坐在窗前。呜呜呜的风从窗外吹过。翠姨说：“好冷。”呜呜呜的又是一阵。"
            "\n我说：“关上窗吧。”呜呜呜，风又来了。翠姨笑了。")
    assert "呜呜呜" not in _cast(text)


def test_a_she_the_people_last_named_act_on_is_not_one_of_them():
    text = ("谢月英推门进来，我站起来迎她。\n“你来了。”我说。\n“来了。”谢月英笑着说。\n"
            "她坐在床上哭。她诉说她的苦处，她诉说她的师傅。李兰香是她的师妹，李兰香唱青衣。"
            "姥姥和李兰香非但不出来替她说一句话，背后头还要来埋怨她。她真不想再过这样的日子了。\n"
            "我就问她可愿意和我一道走。她听了我这一句话，问我说：\n“真的么？”\n“谁说谎来？”")
    assert _speakers(text)[2] == "谢月英"


def test_what_a_known_she_is_is_nobody_new():
    text = ("谢月英坐在床上。\n可是她只是一个女孩子，也实在有点不甘心。\n"
            "“那你的家里呢？”谢月英问。\n“家里只有我的娘。”我说。")
    assert not {"女孩", "女孩子"} & set(_cast(text))


def test_a_narrators_thought_between_lines_hands_a_statement_back_to_the_one_talking():
    lines = ["我认识了闰土。闰土很高兴，闰土对我讲了许多事。", "闰土又对我说：", "“现在太冷，你夏天到我们这里来。”",
             "“管贼么？”我问。", "“不是。要管的是獾猪，刺猬，猹。”", "“他不咬人么？”",
             "“有胡叉呢。走到了，看见猹了，你便刺。”", "我素不知道天下有这许多新鲜事。",
             "“我们沙地里，潮汛要来的时候，就有许多跳鱼儿只是跳……”"]
    assert _speakers("\n".join(lines))[-1] == "闰土"


def test_a_verb_that_never_acts_nor_speaks_is_nobody():
    text = ("子君坐在灯下。我的话一出口，却给我一个难堪的恶毒的冷嘲。子君似乎也觉得的。\n"
            "“你怎么了？”子君说。\n“没有什么。”我说。\n但是这又即刻来冷嘲我，使我失却那冷漠的镇静。")
    assert "冷嘲" not in _cast(text)


def test_a_king_known_by_his_title_is_somebody():
    text = ("游山并不能使国王觉得有趣，国王扫兴而还。\n午后，国王一起身，就又有些不高兴。\n"
            "“唉唉！无聊！”国王打一个大呵欠之后，高声说。")
    assert _speakers(text) == ["国王"]


def test_a_foreign_name_whose_first_sound_is_a_verb_is_somebody():
    text = ("我很想知道乐斯迷的事。准陀罗是和我同舟的人。\n那晚上，他教我和他到舵上去。"
            "准陀罗说：“那么大的洋海，只有这几尺地方，像醍醐海的颜色。”")
    assert "准陀罗" in _cast(text)


def test_a_stranger_who_gives_his_surname_is_the_one_named_so():
    text = ("麟趾坐在窗下。一个三十左右的男子，到阶下站着，便叫：“大官，大官在屋里么？”\n"
            "麟趾回答说：“大官出城去了，有什么事？”\n麟趾说：“你不是姓廖么？”\n“不错呀，我姓廖。”\n"
            "“那就对了。”\n廖成注视她的脸，听着她说。廖成把宜姑的地址告诉她，说：“你自己去吧。”")
    analysis = analyze(text, lang="zh")
    assert [d.speaker for d in analysis.dialogue()][0] == "廖成"
    liao = next(c for c in analysis.characters if c.name == "廖成")
    assert "三十左右的男子" in liao.aliases and liao.gender == "male"


def test_somebody_elses_surname_joins_nobody():
    text = ("沈国英走进院子。凤喜站在门口。\n沈国英说：“你认得我吗？”\n"
            "凤喜眼皮向他一撩，微笑着道：“我认得你，你也姓沈。”\n沈国英道：“是的。”")
    assert "凤喜" in _cast(text)


def test_a_man_brought_in_as_a_stranger_is_the_man_who_then_speaks():
    text = ("我和那主妇在屋里做哑谈，一位五十来岁的印度男子从外头进来。那主妇忙起身向他说了几句话。"
            "我在一个生地方遇见生面的男子，自然羞缩到了不得。那男子走到我跟前说：“喂，你已是我的人啦。”\n"
            "我说：“我不是。”")
    assert _speakers(text)[0] == "五十来岁的印度男子"


def test_that_man_is_the_one_man_a_tag_described():
    text = ("麟趾坐在窗下。一个三十左右的男子，到阶下站着，便叫：“大官，大官在屋里么？”\n"
            "麟趾回答说：“大官出城去了，有什么事？”\n那男子连忙问说：“这位便是新奶奶么？”")
    assert _speakers(text) == ["三十左右的男子", "麟趾", "三十左右的男子"]
