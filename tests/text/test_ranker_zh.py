"""Chinese silver-label ranker, quoted terms, names and vocatives (examples written for these tests)."""

import numpy as np

from manju.text import analyze, dialogue, ranker_zh
from manju.text.decode_zh import COLLECT


def _speakers(text: str) -> list[tuple[str, str | None]]:
    return [(u.text, u.speaker) for u in analyze(text, lang="zh").dialogue()]


def test_name_ending_in_an_adverb_like_character_is_kept():
    text = ("欧阳高推门进来，说：“雨停了。”\n何芸放下书，说：“那就走吧。”\n"
            "欧阳高点点头，说：“我去拿伞。”\n何芸笑道：“雨都停了，还拿伞？”\n欧阳高挠了挠头。\n")
    names = {c.name for c in analyze(text, lang="zh").characters}
    assert "欧阳高" in names


def test_verb_with_its_result_is_no_name():
    text = ("韩松说完，跑到门口，喊道：“快来！”\n许岚跑到院里，问：“怎么了？”\n"
            "韩松说：“井里有东西。”\n许岚跑到井边看了看，说：“是只猫。”\n")
    names = {c.name for c in analyze(text, lang="zh").characters}
    assert "跑到" not in names
    assert {"韩松", "许岚"} <= names


def test_quoted_word_in_narration_is_not_a_turn():
    text = ("掌柜郑福把那块“镇纸”递给了秦川，又转脸向秦川说话。\n"
            "“你看这成色如何？”\n“不过如此。”\n“三两银子。”\n“二两。”\n"
            "秦川接过“镇纸”，掂了掂，放进袖里。\n")
    got = _speakers(text)
    words = [w for w, _ in got]
    assert "镇纸" in words  # still read as a quotation, but nobody is said to speak it
    assert dict(got)["镇纸"] is None
    lines = [s for w, s in got if w != "镇纸"]
    assert lines[1] != lines[0] and lines[2] == lines[0] and lines[3] == lines[1]


def test_addressee_called_by_name_is_not_the_speaker():
    text = ("董平和唐薇坐在灯下。\n“唐薇，明天你去吗？”董平问。\n“去。”唐薇说。\n"
            "“那我们一早就走。”\n“董平，你别忘了带钥匙。”\n")
    got = dict(_speakers(text))
    assert got["董平，你别忘了带钥匙。"] != "董平"


def test_ranker_learns_from_silver_examples():
    # two candidates; the first always has feature p2_alt and is always the answer
    i = ranker_zh.FEATURES.index("p2_alt")
    ex = []
    for _ in range(20):
        x = np.zeros((2, len(ranker_zh.FEATURES)))
        x[0, i] = 1.0
        ex.append((x, 0))
    w0 = np.zeros(len(ranker_zh.FEATURES))
    w = ranker_zh.fit(ex, w0, l2=1.0)
    assert w[i] > 1.0
    # a strong pull to the prior keeps the weights near it
    assert abs(ranker_zh.fit(ex, w0, l2=1e6)[i]) < 0.01


def test_tagged_turns_become_silver_examples_with_the_tag_hidden():
    text = ("魏青和孔然在河边走。\n魏青说：“水涨了。”\n孔然说：“昨夜下了雨。”\n"
            "魏青说：“回去吧。”\n孔然说：“好。”\n")
    sink: list = []
    COLLECT[0] = sink
    try:
        analyze(text, lang="zh")
    finally:
        COLLECT[0] = None
    assert sink
    for x, y in sink:
        assert x.shape[1] == len(ranker_zh.FEATURES) and 0 <= y < len(x)


def test_far_pronoun_tag_weighed_by_the_ranker_and_rules_alone_still_work():
    text = ("严峰坐在桌前看信。\n“信上说什么？”严峰的妻子走进来问。\n"
            "严峰把信放下，说：“他们要来了。”\n“谁要来？”\n“我的兄弟。”\n"
            "屋里静了一会。\n“明天就到。”他又说。\n")
    with_rank = _speakers(text)
    dialogue.RANK[0] = False
    try:
        rules = _speakers(text)
    finally:
        dialogue.RANK[0] = True
    assert dict(with_rank)["明天就到。"] == "严峰"
    assert len(rules) == len(with_rank)
