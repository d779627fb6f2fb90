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
    assert d[7].emotion == "laugh"  # "She laughed."
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


def test_first_person_narrator_takes_the_name_others_call_them():
    text = (
        "I had come down to Styles for a rest. John Cavendish met me at the station.\n\n"
        '"Good to see you, Hastings," said John.\n\n'
        '"And you," I said.\n\n'
        '"Come, Hastings, the car is waiting."\n\n'
        '"I am ready," I replied.\n\n'
        "Later Poirot found me in the garden. Poirot was smiling.\n\n"
        '"Hastings, my friend!" cried Poirot.\n\n'
        '"Poirot!" I cried.\n\n'
        '"You see, Hastings, it is simple."\n\n'
        '"Not to me, Hastings," said John.\n\n'
        '"Well, Hastings?" said Poirot.\n'
    )
    r = analyze(text)
    d = r.dialogue()
    assert d[1].speaker == "Hastings" and d[3].speaker == "Hastings"
    assert "I" in r.character("Hastings").aliases
    assert r.character("Narrator") is None


def test_capitalised_description_tag_is_a_name():
    text = (
        "Alice sat with the Duchess and the Gryphon. The Duchess smiled at the Gryphon.\n\n"
        '"Of course it is," said the Duchess.\n\n'
        '"I mean what I say," the Gryphon replied.\n'
    )
    d = analyze(text).dialogue()
    assert [u.speaker for u in d] == ["Duchess", "Gryphon"]


def test_tag_before_quote_nearest_subject_wins():
    from manju.text.tags_en import tag_after, tag_before

    seg = 'Alice panted as she ran; but the Gryphon only answered "'
    assert tag_before(seg, 0, len(seg) - 1).speaker == "Gryphon"
    seg = 'The girls stared. Mrs. Bennet said only, "'
    assert tag_before(seg, 0, len(seg) - 1).speaker == "Mrs. Bennet"
    # reported speech is not a tag
    assert tag_after(' Elizabeth replied that it was.', 0, 40) is None


def test_introducing_paragraph_uses_the_last_subject():
    from manju.text.tags_en import tag_introducer

    seg = ("Miss Lucas defied her friend to mention such a subject to him, which "
           "provoking Elizabeth to do it, she turned to him and said,")
    assert tag_introducer(seg, 0, len(seg)).speaker == "she"
    seg = "There was no resisting such news--for Mr.\nWeston immediately exclaimed,"
    assert tag_introducer(seg, 0, len(seg)).speaker == "Mr.\nWeston".replace("\n", " ")


def test_miss_surname_is_not_mister_surname():
    text = (
        "Mr. Bingley came in. Mr. Bingley laughed, and Bingley sat down. Mr. Bingley smiled. "
        "Miss Bingley frowned. Then Bingley and Mr. Darcy left.\n\n"
        '"I am astonished," said Miss Bingley.\n\n'
        '"Why?" said Bingley.\n'
    )
    r = analyze(text)
    d = r.dialogue()
    assert d[0].speaker == "Miss Bingley" and d[1].speaker != "Miss Bingley"


def test_mrs_is_not_the_daughter_when_a_miss_exists():
    text = (
        "Katharine Hilbery poured the tea. Miss Hilbery was tired. Mrs. Hilbery talked. "
        "Mrs. Hilbery laughed. Katharine Hilbery smiled.\n\n"
        '"Oh, Mr. Fortescue," exclaimed Mrs. Hilbery.\n\n'
        '"Mother," said Katharine.\n'
    )
    d = analyze(text).dialogue()
    assert [u.speaker for u in d] == ["Mrs. Hilbery", "Katharine Hilbery"]


def test_two_quotes_side_by_side_are_two_speakers():
    text = (
        "Anne Elliot sat with Mrs Smith. Mrs Smith was ill, and Anne was sorry.\n\n"
        '"She sat an hour with me on Monday, and gave me the whole history." '
        '"The whole history," repeated Anne, laughing.\n'
    )
    r = analyze(text)
    d = r.dialogue()
    assert d[1].speaker == "Anne Elliot"
    assert d[0].speaker == "Mrs. Smith"
    # the text writes "Mrs Smith": that form is an alias too
    assert "Mrs Smith" in r.character("Mrs. Smith").aliases


