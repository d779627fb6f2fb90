"""Accented names in English stories are whole names: speakers, characters and genders."""

from manju.text import analyze
from manju.text.letters_en import LETTER, LOWER, UPPER

STORY = """The rain had not stopped all evening, and the five friends sat in the kitchen.

"Where did you put the lantern?" asked José.

"It is on the shelf by the door," said Zoë.

Björn said, "I can't see a thing out there."

"Then we wait until morning," Chloé replied.

"No, we go now," said Élodie.

"Élodie is right," José said. "The river will only rise."

"You always take her side, José," said Zoë, shaking her head.

"Because she is always right," said Björn.

"Not always," said Élodie, "but tonight I am."

Élodie stood up and said, "Get your coats."
"""

EXPECTED = [
    ("Where did you put the lantern?", "José"),
    ("It is on the shelf by the door,", "Zoë"),
    ("I can't see a thing out there.", "Björn"),
    ("Then we wait until morning,", "Chloé"),
    ("No, we go now,", "Élodie"),
    ("Élodie is right,", "José"),
    ("The river will only rise.", "José"),
    ("You always take her side, José,", "Zoë"),
    ("Because she is always right,", "Björn"),
    ("Not always,", "Élodie"),
    ("but tonight I am.", "Élodie"),
    ("Get your coats.", "Élodie"),
]


def test_accented_speakers_get_their_whole_names():
    result = analyze(STORY, lang="en")
    said = [(u.text, u.speaker) for u in result.utterances if u.kind == "dialogue"]
    assert said == EXPECTED


def test_accented_characters_are_whole_names():
    result = analyze(STORY, lang="en")
    names = {c.name for c in result.characters}
    assert names == {"José", "Zoë", "Björn", "Chloé", "Élodie"}
    assert {c.name: c.gender for c in result.characters}["Zoë"] == "female"


def test_letter_classes():
    import re

    word = re.compile(rf"[{UPPER}][{LOWER}]+")
    assert word.findall("José, Zoë, Björn, Chloé, Élodie, Łukasz and Ødegaard") == [
        "José", "Zoë", "Björn", "Chloé", "Élodie", "Łukasz", "Ødegaard"]
    assert re.fullmatch(rf"[{LETTER}]+", "naïveté")
    assert not re.search(rf"[{LETTER}]", "0 1 _ - ’ “ µ")
