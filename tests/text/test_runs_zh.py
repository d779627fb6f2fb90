"""Chinese attribution: an untagged run of lines is decoded as one two-person exchange."""

from manju.text import analyze


def test_a_later_form_of_address_sets_the_phase_of_the_whole_run():
    # the narration before the run names the doctor, so the first guess is his; the fourth
    # line calls 李太太 and the tagged line after the run is hers, so the run starts with her
    text = (
        "王大夫坐在桌边写方子，李太太抱着孩子站在一旁。\n“孩子夜里还咳么？”王大夫问。\n"
        "“咳得厉害。”李太太说。\n王大夫点点头，没有作声。\n“要紧么？”\n“不要紧。”\n"
        "“要吃几天药？”\n“李太太，三天，记着忌口。”\n“记下了。”李太太答应着，抱起孩子走了。\n"
    )
    speakers = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    assert speakers == ["王大夫", "李太太", "李太太", "王大夫", "李太太", "王大夫", "李太太"]


def test_a_run_the_text_agrees_with_is_left_alone():
    text = (
        "赵大成和孙秀英坐在院子里。\n“今年的麦子怎样？”赵大成问。\n“还好。”孙秀英说。\n"
        "“雨水够么？”\n“够了。”\n“那就好。”赵大成说。\n"
    )
    speakers = [u.speaker for u in analyze(text, lang="zh").dialogue()]
    assert speakers == ["赵大成", "孙秀英", "赵大成", "孙秀英", "赵大成"]
