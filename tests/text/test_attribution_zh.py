"""Chinese attribution: descriptions as speakers, places, genders, objects and spouses in tags."""

from manju.text import analyze
from manju.text.model import TextAnalysis


def _sexes(res: TextAnalysis) -> dict[str, str]:
    return {c.name: c.gender for c in res.characters}


def _lines(text: str) -> list[tuple[str | None, str]]:
    return [(u.speaker, u.text) for u in analyze(text, lang="zh").dialogue()]


def test_description_speaker_linked_to_the_name_the_narration_gives():
    text = (
        "茶馆里坐满了人。\n“今年的雨水太多了。”一个胖子说。\n"
        "“可不是，麦子都烂在地里了。”赵德福接口道。\n"
        "众人都点头。原来那胖子就是镇上的保长孙有财。\n“烂了也得交粮。”胖子冷笑道。\n"
        "孙有财站起来，拍了拍肚子，走了出去。\n"
    )
    res = analyze(text, lang="zh")
    sun = res.character("孙有财")
    assert sun is not None and "胖子" in sun.aliases
    assert [u.speaker for u in res.dialogue()] == ["孙有财", "赵德福", "孙有财"]


def test_description_with_de_becomes_a_minor_character():
    text = (
        "渡船刚离岸，舱里就热闹起来。\n“老哥到县里去？”一个络腮胡的问。\n"
        "“去看看闺女。”李老汉说。\n络腮胡又问了几句，李老汉只是点头。\n"
        "“今年收成怎样？”络腮胡道。\n“还过得去。”李老汉答道。\n"
    )
    speakers = [s for s, _ in _lines(text)]
    assert speakers[0] == "络腮胡" and speakers[2] == "络腮胡"
    assert speakers[1] == speakers[3] == "李老汉"


def test_a_name_seen_only_after_locatives_is_a_place():
    text = (
        "天亮的时候，船到了柳家湾。柳家湾，他来过许多回。\n"
        "“明天还要到柳家湾去。”赵大成说。\n赵大成点了点头，又说：“从柳家湾回来再说。”\n"
    )
    res = analyze(text, lang="zh")
    assert res.character("柳家湾") is None
    assert res.character("赵大成") is not None


def test_gender_from_a_pronoun_inside_a_quote_and_from_titles():
    text = (
        "林秀站在门口，手里拿着伞。\n“我在等周远。他说今晚会来。”林秀说。\n"
        "周远推门进来，把外套挂在墙上。\n“下雨了。”周远说。\n"
        "“郑先生来过么？”林秀问。\n郑先生是周远的老师。\n"
    )
    res = analyze(text, lang="zh")
    zhou = res.character("周远")
    assert zhou is not None and zhou.gender == "male"


def test_the_speech_verbs_own_clause_subject_speaks():
    text = (
        "赵老四走到门前，众人都站了起来。\n"
        "孩子们连忙跑开，赵老四也笑着说：“不要怕。”\n"
    )
    assert _lines(text)[0][0] == "赵老四"


def test_the_object_of_a_preposition_does_not_speak():
    text = (
        "周大嫂端着饭走出来，周福已经坐在桌边。\n周大嫂看了看天色，把碗放在周福的面前道：“快吃吧，凉了。”\n"
        "“你也吃。”周福说。\n"
    )
    assert _lines(text)[0][0] == "周大嫂"


def test_his_woman_asks_him_and_the_run_follows():
    text = (
        "陈阿六从镇上回来，看见他的女人很高兴，问他说：“镇上有什么新闻？”\n"
        "“没有什么新闻。”\n“米价涨了没有？”\n“没有涨。”\n"
        "陈阿六嫂放了心，去灶下烧饭了。陈阿六嫂是个能干的女人，陈阿六嫂的饭做得好。\n"
    )
    speakers = [s for s, _ in _lines(text)]
    assert speakers == ["陈阿六嫂", "陈阿六", "陈阿六嫂", "陈阿六"]


