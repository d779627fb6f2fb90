"""Chinese speaker-attribution evaluation on the bundled set (original passages, 7 genres)."""

import json

from manju.eval.zh import AliasMapper, evaluate, load, run_cli


def test_set_shape():
    recs = load()
    assert sum(len(r["quotes"]) for r in recs) >= 300
    assert len({r["genre"] for r in recs}) >= 7
    for r in recs:
        for q in r["quotes"]:
            assert q["text"] in r["text"]
            assert q["speaker"] in r["aliases"]


def test_mapper():
    m = AliasMapper({"苏念": ["苏总监", "念姐"], "我": []})
    assert m.map("念姐") == "苏念"
    assert m.map("Someone", ["苏总监"]) == "苏念"
    assert m.map("谁") is None


def test_mapper_matches_a_form_with_or_without_its_determiner():
    m = AliasMapper({"车夫": ["一个车夫"], "中年的车夫": ["一个中年的车夫"], "胖子": []})
    assert m.map("中年的车夫") == "中年的车夫"
    assert m.map("一个车夫") == "车夫"
    assert m.map("那个胖子") == "胖子"
    assert m.map("年的车夫") is None


def test_accuracy(capsys):
    res = evaluate()
    assert res["quotes"] >= 300
    assert res["overall"] >= 0.85
    assert run_cli(["--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"overall", "quotes", "genres"} <= set(out)
