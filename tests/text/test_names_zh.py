"""Chinese names: full names said once and given names after, siblings, kin words before a name."""

from manju.text import analyze


def _cast(text: str) -> dict[str, list[str]]:
    return {c.name: c.aliases for c in analyze(text, lang="zh").characters}


def test_full_name_once_then_a_given_name_that_is_a_dictionary_word():
    text = ("王建国从县城回来，天已经黑了。\n建国把包袱放在炕上，母亲迎了上来。\n"
            "“路上冷不冷？”母亲问。\n建国搓了搓手，说：“不冷。”\n建国又说：“爹呢？”\n")
    cast = _cast(text)
    assert "建国" in cast.get("王建国", [])
    speakers = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    assert speakers == ["母亲", "王建国", "王建国"]


def test_siblings_sharing_a_generation_character_are_two_people():
    text = ("父亲张德顺坐在门槛上抽烟。\n三叔张德福推门进来，满身是土。\n"
            "“哥，借我两块钱。”张德福说。\n张德顺没有抬头：“又借？”\n")
    cast = _cast(text)
    assert "张德" not in cast
    assert {"张德顺", "张德福"} <= set(cast)


def test_kin_word_before_a_name_is_that_person_and_his_wife_is_not():
    text = ("二爸赵满仓钻进窑来。\n二爸在灶火边蹲下，说：“哥，我有个事。”\n"
            "“啥事？”父亲问。\n“你二妈让我来借点盐。”二爸说。\n二爸笑了。\n")
    cast = _cast(text)
    assert "二爸" in cast.get("赵满仓", [])
    assert all("二妈" not in forms for forms in cast.values())


def test_a_comparison_and_a_count_after_a_kin_word_are_no_names():
    text = ("二爸走进来。他比父亲小六岁，却显得比父亲还老。\n老师连这个都知道。\n"
            "“哥。”二爸说。\n父亲说：“坐。”\n")
    cast = _cast(text)
    assert not {"比父亲", "小六岁", "连这个"} & set(cast)


def test_a_pet_name_from_the_last_character_of_a_given_name():
    text = ("赵春生从地里回来。\n春生放下锄头，母亲迎了出来。\n"
            "“生娃，饭在锅里。”母亲说。\n春生点点头。\n")
    cast = _cast(text)
    assert "生娃" in cast.get("赵春生", [])


def test_a_pair_is_nobody_and_a_daughter_named_once_is_her_given_name():
    text = ("王桂兰带着女儿周小芹去地里拔草。\n母女俩蹲在地垄里。\n小芹抬起头来：“妈，我想去县里。”\n"
            "桂兰没有说话。\n母女俩又拔了一阵草，小芹站起来捶了捶腰。\n")
    cast = _cast(text)
    assert "母女俩" not in cast
    assert "小芹" in cast.get("周小芹", [])


def test_a_daughter_named_after_guinv_and_her_pet_name():
    text = ("孙长顺走在前头，闺女孙春妮提着水罐跟在后面。\n长顺蹲下来看了看麦穗。\n"
            "春妮把水罐放在树荫下，也拿起一把镰刀。\n“妮子，你别割了。”长顺说。\n")
    cast = _cast(text)
    assert {"春妮", "妮子"} <= set(cast.get("孙春妮", []))


def test_a_word_mostly_after_a_negation_or_before_le_is_an_act_not_a_person():
    text = ("巡警老王站在街口。老王不明白这是怎么回事，他没明白，也不想明白。铺户都关了门。老王说：“放下！”\n"
            "明白了，老王才往回走。老王道：“谁在那里？”\n")
    assert list(_cast(text)) == ["老王"]


def test_a_word_mostly_after_zai_or_li_is_a_place_not_a_person():
    text = ("文朴到了东梓关的埠头。埠头离他家不远。文朴呆呆地在埠头立了几分钟。一处离埠头不远的池塘里，"
            "游泳着几只鸭。\n文朴道：“该回去了。”\n“谢谢你。”文朴说。\n")
    assert list(_cast(text)) == ["文朴"]


