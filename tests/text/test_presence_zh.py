"""Chinese attribution: somebody who has walked out says no line until the story brings them back."""

from manju.text import analyze
from manju.text.presence_zh import _LEAVES


def _speakers(text: str) -> list[str | None]:
    return [u.speaker for u in analyze(text, lang="zh").dialogue()]


def test_who_just_left_does_not_say_the_next_untagged_line():
    text = (
        "赵掌柜和钱师爷坐在柜台后面，伙计小孙在门口扫地。\n"
        "“今天的账对过了么？”钱师爷问。\n"
        "“对过了。小孙，去后院看看马。”赵掌柜说。\n"
        "小孙答应了一声，跑出去了。\n"
        "“这孩子倒还勤快。”\n"
        "“勤快是勤快，就是嘴馋。”赵掌柜笑道。\n"
    )
    assert _speakers(text) == ["钱师爷", "赵掌柜", "钱师爷", "赵掌柜"]


def test_named_again_they_are_back():
    text = (
        "赵掌柜和钱师爷坐在柜台后面，伙计小孙在门口扫地。\n"
        "“小孙，去后院看看马。”赵掌柜说。\n"
        "小孙答应了一声，跑出去了。\n"
        "不一会，小孙又跑了回来，满头是汗。\n"
        "“马不见了！”\n"
    )
    assert _speakers(text)[-1] == "小孙"


def test_verbs_of_leaving_and_of_staying():
    for gone in ("他跑出去了。", "她匆匆地去了。", "老周转身进书房去了。", "他拿起帽子就走了。"):
        assert _LEAVES.search(gone), gone
    for stays in ("他走过去了。", "他回过头去。", "她一前一后的走。", "他走了进来。"):
        assert not _LEAVES.search(stays), stays