def test_a_pronoun_tag_is_not_the_person_named_after_it_or_in_the_quote():
    text = (
        "吴先生坐在书桌前，吴家栋站在门口。吴家栋是他的侄子。\n"
        "“家栋，功课做完了么？”吴先生问。\n"
        "“做完了。”他转身向了吴先生，笔挺地站着。\n"
    )
    speakers = [s for s, _ in _lines(text)]
    assert speakers == ["吴先生", "吴家栋"]


def test_two_tagged_speakers_in_one_paragraph_of_a_first_person_story():
    text = (
        "我回到镇上的第二天，在河边遇见了周大嫂。周大嫂比从前老了许多。\n"
        "“你是从城里回来的？”她先开口问。“是的。”我说。\n"
        "“城里好么？”\n“也还好。”我说。\n"
    )
    res = analyze(text, lang="zh")
    zhou = res.character("周大嫂")
    assert zhou is not None and zhou.gender == "female"
    assert [u.speaker for u in res.dialogue()] == ["周大嫂", "我", "周大嫂", "我"]


def test_gender_from_a_title_said_after_the_name():
    text = (
        "办公室里只有两个人。周明远坐在窗下看报，孙立德在对面打算盘。\n"
        "“明远兄，你的侄儿好些了么？”立德忽然抬起头来问。\n"
        "“好些了，昨天已经能吃粥了。”明远放下报纸说。\n立德点点头，又低下头去打算盘。\n"
    )
    res = analyze(text, lang="zh")
    ming = res.character("明远")
    assert ming is not None and ming.gender == "male"
    li = res.character("立德")
    assert li is not None  # named 孙立德 (its full name), 立德 an alias
    assert [u.speaker for u in res.dialogue()] == [li.name, ming.name]


def test_a_given_name_alone_in_a_tag_is_a_name():
    text = (
        "办公室里只有两个人。周明远坐在窗下看报，孙立德在对面打算盘。\n"
        "“明远兄，你的侄儿好些了么？”立德忽然抬起头来问。\n"
        "“好些了，昨天已经能吃粥了。”明远放下报纸说。\n"
    )
    res = analyze(text, lang="zh")
    li, ming = res.character("立德"), res.character("明远")
    assert li is not None and ming is not None  # 孙立德 may carry 立德 as an alias
    assert [u.speaker for u in res.dialogue()] == [li.name, ming.name]


def test_the_person_a_tag_turns_to_answers():
    text = (
        "傍晚，郑大年在路口等车。远远地走来一个挑担的汉子，在他面前站住了。\n"
        "“是你么？”郑大年认出他是从前的伙计刘顺，便问。\n"
        "“是我。”\n“这些年在哪里？”\n“在南边做工。”\n刘顺放下担子，擦了擦汗。\n"
    )
    assert [s for s, _ in _lines(text)] == ["郑大年", "刘顺", "郑大年", "刘顺"]


def test_a_crowd_earlier_in_the_tag_sentence_speaks_and_the_next_lead_in_is_not_its_tag():
    text = (
        "傍晚，钱大福回到院子里。\n"
        "钱大福一路走来，坐在井边洗衣的女人们都站起身，甩着手上的水说，“大福哥，来喝碗茶！”"
        "钱大福也一路点头，说道“不了不了”，一径走到后院去了。\n"
        "“明天再来。”钱大福又说。\n"
    )
    res = analyze(text, lang="zh")
    assert [u.speaker for u in res.dialogue()] == [None, "钱大福", "钱大福"]


def test_a_man_the_tags_name_often_whose_sex_nothing_tells_is_a_man():
    # no 他 after 老周's name and no title: he was nobody's 他, so his 他说 went to 李先生
    text = ("老周走进茶馆，在李先生对面坐下。\n老周道：“来一壶龙井。”\n李先生道：“今天我请客。”\n"
            "老周道：“那怎么好意思。”\n李先生道：“别客气，坐吧。”\n老周道：“你身体还好？”\n"
            "李先生笑道：“还是老样子。”\n他摇摇头说：“我可不行了，腿脚不灵便。”\n")
    res = analyze(text, lang="zh")
    assert _sexes(res)["老周"] == "male"
    assert res.dialogue()[-1].speaker == "老周"


