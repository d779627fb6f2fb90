"""Failure kinds seen on fiction the rules were not written on (examples written for these tests)."""

import json

from manju.doc.model import Line
from manju.eval.devset import evaluate, load, run_cli, web_layout
from manju.text import analyze
from manju.text.analyzer import LOW_CONFIDENCE


def _speakers(text: str, lang: str = "zh") -> list[tuple[str, str | None]]:
    return [(u.text, u.speaker) for u in analyze(text, lang=lang).dialogue()]


def test_web_layout_tag_alone_on_its_line():
    text = ("林远推开门，\n看了看屋里的人。\n苏晴坐在窗边，\n没有回头。\n林远笑着说：\n“走吧！”\n"
            "苏晴摇了摇头：\n“我不去。”\n")
    got = dict(_speakers(text))
    assert got["走吧！"] == "林远"
    assert got["我不去。"] == "苏晴"


def test_name_with_kinship_suffix_is_another_person():
    text = ("王五嫂端着碗走出来，说：“王五，吃饭了。”\n王五头也不抬，说：“就来。”\n"
            "王五嫂把碗放下，说：“快些！”\n王五说：“知道了。”\n王五嫂叹了口气。\n")
    got = _speakers(text)
    assert [s for _, s in got] == ["王五嫂", "王五", "王五嫂", "王五"]


def test_common_word_used_as_a_name_and_adverb_after_a_name():
    text = ("石头说：“我去挑水。”\n李四很生气地说：“你昨天也这么说。”\n石头说：“今天真去。”\n"
            "李四很不耐烦地说：“快去！”\n石头挑起水桶走了。\n")
    got = _speakers(text)
    assert [s for _, s in got] == ["石头", "李四", "石头", "李四"]
    names = {c.name for c in analyze(text, lang="zh").characters}
    assert "李四很" not in names


def test_unnamed_voice_gets_no_speaker():
    text = "赵大站在院子里。\n“开门！”有人在外面喊道。\n赵大说：“谁呀？”\n"
    res = analyze(text, lang="zh").dialogue()
    assert res[0].speaker is None and res[0].method == "anonymous"
    assert res[1].speaker == "赵大"


def test_confidence_per_line():
    res = analyze("林远说：“走吧。”\n“去哪儿？”\n", lang="zh").dialogue()
    assert res[0].confidence is not None and res[0].confidence >= 0.9
    assert all(u.confidence is not None and 0.0 <= u.confidence <= 1.0 for u in res)
    assert 0.0 < LOW_CONFIDENCE < 1.0
    # an old document without the field still loads
    assert Line.model_validate({"id": "l_1", "kind": "dialogue", "text": "Hi."}).confidence is None


def test_web_layout_shape():
    zh = web_layout("他抬起头，看着她，笑着说，“好！”她点点头。“那就走。”\n", "zh")
    assert zh.splitlines() == ["他抬起头，看着她，笑着说：", "“好！”她点点头。“那就走。”"]
    en = web_layout('He looked up. "Fine," he said. "Let us go."\n\nShe said, "No."\n', "en")
    assert en.splitlines() == ["He looked up.", '"Fine," he said. "Let us go."', "She said:", '"No."']


def test_devset_shape():
    recs = load()
    for lang in ("zh", "en"):
        mine = [r for r in recs if r["lang"] == lang]
        assert len(mine) >= 4
        assert sum(len(r["quotes"]) for r in mine) >= 350
        assert {r["split"] for r in mine} == {"dev", "test"}
        for r in mine:
            for q in r["quotes"]:
                assert q["speaker"] == "_none" or q["speaker"] in r["aliases"]
                assert "".join(q["text"].split()) in "".join(r["text"].split())


def test_devset_eval_cli(tmp_path, capsys):
    rec = {"id": "t1", "lang": "zh", "split": "dev", "source": "written for this test",
           "text": "林远说：“走吧。”\n苏晴说：“好。”\n“开门！”有人喊道。\n",
           "quotes": [{"text": "走吧。", "speaker": "林远"}, {"text": "好。", "speaker": "苏晴"},
                      {"text": "开门！", "speaker": "_none"}],
           "aliases": {"林远": [], "苏晴": []}}
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    res = evaluate(path)
    assert res["groups"]["zh/dev/original"] == {"accuracy": 1.0, "quotes": 3}
    assert res["groups"]["zh/dev/web"]["accuracy"] == 1.0
    assert run_cli(["--json", "--path", str(path)]) == 0
    assert "zh/dev/web" in json.loads(capsys.readouterr().out)["groups"]


def test_stored_web_layout_is_the_generated_one():
    from pathlib import Path

    from manju.eval.devset import default_path

    web = load(Path(default_path()).with_name("devset_web.jsonl"))
    assert [r["text"] for r in web] == [web_layout(r["text"], r["lang"]) for r in load()]
