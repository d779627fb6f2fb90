"""Peoples, faiths and creeds ("the Englishman", "the Basques"): capitalised, yet no names."""

from __future__ import annotations

import re
from collections import Counter

from .letters_en import LETTER, UPPER

#: peoples, faiths and creeds: capitalised, but never one person's name ("the Englishman")
GROUP_WORDS = set(
    """Englishman Englishmen Englishwoman Englishwomen Frenchman Frenchmen Frenchwoman
    Irishman Irishmen Irishwoman Scotchman Scotchmen Scotsman Scotsmen Welshman Dutchman
    Dutchmen Chinaman Chinamen Norseman Yankee Yankees Englishwomen Britisher Briton Britons
    Americans Indians Italians Germans Russians Frenchmen Spaniard Spaniards Greek Greeks
    Turk Turks Arab Arabs Jew Jews Jewess Gentile Gentiles Christian Christians Christianity
    Catholic Catholics Protestant Protestants Hindu Hindus Hinduism Moslem Moslems Muslim
    Muslims Mohammedan Mohammedans Islam Buddhist Buddhists Brahman Brahmans Brahmin
    Brahmins Parsee Parsees Sikh Sikhs Quaker Quakers Methodist Methodists Puritan Puritans
    Anglo-Indian Anglo-Indians European Europeans Oriental Orientals Asiatic Asiatics
    Englishwoman Polish Pole Poles Swiss Austrian Austrians Belgian Belgians Hungarian
    Swede Swedes Dane Danes Norwegian Portuguese Japanese Chinese Egyptian Egyptians
    Persian Persians Mussulman Mussulmans Negro Negroes Native Natives Basque Basques
    Catalan Catalans Gascon Breton Bretons Cossack Cossacks Tartar Tartars Gipsy Gipsies
    Gypsy Gypsies Moor Moors Yankee Canadian Canadians Mexican Mexicans Creole Creoles
    Acadian Acadians Slav Slavs Czech Czechs Bohemian Bohemians Prussian Prussians
    Bavarian Bavarians Saxon Saxons Florentine Florentines Venetian Venetians Neapolitan
    Neapolitans Sicilian Sicilians Tuscan Tuscans Parisian Parisians Londoner Londoners
    Highlander Highlanders Frenchwomen Italian German Russian American Spanish Frenchy
    Englishwoman Scot Scots Irish Welsh Dutch Chinese""".split()
)

_TOKEN = re.compile(rf"[{UPPER}][{LETTER}]*(?:-[{LETTER}]+)*")
_THE_WORD = re.compile(rf"\b[Tt]he\s+([{UPPER}][{LETTER}]*(?:-[{LETTER}]+)*)")


def group_epithets(text: str) -> set[str]:
    """The :data:`GROUP_WORDS` the book uses as one person's by-name ("the Jew" said ...).

    A people's name is a description, but one written "the X" nearly every time, and
    often, is the narration's standing name for a single character.
    """
    total: Counter = Counter(w for w in _TOKEN.findall(text) if w in GROUP_WORDS)
    the = Counter(m.group(1) for m in _THE_WORD.finditer(text) if m.group(1) in total)
    return {w for w, n in the.items() if n >= 10 and n >= 0.6 * total[w]}