def test_a_letter_for_a_name_keeps_an_unknown_sex():
    # 郁达夫's b and k are women as often as men: three tags make nobody a man
    text = ("李先生走进屋里，b正在看书。\nb道：“你来了？”\n李先生道：“来了。”\nb道：“坐吧。”\n"
            "李先生道：“不坐了。”\nb道：“那就走吧。”\n")
    assert _sexes(analyze(text, lang="zh"))["b"] == "unknown"


def test_a_pronoun_after_a_time_clause_is_not_the_clauses_person():
    # 秀英当周守田走过来的时候，她……: 她 is 秀英, no vote for 周守田 being a woman
    text = ("秀英在井边洗衣服。秀英当周守田走过来的时候，她就站了起来。\n"
            "周守田道：“洗完了？”\n秀英道：“还没呢。”\n")
    sexes = _sexes(analyze(text, lang="zh"))
    assert sexes["秀英"] == "female"
    assert sexes["周守田"] != "female"


def test_a_lead_in_ending_in_a_speech_verb_with_zhe():
    # 连说着“……”: 说着 ends a lead-in as 说 does
    text = ("张老太坐在门口，张老太最爱说旧事。刘二哥要添饭。王大嫂正没好气，骂道，“谁要你来多嘴！”"
            "王大嫂直跳起来，捡起破碗，也喝道，“该死的！”一巴掌打倒了刘二哥。刘二哥躺着哭，"
            "张老太拉了他的手，连说着“一代不如一代”，一同走了。\n")
    lines = _lines(text)
    assert lines[-1] == ("张老太", "一代不如一代")


def test_who_the_narration_only_acts_on_is_no_speaker_when_a_pronoun_goes_on():
    # 她跪在灶王爷前边……。/ 她站起来……。/ “……”: 灶王爷 is what she prays to; the 她 is the
    # latest woman named, and she speaks
    text = ("刘大娘坐在炕上等儿子。\n刘大娘一夜没睡。\n她跪在灶王爷前边，想要问一问灶王爷，她的儿子还能回来不能！\n"
            "她站起来，到柜上去取火柴，她才想起来，那香是隔年的。\n“这是多么不敬呵！”\n")
    assert _lines(text)[-1] == ("刘大娘", "这是多么不敬呵！")


def test_a_subject_after_a_conjunction_opens_its_clause():
    # ……，而李文卿却……。/ “……”: the subject after 而 is the paragraph's last, and speaks
    text = ("郑秀岳和李文卿住在一间房里。李文卿比她大两岁。\n"
            "郑秀岳坐在窗前看着窗外的夜景，而李文卿却早把外衣脱了下来，上床去躺下了。\n“还不来睡么？坐在那里干什么？”\n")
    assert _lines(text)[-1][0] == "李文卿"


def test_a_pronoun_tag_after_another_woman_acts_is_a_new_turn():
    # 杨艳华笑道：“……”一会儿，李太太……回来了。她道：“……”: one paragraph, two women
    text = ("杨艳华是个唱戏的姑娘，她常到李家来。李太太道：“这孩子嘴甜。”\n"
            "这天晚上，杨艳华坐在桥头上笑道：“我在你这桥上摔着了，老师在和我当着看护呢。”"
            "一会儿工夫，李太太带着孩子们一路埋怨着回来了。她道：“你这些孩子真是讨厌。”\n")
    assert _lines(text)[-1][0] == "李太太"


def test_two_who_answer_together_are_nobody_the_story_names():
    # 二人俱欠身道: both at once (俱), as 都 or 同声 would say
    text = ("白公坐在上首，王子谨和刘仁甫坐在下首。白公道：“月饼之为物，断无加入之理。二公以为何如？”"
            "王子谨和刘仁甫俱欠身道：“是。”\n")
    assert _lines(text)[-1] == (None, "是。")


def test_a_count_of_people_so_described_is_a_crowd():
    # 两个老妈子……口里连道: two of them, nobody the story names; 拿了两个三弦子 is a thing
    text = ("沈国英站在门口看着凤喜。老妈子端了茶来，老妈子道：“请喝茶。”凤喜只管发笑。两个老妈子，赶快拉了凤喜"
            "便走，口里连道：“有糖，吃糖去吧。”\n一个汉子进来，手里拿了两个三弦子，嘴里向凤喜说道：“叫你唱曲呢。”\n")
    lines = _lines(text)
    assert lines[1] == (None, "有糖，吃糖去吧。")
    assert lines[2][0] == "汉子"


