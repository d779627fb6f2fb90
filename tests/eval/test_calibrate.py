"""Per-method confidences: measured on a set, shipped, read back by the screenwriter."""

import json

from manju.eval import calibrate
from manju.text import analyzer


def _set(tmp_path):
    rec = {"id": "t1", "lang": "zh", "split": "dev", "source": "written for this test",
           "text": "林远说：“走吧。”\n苏晴说：“好。”\n“开门！”有人喊道。\n林远说：“你去。”\n“我不去。”\n",
           "quotes": [{"text": "走吧。", "speaker": "林远"}, {"text": "好。", "speaker": "苏晴"},
                      {"text": "开门！", "speaker": "_none"}, {"text": "你去。", "speaker": "林远"},
                      {"text": "我不去。", "speaker": "苏晴"}],
           "aliases": {"林远": [], "苏晴": []}}
    held = dict(rec, id="t2", split="test")
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (rec, held)), encoding="utf-8")
    return path


def test_counts_are_the_quotes_each_method_gave_a_speaker(tmp_path):
    counts = calibrate.count(_set(tmp_path), None, processes=1)
    zh = counts["zh"]
    assert zh["explicit"] == [6, 6]  # three tagged quotes, both layouts, all right
    assert zh["anonymous"] == [2, 2]  # the unnamed voice counts, with no speaker
    assert sum(n for _ok, n in zh.values()) == 10  # and the untagged reply
    assert "en" not in counts  # the held-back record is not read


def test_confidences_smooth_and_pool_the_rare_methods():
    table = calibrate.confidences({"zh": {"explicit": [98, 100], "turn": [3, 4], "nearest": [1, 30]}})
    assert table["zh"]["explicit"] == round(99 / 102, 3)
    assert table["zh"]["nearest"] == round(2 / 32, 3)
    assert "turn" not in table["zh"] and table["zh"]["_other"] == round(4 / 6, 3)  # four quotes: pooled
    assert calibrate.calibration_error({"zh": {"explicit": [9, 10], "turn": [1, 10]}},
                                       {"zh": {"explicit": 0.9, "_other": 0.5}}) == {"zh": 0.2}


def test_the_written_table_is_what_the_lines_carry(tmp_path, monkeypatch):
    out = tmp_path / "confidence.json"
    assert calibrate.main(["--devset", str(_set(tmp_path)), "--pdnc", "none", "--out", str(out)]) == 0
    obj = json.loads(out.read_text(encoding="utf-8"))
    assert obj["confidence"]["zh"]["_other"] > 0 and "counts" in obj
    obj["confidence"]["en"] = {"_other": 0.5}
    out.write_text(json.dumps(obj), encoding="utf-8")
    monkeypatch.setattr(analyzer, "_CONFIDENCE_FILE", out)
    analyzer.confidence_table.cache_clear()
    try:
        res = analyzer.analyze("林远说：“走吧。”\n", lang="zh").dialogue()
        assert res[0].confidence == obj["confidence"]["zh"]["_other"]  # explicit seen 6 times: pooled
        for broken in ("{broken", '{"confidence": null}', '{"confidence": {"zh": []}}'):
            out.write_text(broken, encoding="utf-8")
            analyzer.confidence_table.cache_clear()
            assert analyzer.speaker_confidence("explicit", "zh", True) == analyzer._FALLBACK["zh"]["explicit"]
    finally:
        analyzer.confidence_table.cache_clear()


def test_the_shipped_table_covers_both_languages():
    table = analyzer.confidence_table()
    assert table is not analyzer._FALLBACK
    for lang in ("zh", "en"):
        assert table[lang]["explicit"] > analyzer.LOW_CONFIDENCE > table[lang]["nearest"]
    assert analyzer.speaker_confidence("explicit", "zh", attributed=False) == 0.0