def test_old_and_surname_is_the_one_man_of_that_surname():
    text = ("戏班里的孙福生收拾着刀枪，小伙计都睡了。\n老孙坐在门槛上抽烟，一声不响。\n"
            "孙福生站起来说：“明天到镇上去。”\n老孙又说：“你们早点睡。”\n"
            "刘强从庙外进来，冲着老孙笑道：“好久不见了！”\n老孙说：“你来做什么？”\n")
    cast = _cast(text)
    assert "老孙" in cast.get("孙福生", [])
    speakers = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    assert speakers == ["孙福生", "孙福生", "刘强", "孙福生"]


def test_a_lead_in_opening_with_a_preposition_is_no_name():
    text = ("只见门帘一响，进来了两个姑娘。宋子良道：“你们来了？”朝里指道：“这位是我的朋友。”\n"
            "姑娘们都笑了。\n")
    assert "朝里指" not in _cast(text)
    speakers = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    assert speakers == ["宋子良", "宋子良"]


def test_a_shoulder_and_places_of_a_city_are_nobody():
    text = ("闸北的工人，南市的工人，都拿起了斧头。苏秀英被刺刀刺伤了右肩，倒在地下。\n"
            "右肩肩锁骨边，直连到腋下，全被血水浸湿了。苏秀英的右肩肿了起来。\n"
            "她醒来的时候，右肩的伤处还没有收口。闸北的兵队都被打倒了，南市的工人也来了。\n"
            "“你醒了么？”阿六问。\n“我们胜了么？”苏秀英说。\n")
    cast = _cast(text)
    assert not {"右肩", "闸北", "南市"} & set(cast)
    assert "苏秀英" in cast
    for text in ("闸北的工人都拿起了斧头。南市也起了火。苏秀英被刺伤了。闸北的兵队都被打倒了。"
                 "南市的街上很乱。苏秀英说：“我们胜了么？”\n",
                 "革命军攻入上海，闸北南市，各发生了战事。闸北，南市，吴淞一带的工农都拿起了斧头。"
                 "闸北的兵队被打倒了。苏秀英说：“胜了么？”\n"):
        assert list(_cast(text)) == ["苏秀英"]  # the districts, named by the dictionary, are no people


def test_a_verb_after_an_adverb_is_no_surname():
    text = ("祖凤走后，和鸾在小屋里独自一人颇觉寂寞。她很信祖凤那副好身手。\n"
            "祖凤回来了。祖凤说：“小姐，我回来了。”\n祖凤笑了。和鸾说：“你回来了。”\n")
    cast = _cast(text)
    assert "祖凤" in cast and "信祖凤" not in cast


def test_a_rare_word_that_acts_again_and_again_is_a_name():
    text = ("可为推门进来，两人都昂头瞧着他。严庄问：“又是她来的电话？”\n"
            "可为一对忠诚的眼望着他。可为说：“大家同事，彼此帮忙。”\n"
            "可为不再作声，拿着报纸坐下了。可为皱一皱眉头。可为站起来。可为又坐下。\n"
            "“老严，您别胡批评人。”\n“我倒不胡批评人。”严庄说。\n"
            "而且天也黑了。而且他们都走了。\n")
    cast = _cast(text)
    assert "可为" in cast and "而且" not in cast


def test_a_plain_majority_of_three_votes_settles_a_sex_in_chinese_only():
    from manju.text.cast import Cast

    for majority, want in ((False, "unknown"), (True, "female")):  # English asks a clear lead
        cast = Cast(majority_settles=majority)
        cid = cast.add("和鸾")
        cast.gender_votes[cid].update({"female": 3, "male": 2})
        assert cast.gender(cid) == want
    cast.gender_votes[cid].update({"male": 1})
    assert cast.gender(cid) == "unknown"  # a tie settles nothing


