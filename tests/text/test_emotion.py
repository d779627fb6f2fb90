"""Emotion labels from the words around a quote: laughing apart from smiling, in English and
Chinese."""

from __future__ import annotations

import pytest

from manju.text.emotion import classify_emotion


@pytest.mark.parametrize(("tag", "lang", "emotion"), [
    ("she laughed", "en", "laugh"),
    ("he said, laughing", "en", "laugh"),
    ("Tom chuckled", "en", "laugh"),
    ("she giggled", "en", "laugh"),
    ("she smiled", "en", "happy"),
    ("he said cheerfully", "en", "happy"),
    ("he snapped", "en", "angry"),
    ("她笑道", "zh", "laugh"),
    ("他哈哈大笑地说", "zh", "laugh"),
    ("他笑得前仰后合", "zh", "laugh"),
    ("她微笑道", "zh", "happy"),
    ("她笑着说", "zh", "happy"),
    ("他冷笑道", "zh", "angry"),
])
def test_laughing_and_smiling(tag, lang, emotion):
    assert classify_emotion(tag, "Well then.", lang) == emotion
