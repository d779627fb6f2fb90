"""What published fiction does that the written passages did not: poems in the narration,
his father's lines, animals and places with names, crowds."""

from manju.text import analyze


def test_a_poem_in_the_narration_makes_no_first_person_narrator():
    poem = "束发读君诗，今来展君墓。\n清风江上洒然来，我欲因之寄微慕。\n我昔南行曾访之，衡云惨惨通九疑。\n终嫌此老太愤激，我所师者非公谁？\n"
    story = ("黄仲则走到山下，看见一个老农妇。他问道：“那山上有坟墓没有？”老农妇说：“有的。”\n"
             "他又走了半天，他在坟前站了一会，他念起诗来：\n" + poem +
             "他回到客店里，他的朋友洪稚存正在灯下看书。他坐下来，他叹了一口气。\n"
             "“你回来了？”\n“回来了。”\n“累不累？”\n")
    res = analyze(story, lang="zh")
    assert res.character("我") is None
    assert all(u.speaker != "我" for u in res.dialogue())