def test_a_polite_title_after_the_bare_surname_calls_the_one_full_name_of_it():
    from manju.text.cast import Cast
    from manju.text.coref_zh import surname_titled, title_votes

    # 冯庄, a village the names pass let in, has the surname too, but no full name is two
    # characters long: 冯先生 is the one 冯 of three, a man, whom the line calls
    cast = Cast()
    him = cast.add("冯子谦")
    cast.add("冯庄")
    cast.add("郑秀岳", gender="female")
    cast.gender_votes[him].update({"female": 2})  # 和这一位冯子谦相遇之后，她……
    title_votes("“冯先生，你在看什么书？”\n“冯先生，你不在用功么？”", cast)
    assert cast.gender(him) == "male"
    assert surname_titled("冯先生", cast) == him
    assert surname_titled("冯小姐", cast) is None  # he is no miss
    assert surname_titled("郑先生", cast) is None  # the one 郑 is no man
    cast.add("冯去非")
    assert surname_titled("冯先生", cast) is None  # two of them: nobody can tell which
    aunt = Cast()
    aunt.add("王大妈")  # a surname and a word for a person: no full name
    assert surname_titled("王先生", aunt) is None
    # 林君如 opens with 君: no 林君 to vote a man
    sex = {c.name: c.gender for c in analyze("林君如走进屋来，坐在窗前。\n林君如笑了一笑。\n", lang="zh").characters}
    assert sex["林君如"] == "unknown"


def test_a_pronoun_after_a_clause_opening_conjunction_votes_the_sex():
    # 因为她, 可是她: the pronoun still opens its clause, so it tells the sex of 林婉如
    text = ("林婉如从南方回来，因为她的父亲刚去世了。林婉如住在城里，可是她不喜欢城里的房子。\n"
            "林婉如走进屋来，坐在窗前。\n")
    sex = {c.name: c.gender for c in analyze(text, lang="zh").characters}
    assert sex["林婉如"] == "female"


def test_a_given_name_that_is_a_word_is_hers_when_it_leads_a_line_in():
    # 明月 is a word (the bright moon), but 明月道：“……” is 苏明月 speaking
    text = ("苏明月和周子安在亭子里坐着，看那一轮明月。苏明月低着头，周子安看了看苏明月。\n"
            "周子安笑道：“今晚的月亮真圆。”\n明月道：“可惜明天就要走了。”\n")
    res = analyze(text, lang="zh")
    assert "明月" in next(c for c in res.characters if c.name == "苏明月").aliases
    assert [u.speaker for u in res.dialogue()] == ["周子安", "苏明月"]


def test_a_word_that_opens_sentences_and_leads_a_line_in_is_a_name():
    # 晚秋 is a time word (late autumn), but it speaks once and opens three sentences
    text = ("新房里来了许多客，孟继祖和王幼春都在。晚秋坐在床边。孟继祖拱手道：“新嫂子。”晚秋道：“不敢当。”"
            "孟继祖又道：“请作一首诗。”晚秋一想，这也不难。晚秋一听这话，就笑了。王幼春道：“好！”\n")
    said = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    assert said == ["孟继祖", "晚秋", "孟继祖", "王幼春"]


def test_a_word_of_its_own_is_no_title_of_a_given_name():
    # 银姑's 姑 and the title 娘 make 姑娘, which is any girl, not 银姑
    text = ("银姑坐在窗前织布，母亲在灶前烧火。\n银姑道：“今天一定织完。”\n母亲道：“别累着。”\n"
            "一会儿，隔壁的姑娘走了进来。姑娘笑道：“银姑，歇一会吧。”\n")
    assert "姑娘" not in _cast(text)["银姑"]


