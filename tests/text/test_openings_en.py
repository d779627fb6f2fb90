"""A novel's opening: few mentions to count on, so what a word is must come from where it stands."""

from manju.text import analyze


def test_a_participle_after_a_chapter_heading_is_no_name():
    text = ("CHAPTER II\n\n\nAbandoning his cart, which rolled into the ditch, the young man ran up "
            "the steps.\n\n\"Harold, Harold! am I late?\" he cried.\n\n\"Do not apologize,\" said "
            "Harold. \"You are always late.\"\n")
    res = analyze(text, lang="en")
    assert res.character("Abandoning") is None


def test_a_word_said_once_after_at_is_a_place():
    text = ("The stranger came early in February, one wintry day, to the inn at Brockley. Mrs. Hall "
            "lit the fire.\n\n\"A fire,\" he said. \"A fire in the room.\"\n\n\"Can I take your hat, "
            "sir?\" said Mrs. Hall.\n")
    res = analyze(text, lang="en")
    assert res.character("Brockley") is None


def test_a_description_takes_the_sex_of_the_pronouns_after_it():
    text = ("Presently a small boy came along the path. The child, who was small for his years, "
            "stopped. The child held his stick.\n\n\"Will you give me a sugar?\" asked the child.\n\n"
            "\"Yes,\" said Winterbourne.\n")
    res = analyze(text, lang="en")
    child = res.character("The child")
    assert child is not None and child.gender == "male"


def test_a_name_with_a_female_honorific_after_it_is_not_the_man_of_that_name():
    text = ("Karim came in. He sat down by the lamp.\n\n\"Karim, Karim! am I late?\" cried Aziz.\n\n"
            "\"Do not apologize,\" said Karim. \"Karim Begum is waiting with the children.\"\n\n"
            "Karim Begum was his wife, and she had cooked all day.\n")
    res = analyze(text, lang="en")
    man, wife = res.character("Karim"), res.character("Karim Begum")
    assert man is not None and wife is not None and man.name != wife.name


def test_a_title_before_a_word_that_is_also_a_place_is_a_person():
    from manju.text.names_en import scan_names

    text = "He followed Mrs. Hall into her parlour. Mrs. Hall lit the fire by Coketown Hall."
    mentions, counts = scan_names(text, bytearray(len(text)))
    assert counts["Mrs. Hall"] == 2 and "Coketown Hall" not in counts


def test_a_name_given_with_whose_relation_it_is_does_not_take_over_the_topic():
    text = ("Mrs. Hall lit the fire and left him there while she went to cook. As soon as the bacon "
            "was under way, and Millie, her lymphatic maid, had been scolded, she carried the plates "
            "into the parlour. \"Can I take your hat, sir?\" she said.\n\n\"No,\" he said.\n")
    res = analyze(text, lang="en")
    assert res.dialogue()[0].speaker == "Mrs. Hall"


def test_mrs_x_is_not_the_daughter_the_book_calls_by_her_first_name():
    text = ("Katharine Hilbery poured out tea. Katharine looked at the guests; Katharine was "
            "bored.\n\n\"Would it be Trafalgar, Katharine?\" Mrs. Hilbery asked.\n\n"
            "\"Trafalgar, mother,\" said Katharine.\n")
    res = analyze(text, lang="en")
    assert res.character("Mrs. Hilbery").name != res.character("Katharine").name


def test_a_bare_surname_in_the_tags_is_the_man_of_that_name():
    text = ("Mrs. Hall lit the fire. Mrs. Hall went out. Mrs. Hall came back with the tray. "
            "Mr. Hall was in the bar.\n\n\"Shall I take your hat?\" said Mrs. Hall.\n\n"
            "\"Leave him be,\" said Hall.\n\n\"I will,\" said Mrs. Hall.\n")
    res = analyze(text, lang="en")
    assert res.dialogue()[1].speaker == res.character("Mr. Hall").name
