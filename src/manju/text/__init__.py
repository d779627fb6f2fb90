"""Offline screenwriter's text analysis: quotations, speakers, characters (English, Chinese).

Usage::

    from manju.text import analyze
    result = analyze(open("chapter.txt").read())
    for u in result.utterances:
        print(u.kind, u.speaker, u.text)
"""

from .analyzer import analyze
from .lang import detect_language
from .model import Character, TextAnalysis, Utterance

__all__ = ["Character", "TextAnalysis", "Utterance", "analyze", "detect_language"]