def test_that_before_a_full_name_in_a_lead_in():
    # 那孔大器问道: 大器 is a dictionary word, so only the lead-in tells 孔大器 is a name
    text = ("走不多远，迎面来了一个大个儿，显然是个小阔人。他看见周九成，笑着问道：“你一个人吗？”"
            "周九成道：“还有我一位朋友。”便给两方面介绍道：“这是杨杏园先生，这是孔大器先生。”"
            "杨杏园一看孔大器，分明是一位议员。那孔大器问道：“你们二位在什么地方坐？”\n")
    assert analyze(text, lang="zh").dialogue()[-1].speaker == "孔大器"


def test_a_lead_in_names_a_man_who_comes_in():
    # 张顺进来说: 进 opens 进来, so the man who comes in is 张顺, not 张顺进
    text = "金铨坐在客厅里看报。金铨道：“天色不早了。”正说到这里，张顺进来说：“老爷，车子备好了。”金铨点点头。\n"
    res = analyze(text, lang="zh")
    assert res.dialogue()[-1].speaker == "张顺"
    assert res.character("张顺进") is None


def test_a_gesture_opening_clauses_is_no_name():
    # 将身一闪, 头戴儒巾: what a body does opens the clause, nobody is called 将身 or 头戴
    text = ("唐闺臣站在山上。唐闺臣将身一闪，躲在树后，将身靠着石头，说道：“好险！”林之洋道：“快走罢。”"
            "将身一纵，林之洋也跳了过去。头戴儒巾，手执令旗，为首一员大将喝道：“站住！”头戴儒巾的兵都围了上来。\n")
    res = analyze(text, lang="zh")
    assert res.character("将身") is None and res.character("头戴") is None


def test_a_name_and_what_that_person_sees_is_no_name():
    # 难胜看见她起来: 难胜 is met alone far more often; 难胜看见 is 难胜 and what he does
    text = ("难胜太子被关在灯台里。公主每夜都想着难胜。难胜在灯台里读书。难胜的衣服很旧。"
            "难胜看见她起来，从容地说：“我是你的俘虏。”难胜轻轻地走了。难胜看见灯光，便笑了。\n")
    res = analyze(text, lang="zh")
    assert res.character("难胜看见") is None


def test_a_thing_and_what_it_will_do_is_no_name():
    # 羊会伤著自己的脸面: 会 is "will", so 羊会 is the goat and a verb, nobody of the story
    text = ("二里半的羊丢了。他说羊丢了不是好兆相，羊会伤著自己的脸面。妻子不晓得养羊会有什么不好，"
            "她说：“我去找。”\n“找羊会出别的事哩！”二里半说。羊会不会回来，谁也不知道。\n")
    assert analyze(text, lang="zh").character("羊会") is None


def test_a_day_opening_a_clause_is_no_name():
    # 次日早起，老残出去雇车: 次日早 is the next morning, not somebody who speaks
    text = ("老残与申东造谈到深夜，各自归房安歇去了。\n\n"
            "次日早起，老残出去雇了一辆骡车，将行李装好，他就将那件狐裘交给店家，说：“等申大老爷回来，送上去。”"
            "店家慌忙装了进去，然后送老残动身上车。\n\n"
            "两三日工夫已到了东昌城内，老残找了一家车店住下。当晚安置停妥，次日早饭后便往街上寻觅书店。"
            "那掌柜的道：“我们这东昌府，文风最著名的。”\n")
    res = analyze(text, lang="zh")
    assert res.character("次日早") is None
    assert res.dialogue()[0].speaker == "老残"


def test_the_narrators_relative_in_a_cast_with_no_name_yet():
    # a story whose only people are 我 and 我的朋友: the relative joins without any name to
    # hang on (this once failed for want of a name)
    from manju.text.cast import Cast
    from manju.text.cast_zh import add_relatives

    text = "我的朋友说：“好。”我的朋友又说：“走。”"
    cast = Cast()
    add_relatives(text, bytearray([1] * len(text)), cast)
    assert [c.name for c in cast.chars] == ["我的朋友"]