def test_the_latter_is_the_last_person_named():
    text = (
        "Emma Woodhouse waited. Then Mrs. Weston and Miss Bates met them at the door.\n\n"
        '"My dear Miss Woodhouse," said the latter, "I am just run across."\n'
    )
    d = analyze(text).dialogue()
    assert d[0].speaker == "Miss Bates"


def test_title_noun_tag_means_the_titled_character():
    text = (
        "Count Mippipopolous came in with Brett Ashley. The count bowed to Brett.\n\n"
        '"You are very charming," said the count.\n\n'
        '"Thank you," said Brett.\n'
    )
    d = analyze(text).dialogue()
    assert [u.speaker for u in d] == ["Count Mippipopolous", "Brett Ashley"]


def test_possessive_answer_and_capitalised_relational_tags():
    from manju.text.tags_en import tag_after, tag_before

    t = tag_after(' was Emma\'s calm answer--"and so on', 0, 40)
    assert (t.speaker, t.kind) == ("Emma", "name")
    t = tag_after(" was then his remark.", 0, 30)
    assert (t.speaker, t.kind) == ("he", "pronoun")
    seg = 'Mr. Knightley shook his head at her. Her father fondly replied, "'
    t = tag_before(seg, 0, len(seg) - 1)
    assert (t.speaker, t.kind) == ("her father", "nominal")


def test_places_preceded_by_articles_are_not_characters():
    text = (
        "Stephen Blackpool walked through Coketown. The smoke of Coketown hung low, and "
        "the streets of Coketown were dark. He thought of Rachael. Rachael was waiting.\n\n"
        '"Rachael, is that you?" said Stephen.\n\n'
        '"Yes," she said.\n'
    )
    r = analyze(text)
    assert r.character("Coketown") is None
    assert [u.speaker for u in r.dialogue()] == ["Stephen Blackpool", "Rachael"]


def test_she_means_the_topic_not_the_last_woman_named():
    text = (
        "Marilla Cuthbert came to see Mrs. Blewett about the girl.\n\n"
        '"I suppose I might take her off your hands," said Mrs. Blewett.\n\n'
        '"Thank you," said Marilla.\n\n'
        "Marilla looked at the child and softened. Marilla felt uncomfortable. "
        "More-over, she did not fancy Mrs. Blewett.\n\n"
        '"Well, I don\'t know," she said slowly.\n'
    )
    d = analyze(text).dialogue()
    assert d[-1].speaker == "Marilla Cuthbert"


def test_narration_topic_and_sentence_subjects():
    from manju.text.dialogue import Mentions, QuoteInfo
    from manju.text.salience_en import blank_quotes, subject_flags, topic

    narr = "Anna looked at Beth. She did not like Beth. Then Anna saw Carl. He left."
    pos = [narr.index("Anna"), narr.index("Beth"), narr.rindex("Beth"),
           narr.rindex("Anna"), narr.index("Carl")]
    ments = Mentions(pos, [0, 1, 1, 0, 2])
    g = {0: "female", 1: "female", 2: "male"}.get
    assert topic(narr, 0, len(narr), "female", ments, g) == 0
    assert topic(narr, 0, len(narr), "male", ments, g) == 2  # only ever an object
    assert subject_flags(narr, ments) == [True, False, False, True, False]
    q = QuoteInfo(start=4, end=6, paragraph=0)
    assert blank_quotes('Hi "yo" there', [q]) == "Hi      there"


def test_his_wife_of_mr_x_is_mrs_x_before_she_is_named():
    from manju.text import analyze

    text = ('"My dear Mr. Bennet," said his lady to him one day, "have you heard?"\n\n'
            "Mr. Bennet replied that he had not.\n\n"
            '"But it is," returned she.\n')
    a = analyze(text, "en")
    assert [u.speaker for u in a.utterances if u.kind == "dialogue"] == ["Mrs. Bennet"] * 3


def test_military_ranks_are_male():
    from manju.text.names_en import title_gender

    assert title_gender("Colonel") == "male"
    assert title_gender("Captain") == "male"
    assert title_gender("Dr") == "unknown"


