"""Speech text normalisation: Mandarin polyphones and numbers, English numbers and abbreviations."""

import subprocess

import numpy as np
import pytest

from manju.audio.textnorm import (
    normalize_en,
    normalize_zh,
    number_zh,
    ordinal_en,
    speech_segments,
    year_en,
    zh_to_pinyin,
)
from manju.audio.tts import SR, synthesize
from manju.audio.voices import VoiceSpec

from .marks import needs_espeak


@pytest.mark.parametrize("text, expected", [
    ("船长", "chuan2 zhang3"), ("他长大了", "ta1 zhang3 da4 le5"), ("长发", "chang2 fa4"),
    ("银行", "yin2 hang2"), ("行不行", "xing2 bu4 xing2"),
    ("我们重新开始", "wo3 men5 chong2 xin1 kai1 shi3"), ("很重要", "hen3 zhong4 yao4"),
    ("他走了", "ta1 zou3 le5"), ("我了解", "wo3 liao3 jie3"),
    ("还钱", "huan2 qian2"), ("还没有", "hai2 mei2 you3"),
    ("你得走了", "ni3 dei3 zou3 le5"), ("跑得很快", "pao3 de5 hen3 kuai4"),
    ("他得了冠军", "ta1 de2 le5 guan4 jun1"), ("长得很高", "zhang3 de5 hen3 gao1"),
    ("好学", "hao4 xue2"), ("很好", "hen3 hao3"),
    ("慢慢地走", "man4 man4 de5 zou3"), ("高兴地说", "gao1 xing4 de5 shuo1"),
    ("一天", "yi4 tian1"), ("一样", "yi2 yang4"), ("一个", "yi2 ge4"), ("看一看", "kan4 yi5 kan4"),
    ("第一", "di4 yi1"), ("不是", "bu2 shi4"), ("不好", "bu4 hao3"),
])
def test_polyphones_and_sandhi(text, expected):
    assert zh_to_pinyin(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2024年", "二零二四年"), ("3.5", "三点五"), ("100", "一百"), ("第3章", "第三章"),
    ("50%", "百分之五十"), ("12.5%", "百分之十二点五"), ("10:30", "十点三十分"),
    ("8:05", "八点零五分"), ("2:00", "两点"), ("2个人", "两个人"), ("第2名", "第二名"),
    ("105", "一百零五"), ("1,000,000", "一百万"), ("20000", "二万"), ("10086", "一万零八十六"),
    ("13812345678", "一三八一二三四五六七八"), ("¥100", "一百元"), ("-5度", "负五度"),
    ("2024-05-01", "二零二四年五月一日"), ("3/4", "四分之三"), ("12", "十二"),
])
def test_chinese_numbers(text, expected):
    assert normalize_zh(text) == expected


def test_chinese_numbers_become_pinyin():
    assert zh_to_pinyin("第3章，2024年") == "di4 san1 zhang1, er4 ling2 er4 si4 nian2"
    assert zh_to_pinyin("十一月一日，一百") == "shi2 yi1 yue4 yi1 ri4, yi4 bai3"
    assert number_zh(0) == "零" and number_zh(110) == "一百一十" and number_zh(100000001) == "一亿零一"


def test_english_inside_chinese():
    # espeak's Mandarin voice would read "Alice" as a-li-ce and "CEO" as pinyin: split out
    assert speech_segments("Alice说她是CEO。", "zh") == [
        ("en", "Alice"), ("zh", "shuo1 ta1 shi4"), ("en", "CEO")]
    # words espeak recognises as English stay inline (one espeak call, natural prosody)
    assert speech_segments("Tom去了Starbucks。", "zh") == [("zh", "Tom qu4 le5 Starbucks.")]
    assert speech_segments("Mr. Smith在那里", "zh") == [("zh", "Mister Smith zai4 na4 li3")]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith met Mrs. Jones and Dr. Who.", "Mister Smith met Missus Jones and Doctor Who."),
    ("He lives on Baker St. near St. Paul's.", "He lives on Baker Street near Saint Paul's."),
    ("In 1999 it cost $3.50.", "In nineteen ninety-nine it cost three dollars and fifty cents."),
    ("the 21st of May, 2024", "the twenty-first of May, twenty twenty-four"),
    ("on May 5, 1850", "on May fifth, eighteen fifty"),
    ("at 10:30 p.m. or 7:05", "at ten thirty P M or seven oh five"),
    ("3:00", "three o'clock"), ("50% of 1,200 men", "fifty percent of one thousand two hundred men"),
    ("3.14", "three point one four"), ("the 1990s", "the nineteen nineties"),
    ("1500 soldiers", "one thousand five hundred soldiers"), ("£1 and €20", "one pound and twenty euros"),
    ("$1.5 million", "one point five million dollars"), ("No. 7", "number seven"),
    ("-4 degrees", "minus four degrees"), ("1st, 2nd, 3rd, 12th", "first, second, third, twelfth"),
    ("Tom & Jerry", "Tom and Jerry"),
])
def test_english_normalisation(text, expected):
    assert normalize_en(text) == expected


def test_english_number_words():
    assert ordinal_en(40) == "fortieth" and ordinal_en(101) == "one hundred and first"
    assert year_en(2005) == "two thousand and five" and year_en(1905) == "nineteen oh five"
    assert year_en(1900) == "nineteen hundred" and year_en(2024) == "twenty twenty-four"
    assert speech_segments("It's 5 o'clock.", "en") == [("en", "It's five o'clock.")]


@needs_espeak
def test_espeak_reads_the_pinyin_tones():
    """espeak-ng's cmn-latn-pinyin voice takes the pinyin: 行 of 银行 is hang (X'a), not xing."""
    out = subprocess.run(["espeak-ng", "-v", "cmn-latn-pinyin", "-q", "-x", zh_to_pinyin("银行")],
                         capture_output=True, text=True, check=True).stdout
    raw = subprocess.run(["espeak-ng", "-v", "cmn-latn-pinyin", "-q", "-x", "银行"],
                         capture_output=True, text=True, check=True).stdout
    assert "X'a35N" in out and "X'a35N" not in raw


@needs_espeak
def test_synthesis_with_normalised_text():
    zh = VoiceSpec(voice="cmn-latn-pinyin+m3", lang="zh")
    mixed = synthesize("船长Alice在2024年回到了银行。", zh)
    assert mixed.dtype == np.float32 and np.isfinite(mixed).all()
    assert 2.0 < mixed.size / SR < 9.0
    assert np.isclose(np.abs(mixed).max(), 10 ** (-3 / 20), atol=0.01)
    en = synthesize("Mr. Smith paid $3.50 in 1999.", VoiceSpec())
    assert 2.0 < en.size / SR < 8.0