def test_a_described_stranger_keeps_the_whole_head_noun():
    # 一个马来妇人: the head is 妇人, so the stranger is 马来妇人, not 马来妇
    text = ("我到了店里。管店的是一个马来妇人，她出来，说：“请进。”那马来妇人上前向他说了几句。"
            "那马来妇人倒是很殷勤，说：“你坐。”\n")
    res = analyze(text, lang="zh")
    assert res.character("马来妇") is None
    assert [u.speaker for u in res.dialogue()] == ["马来妇人", "马来妇人"]


def test_come_and_a_word_is_no_name():
    # 来一个, 来上海: 来 is a surname too, but here it is "come" and what follows a word of its own
    text = ("后来一个年轻人来了。来一个人就问一次价钱。来上海的人很多。年轻人说：“不能少点吗？”"
            "来一个学生，来上海找事做，来一个就走一个。来上海以后，年轻人又说：“我有肺病。”\n")
    res = analyze(text, lang="zh")
    assert res.character("来一个") is None and res.character("来上海") is None


def test_a_name_and_what_he_does_next_is_no_second_person():
    # 胡二拿着东西: 胡二 is met far more often alone; 胡二拿 is nobody of the cast
    text = ("杨杏园亲自提了一包杏子进家，交给长班胡二，马上写了一封信，叫他一并送到李冬青家里去。"
            "胡二拿着东西走出院子去了，又叫他回来，对他说道：“你在那里等一等，若是有回信，你带回来。”"
            "胡二道：“那末，我就说等回信得了。”杨杏园想了一想，说道：“不必说罢。”"
            "胡二笑道：“先生，不说要回信，怎样好在人家那里等呢？”杨杏园道：“你等一会儿得了。”"
            "胡二心想，这可是一趟辣手的事。\n")
    res = analyze(text, lang="zh")
    assert res.character("胡二拿") is None


def test_a_name_after_another_person_in_its_clause_votes_no_sex():
    # 沈国英对林喜的情爱……，他不便哭: the 他 goes on with 沈国英, the subject; 林喜 is no man
    text = ("沈国英走进屋来。沈国英笑了一笑。\n沈国英对林喜的情爱是如彼，关系又不过如此，他不便哭。\n"
            "林喜走进屋来，坐在窗前。\n林喜笑了一笑。\n")
    sex = {c.name: c.gender for c in analyze(text, lang="zh").characters}
    assert sex["林喜"] == "unknown"


def test_whom_a_clause_opening_preposition_takes_votes_no_sex():
    # 在林喜口里，他久已知道: 林喜 is what 他 heard it from, not him
    text = ("沈国英走进屋来。沈国英笑了一笑。\n在林喜口里，他久已知道这件事。\n"
            "林喜走进屋来，坐在窗前。\n林喜笑了一笑。\n")
    sex = {c.name: c.gender for c in analyze(text, lang="zh").characters}
    assert sex["林喜"] == "unknown"


def test_a_name_and_what_he_hears_is_no_name():
    # 雷听了 / 雷听见: 雷 and 听, not somebody called 雷听
    text = ("雷先生走进屋来。雷听了几乎喜得跳起来。\n黄先生说：“你来了。”\n雷听见他也是这样说，就笑了。\n"
            "雷先生说：“好。”\n")
    assert "雷听" not in {c.name for c in analyze(text, lang="zh").characters}


def test_a_name_that_wishes_for_a_brother_is_a_girls():
    # 招弟 (call a younger brother): a daughter's name, not 弟 of a man's title (贤弟, 老弟)
    text = "招弟偏着头，想了一会。“好吧。”晓荷笑了。招弟说：“我去。”晓荷说：“去吧。”招弟站起来。招弟走了。\n"
    sex = {c.name: c.gender for c in analyze(text, lang="zh").characters}
    assert sex["招弟"] == "female"