def test_father_named_beside_his_son_is_not_merged_with_him():
    story = (
        "George Emerson came in with his father. Mr. Emerson sat down and George stood.\n\n"
        + "".join(
            f'"It is {w}," said Mr. Emerson, looking at George.\n\n'
            f'"It is not {w}," said George, and Mr. Emerson laughed.\n\n'
            for w in ("late", "early", "cold", "warm", "wet", "dry")
        )
    )
    r = analyze(story)
    speakers = {u.speaker for u in r.dialogue()}
    assert "Mr. Emerson" in speakers
    assert "George Emerson" in speakers


def test_gender_from_a_clear_majority_of_pronoun_votes():
    from manju.text.cast import Cast

    cast = Cast()
    a = cast.add("Brandon")
    cast.gender_votes[a].update({"male": 22, "female": 13})
    b = cast.add("Wentworth")
    cast.gender_votes[b].update({"male": 34, "female": 32})
    assert cast.gender(a) == "male"
    assert cast.gender(b) == "unknown"


def test_topic_skips_an_opening_clause_before_the_subject():
    from manju.text.dialogue import Mentions
    from manju.text.salience_en import topic

    narr = "To see Beth again, Anna had come a long way. She sat down."
    ments = Mentions([narr.index("Beth"), narr.index("Anna")], [1, 0])
    g = {0: "female", 1: "female"}.get
    assert topic(narr, 0, len(narr), "female", ments, g) == 0


def test_description_tag_stops_before_a_preposition():
    from manju.text.tags_en import tag_after

    text = '"Well," replied the other with sudden serenity, "he has found us."'
    tag = tag_after(text, text.index(",") + 2, len(text))
    assert tag is not None and tag.speaker == "the other"


def test_a_beat_of_narration_is_the_action_of_the_next_speaker():
    text = (
        "Mr. Hale and Miss Lowe sat in the parlour.\n\n"
        '"You came back," said Miss Lowe.\n\n'
        '"I did," said Mr. Hale.\n\n'
        "He rose, and turned to Miss Lowe with a smile.\n\n"
        '"I could not stay away."\n'
    )
    d = analyze(text, "en").dialogue()
    assert [u.speaker for u in d] == ["Miss Lowe", "Mr. Hale", "Mr. Hale"]


def test_beat_about_the_speaker_keeps_the_speaker_in_the_exchange():
    from manju.text.chain_en import decode_chain

    speakers = [0, 1, 0, None]
    methods = ["explicit", "explicit", "turn", ""]
    vocs = [[], [], [], []]
    tight = [False, True, True, False]
    # plain alternation: the untagged line after narration goes to the other party
    assert decode_chain(speakers, methods, vocs, tight)[3] == 1
    # "She walked to the window." -- an action of the speaker, who goes on
    beats = [None, None, None, ("cid", 0)]
    assert decode_chain(speakers, methods, vocs, tight, beats=beats)[3] == 0
    # "Mr. Darcy bowed." -- a wordless answer by the other party: the speaker goes on
    beats = [None, None, None, ("silent-cid", 1)]
    assert decode_chain(speakers, methods, vocs, tight, beats=beats)[3] == 0


def test_silence_between_lines_keeps_the_speaker_before():
    # "Cohn said nothing." names Cohn, but he is the one who did not answer
    text = (
        "Frances came over to the table where Robert Cohn and Jake were sitting.\n\n"
        '"Don\'t you like her?" Cohn asked.\n\n'
        '"I think she\'s perfectly charming. Don\'t you?" said Frances.\n\n'
        "Cohn said nothing.\n\n"
        '"Look, Jake. I want to talk with you."\n'
    )
    d = analyze(text).dialogue()
    assert d[2].speaker == "Frances"