def test_the_crowd_somebody_calls_out_to_is_no_speaker():
    # 车夫……下来喊众人道: 众人 are called, the driver speaks
    text = ("车夫和几个客人都爬到树上躲虎。大家等了许久，不见虎的动静。还是那树上的车夫胆大，下来喊众人道："
            "“出来罢！虎去远了。”车夫又去牵马。\n")
    assert _lines(text)[-1] == ("车夫", "出来罢！虎去远了。")


def test_he_who_goes_on_saying_it_is_the_one_who_just_spoke():
    # “……”/ 他说着就跳起来，……口里说道：/ “……”: 他说着 goes on from his own line
    text = ("公输般和墨子坐在屋里。公输般是鲁国的巧匠。\n“你的云梯造好了么？”墨子问。\n"
            "“早造好了。”公输般说，“等一等，我请你看一点玩意儿。”\n"
            "他说着就跳起来，跑进后房去，好像是在翻箱子。不一会，又出来了，手里拿着一只木头做成的喜鹊，交给墨子，口里说道：\n"
            "“只要一开，可以飞三天。”\n")
    assert _lines(text)[-1][0] == "公输般"


def test_quan_ending_a_name_is_no_all_at_once():
    # 李德全小心翼翼地说: 全 ends his name; 小孩子全操着四川话问他 is all the children
    text = ("皇上坐在殿中，李德全站在一旁。皇上道：“朕累了。”李德全小心翼翼地说：“陛下早些歇着吧。”\n"
            "李南泉走到村口，小孩子全操着四川话问他：“有李子没得？”\n")
    lines = _lines(text)
    assert lines[1] == ("李德全", "陛下早些歇着吧。")
    assert lines[2][0] is None


def test_rising_together_is_not_saying_together():
    # 多九公向唐敖递个眼色，一齐起身道: 一齐 is the rising; the one who opens the sentence speaks
    text = ("唐敖和多九公在主人家吃茶。多九公是个老舵工。多九公笑道：“好茶。”主人道：“正是。”"
            "多九公向唐敖递个眼色，一齐起身道：“多承主人厚赐，暂且失陪。”唐敖也拱了拱手。\n")
    assert _lines(text)[-1][0] == "多九公"


def test_a_kin_word_after_his_opens_its_clause():
    # 他父亲只摇摇头，说: the father, whom 他 owns, is the subject; not the 我 who asked
    text = ("朱君躺在床上。我走近他父亲的身边，问陈老头哪里去了。他父亲说：“他早就回去了。”"
            "我又问朱君服的是什么药，他父亲只摇摇头，说：“我也不晓得。”\n")
    assert _lines(text)[-1] == ("父亲", "我也不晓得。")


def test_the_agent_of_a_passive_clause_goes_on_to_speak():
    # 有一回给沈四太太看到了，大声说道: who saw it speaks (给 + a verb of seeing), not 我们
    text = ("沈四太太住在我家隔壁，我们最愿意在她家里玩。冬天，水缸里结了薄冰的时候，我们大清早起一看见，便吃冰。有一回给沈四太太看到了，"
            "大声说道：“莫吃呀，要肚子疼的呢！”\n")
    assert _lines(text)[-1] == ("沈四太太", "莫吃呀，要肚子疼的呢！")


def test_how_much_he_scolds_is_no_unnamed_voice():
    # 骂了一个狗血喷头道: 一个 measures the scolding; the one who scolds is named before
    text = ("范进因没有盘费，走去同丈人商议，被胡屠户一口啐在脸上，骂了一个狗血喷头道：“不要失了你的时了！”"
            "胡屠户又说了。\n")
    assert _lines(text)[-1] == ("胡屠户", "不要失了你的时了！")


