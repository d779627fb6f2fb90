"""Paragraphs and quotations: where a quotation starts, ends and runs over lines."""

from manju.text.quotes import find_quotes, split_paragraphs


def test_a_quotation_that_runs_over_line_breaks_is_one_paragraph():
    text = ("林之洋道：“俺猜著一个；\n腿儿相压。\n可是交胫国？”唐敖道：“猜得好。”多九公道：“不错。”\n"
            "唐敖道：“走罢。”\n")
    paras = split_paragraphs(text)
    assert len(paras) == 2
    said = [text[q.start : q.end] for q in find_quotes(text, paras)]
    assert said == ["俺猜著一个；\n腿儿相压。\n可是交胫国？", "猜得好。", "不错。", "走罢。"]


def test_a_speech_going_on_in_a_new_paragraph_is_not_joined():
    text = "他说：“第一段话。\n“第二段话。”\n她点点头。\n"
    paras = split_paragraphs(text)
    assert len(paras) == 3