def test_tag_forms_with_descriptions_and_asides():
    from manju.text.tags_en import tag_after, tag_before

    def after(s: str):
        t = tag_after(s, 0, len(s))
        return t and (t.speaker, t.kind)

    def before(s: str):
        t = tag_before(s, 0, len(s))
        return t and (t.speaker, t.kind)

    assert after(' said the unsympathetic Marilla. "Anne is') == ("Marilla", "name")
    assert after(", replied the poet Syme.") == ("Syme", "name")
    assert after(", said the red-faced gentleman in the high chair.") == (
        "the red-faced gentleman in the high chair", "nominal")
    assert after(", said the old man in a low voice.") == ("the old man", "nominal")
    assert after(", said a girl opposite, leaning forward.") == ("a girl", "nominal")
    assert after(', cried a loud, hoarse voice, as soon as') is None
    assert after(", piped Rafi, the engineer's nephew.") == ("Rafi", "name")
    assert after(', suddenly cried Sikes aloud.') == ("Sikes", "name")
    assert after(', was Marilla\'s comment.') == ("Marilla", "name")
    assert before("Fielding, who didn't dislike Miss Derek, replied: ") == ("Fielding", "name")
    assert before("She was met by Lydia, who, flying to her, cried in a whisper, ") == (
        "Lydia", "name")
    assert before("when she heard Miss Bates saying, ") == ("Miss Bates", "name")
    assert before("Presently Adela said, ") == ("Adela", "name")


def test_peoples_are_no_characters():
    text = (
        'The Englishman sat down. Fielding was tired.\n\n'
        '"I give any Englishman two years," said Fielding.\n\n'
        '"Nonsense," said the Englishman.\n\n'
        '"An Englishman never admits it," said Aziz.\n\n'
        'Aziz laughed. An Englishman passed the door.\n'
    )
    names = {c.name for c in analyze(text).characters}
    assert "Englishman" not in names
    assert {"Fielding", "Aziz"} <= names


def test_name_particles_and_family_plurals():
    text = (
        'Mr. van der Luyden looked at his wife. Mrs. van der Luyden nodded.\n\n'
        '"It seems so to me," said Mrs. van der Luyden.\n\n'
        '"I had no idea," Mr. van der Luyden continued.\n\n'
        'The Schlegels came in, and then Margaret Schlegel smiled.\n\n'
        '"We are late," said the Schlegels.\n'
    )
    d = analyze(text).dialogue()
    assert [u.speaker for u in d[:2]] == ["Mrs. van der Luyden", "Mr. van der Luyden"]
    assert "Schlegels" not in {c.name for c in analyze(text).characters}


def test_tag_gender_splits_a_paragraph_into_two_turns():
    text = (
        "Mr. Bounderby came in. Mrs. Gradgrind was at the fire.\n\n"
        'And when Mr. Bounderby said, "Your health, ma\'am!" she answered with great '
        'feeling, "Thank you, sir."\n'
    )
    d = analyze(text).dialogue()
    assert d[0].speaker == "Mr. Bounderby"
    assert d[1].speaker == "Mrs. Gradgrind"


def test_description_tag_means_the_character_the_narration_names_so():
    text = (
        "Mr. Kemble, a surgeon in the town, known to everyone as the doctor, came in "
        "with Jane. Jane sat down.\n\n"
        '"Sit still, Jane," said the doctor.\n\n'
        '"I will," said Jane.\n\n'
        "Mr. Kemble looked at her. Jane smiled.\n\n"
        '"Good," said the doctor.\n'
    )
    d = analyze(text).dialogue()
    assert [u.speaker for u in d] == ["Mr. Kemble", "Jane", "Mr. Kemble"]


def test_description_key_skips_descriptions_anyone_fits():
    from manju.text.describe_en import description_key

    assert description_key("the good doctor") == "doctor"
    assert description_key("the surgeon") == "doctor"
    assert description_key("the young man") is None
    assert description_key("his wife") is None


def test_introducer_main_clause_and_possessive_saying():
    from manju.text.tags_en import tag_introducer

    def spk(s: str) -> str | None:
        t = tag_introducer(s, 0, len(s))
        return t.speaker if t else None

    # the subject of a closed where/that clause does not own the final "said"
    assert spk("Sir Thomas came towards the table where she sat in trembling wretchedness, "
               "and with a good deal of cold sternness, said,") == "Sir Thomas"
    assert spk("Callendar saw that he was afraid, and called out authoritatively,") == "Callendar"
    # ... but an open one does ("till Thomas, turning round, said")
    assert spk("He gazed at her until Thomas, turning to see, said with a laugh,") == "Thomas"
    # the owner of the saying speaks
    assert spk("she sat musing, till roused by Miss Bates's saying,") == "Miss Bates"
    assert spk("she could hear his voice saying,") == "he"