def test_a_stranger_who_says_who_he_is_is_that_person():
    # “小人就是华山大王小穷奇，”那拿刀的说: the one with the knife is 小穷奇, whom the story
    # names; his lines are 小穷奇's (not a cast member of his own)
    text = ("伯夷和叔齐走到华山下。小穷奇是华山的大王。小穷奇带着四个兄弟守在冈下。为首的拿一把大刀。\n"
            "“小人就是华山大王小穷奇（22），”那拿刀的说，“要请您老赏一点买路钱！”\n"
            "“我们那里有钱呢，大王。”叔齐很客气的说。\n")
    lines = _lines(text)
    assert lines[0][0] == "小穷奇"
    assert lines[1][0] == "小穷奇"


def test_whom_a_subjectless_clause_turns_to_is_not_her():
    # 和李兰香姥姥应答了几句，……她第一句话就说: 我 answers the grandmother; 她 is 谢月英,
    # whom the passage is about
    text = ("我走进房里，我的心跳得很快。谢月英坐在镜台前梳头，我看见她的侧面上起了一层红晕。谢月英也对我笑了一脸。"
            "谢月英说：“你来了。”李兰香姥姥是她的师傅。姥姥说：“坐罢。”\n"
            "和李兰香姥姥应答了几句，等我坐定了一忽，她的辫子也梳好了。回转身来对我笑了一脸，她第一句话就说：\n"
            "“王先生，几天不看见，你又长得那么丰满了。”\n")
    assert _lines(text)[-1][0] == "谢月英"


def test_a_silent_beat_naming_nobody_keeps_the_exchange_going():
    # 屋里都静了。: nobody is named between, so the answer is the one who spoke before the beat,
    # not the daughter who sits there and is spoken of
    text = ("周木生和他的女儿秀英走进茶馆，周木生坐下，秀英坐在他身边，对着王二。\n"
            "“木生叔进城去？”王二问。\n"
            "“不进城，”周木生摇摇头，“就到镇上走一趟。”\n"
            "屋里都静了，只是看着他们。\n"
            "“还是为了秀英的事么？”过了一会，王二又问。\n"
            "“还是为她。……真是烦死我了。”\n"
            "“这回还是找保长去？”\n"
            "“还是找他。”\n"
            "“保长？”王二说。\n"
            "“我倒并不想回那边去，王二哥！”秀英气愤地说。\n")
    lines = _lines(text)
    assert lines[4][0] == "周木生"
    assert lines[6][0] == "周木生"


def test_the_narrator_told_something_is_not_who_tells_it():
    # 临走时向我告诉: 我 is told; the young man who came about the lessons speaks
    text = ("我坐在屋里等郎华回来。一个年轻人来学武术，年轻人很规矩地坐着。\n“等一等再讲吧！”我说。\n"
            "他规规矩矩，很无聊地坐着。大约十分钟又过去了！我很着急。\n“你等一等，就回来的。”\n"
            "结果不能等，临走时向我告诉：\n“我有肺病，医生叫我运动运动。”\n")
    assert _lines(text)[-1][0] == "年轻人"


def test_both_answering_at_once_is_nobody_single():
    # 二公皆连忙欠身答道: 皆 (all of them) answer together; no one of them says it alone
    text = ("白公将两种月饼详细对校了，送刚、王二公看，说：“这两起月饼，皮色确是一样，二公以为何如？”"
            "二公皆连忙欠身答道：“大人明见，一点不错。”\n")
    assert _lines(text)[-1] == (None, "大人明见，一点不错。")


def test_one_of_a_group_is_nobody_the_story_names():
    # 邻居内一个人道, 内中一人问X道: one of the neighbours, one of the crowd; not the group the
    # cast holds, nor the one asked
    text = ("胡屠户上前道：“贤婿老爷，方才不是我敢大胆。”邻居内一个人道：“胡老爹方才这个嘴巴打的亲切。”"
            "范进笑了。周进讨了茶来吃。内中一人问申祥甫道：“你这位先生是几时来的？”申祥甫道：“昨日。”\n")
    lines = _lines(text)
    assert lines[1] == (None, "胡老爹方才这个嘴巴打的亲切。")
    assert lines[2] == (None, "你这位先生是几时来的？")
