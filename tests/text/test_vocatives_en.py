"""Forms of address found inside English quotations."""

from manju.text import analyze
from manju.text.vocatives_en import vocatives


def test_vocatives_found_where_a_name_is_set_off():
    assert vocatives("Mara, listen to me.") == ["Mara"]
    assert vocatives("They're all in one story, Mrs. Mann. That boy did it!") == ["Mrs. Mann"]
    assert vocatives("It is monstrous, Miss Schlegel; it isn't right.") == ["Miss Schlegel"]
    assert vocatives("Why should you be surprised, my dear Eliza?") == ["Eliza"]
    assert vocatives("I have brought it. Dodger, my dear, open the bundle.") == ["Dodger"]
    assert vocatives("Mr. Edmund Bertram, as you do not act, you will be a spectator.") == [
        "Mr. Edmund Bertram"]
    assert vocatives("Good-bye, Mr. Fielding. Such an interesting afternoon.") == ["Mr. Fielding"]


def test_names_that_are_not_addressed():
    assert vocatives("Bingley.") == []
    assert vocatives("Harry? He has gone off with the others.") == []  # an echo
    assert vocatives("And Beaufort--do you say these things to Beaufort?") == []
    assert vocatives("About Helen. She is a very exceptional person.") == []
    assert vocatives("Oh, Lord! I am sure your mother can spare you.") == []
    assert vocatives("Mrs. Grant, I believe, suspects him of a preference.") == []
    assert vocatives("Yes. John, the second, is named after his father.") == []
    assert vocatives("I went back. Mr. Weston, who had been a widower, married.") == []
    assert vocatives("You are too necessary to be spared to Abbey-Mill.") == []
    assert vocatives("Then he says, 'Mind, Dorcas,' he says, 'you must be respectful.'") == []


def test_a_shared_first_name_means_the_one_in_the_scene():
    text = (
        "Charles Hayter was a cousin. Charles Musgrove was the squire's son. Charles Hayter "
        "went to Oxford and Charles Musgrove went shooting.\n\n"
        "Later Charles Musgrove came in with his wife Mary.\n\n"
        '"I mean to go with you, Charles," said Mary.\n\n'
        '"Very well," he said.\n'
    )
    d = analyze(text).dialogue()
    assert d[0].speaker == "Mary"
    assert d[0].addressee == "Charles Musgrove"


def test_kinship_words_used_as_address():
    from manju.text.vocatives_en import kin_vocatives

    assert kin_vocatives("No, papa, nobody thought of that.") == ["papa"]
    assert kin_vocatives("Come and see, my dear aunt.") == ["aunt"]
    assert kin_vocatives("My mother's shawl is on the chair.") == []
