"""English quotation finding and speaker attribution."""

from manju.text import Character, analyze, detect_language

STORY = """Mara Vale came into the lighthouse. Elias Crane was standing by the window,
a tall old man in a grey coat.

"You're late," said Elias.

"I know," Mara said quietly. "The keeper stopped me at the gate."

"Mara, listen to me."

"What?"

"I think," said Elias, "that we should leave tonight."

She laughed. "Then go, Mr. Crane!"

"Don't shout at me," he snapped.
"""


def test_detect_language():
    assert detect_language(STORY) == "en"
    assert detect_language("林晚推开门。“你来了。”苏念说。") == "zh"


def test_speakers_and_turn_taking():
    d = analyze(STORY).dialogue()
    got = [(u.text, u.speaker) for u in d]
    assert got == [
        ("You're late,", "Elias Crane"),
        ("I know,", "Mara Vale"),
        ("The keeper stopped me at the gate.", "Mara Vale"),
        ("Mara, listen to me.", "Elias Crane"),
        ("What?", "Mara Vale"),
        ("I think,", "Elias Crane"),
        ("that we should leave tonight.", "Elias Crane"),
        ("Then go, Mr. Crane!", "Mara Vale"),
        ("Don't shout at me,", "Elias Crane"),
    ]
    assert d[3].addressee == "Mara Vale"
    assert d[7].emotion == "happy"
    assert d[8].emotion == "angry"


def test_characters_and_aliases():
    r = analyze(STORY)
    crane = r.character("Mr. Crane")
    assert crane is not None and crane.name == "Elias Crane"
    assert crane.gender == "male"
    assert {c.name for c in r.characters} == {"Elias Crane", "Mara Vale"}
    assert "grey coat" in crane.description


def test_offsets_and_narration():
    r = analyze(STORY)
    for u in r.utterances:
        if u.kind == "dialogue":
            assert STORY[u.start : u.end] == u.text
        assert u.text.strip()
    kinds = [u.kind for u in r.utterances]
    assert kinds[0] == "narration" and "dialogue" in kinds


def test_single_quote_style_and_apostrophes():
    text = (
        "'I don't know,' said Tom. 'It's past eight o'clock.'\n\n"
        "'The boys' bikes are gone,' Anne replied.\n\n"
        "Tom looked at Anne again and then at the door.\n"
    )
    d = analyze(text).dialogue()
    assert [u.text for u in d] == [
        "I don't know,", "It's past eight o'clock.", "The boys' bikes are gone,"
    ]
    assert [u.speaker for u in d] == ["Tom", "Tom", "Anne"]


def test_multi_paragraph_quote():
    text = (
        'Sherlock Holmes leaned back. "It was a long case.\n\n'
        '"And it ended badly," he went on.\n\n'
        '"Quite so," said Watson.\n'
    )
    d = analyze(text).dialogue()
    assert [u.speaker for u in d] == ["Holmes", "Holmes", "Watson"]


def test_known_characters_seed_names():
    known = [Character(name="Mara Vale", aliases=["Mara Vale", "Mara", "Miss Vale"],
                       gender="female")]
    r = analyze('"Hello," said Miss Vale.\n\n"Hi," said Tom.\n', known=known)
    assert r.dialogue()[0].speaker == "Mara Vale"


def test_curly_quotes():
    text = "“Where is it?” asked Mara.\n\n“Gone,” whispered Tom.\n"
    d = analyze(text).dialogue()
    assert [(u.speaker, u.emotion) for u in d] == [("Mara", "neutral"), ("Tom", "whisper")]


def test_relational_tag_resolves_to_spouse_and_alternation():
    text = (
        "Mr. Bennet was reading. Mrs. Bennet came in. Mr. Bennet looked up, and he smiled. "
        "Mrs. Bennet sat down, and she sighed.\n\n"
        '"My dear Mr. Bennet," said his lady to him, "have you heard the news?"\n\n'
        '"I have not," said he.\n\n'
        '"Do you not want to know?"\n\n'
        '"You want to tell me."\n'
    )
    d = analyze(text).dialogue()
    assert [u.speaker for u in d] == ["Mrs. Bennet", "Mrs. Bennet", "Mr. Bennet",
                                      "Mrs. Bennet", "Mr. Bennet"]


def test_nickname_merges_with_given_name():
    text = (
        "Then Elizabeth Bennet walked out, and Elizabeth was happy. Then Jane Bennet followed.\n\n"
        '"Lizzy, wait!" cried Jane.\n\n'
        '"I am here," said Lizzy.\n'
    )
    r = analyze(text)
    assert r.character("Lizzy").name == "Elizabeth Bennet"
    assert [u.speaker for u in r.dialogue()] == ["Jane Bennet", "Elizabeth Bennet"]


def test_narration_paragraph_introduces_next_quote():
    text = (
        "Tom Hale and Mary Hale sat by the fire. Tom was tired.\n\n"
        '"It is late," said Mary.\n\n'
        "After a long pause, Tom proceeded to say, with an air of reflection,\n\n"
        '"The sea air never did anybody any good."\n'
    )
    d = analyze(text).dialogue()
    assert [u.speaker for u in d] == ["Mary Hale", "Tom Hale"]


def test_bare_name_answer_is_not_a_vocative():
    from manju.text.tags_en import vocatives

    assert vocatives("Bingley.") == []
    assert vocatives("Mara, listen to me.") == ["Mara"]
