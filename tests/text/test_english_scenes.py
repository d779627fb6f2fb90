"""English attribution: unnamed voices, forms of address that are no one, descriptions as
speakers and turn-taking across a beat of narration (examples written for these tests)."""

from manju.text import analyze
from manju.text.tags_en import tag_after, tag_introducer


def _speakers(text: str) -> list[str | None]:
    return [u.speaker for u in analyze(text, lang="en").dialogue()]


def test_an_unnamed_voice_gets_no_speaker():
    for seg in (' came a voice from the hall.', ' someone said.', ' a voice cried.',
                ' said a deep voice behind them.', ' called somebody from the stairs.'):
        t = tag_after(seg, 0, len(seg))
        assert t is not None and t.kind == "anonymous", seg
    t = tag_after(" said Clara.", 0, 12)
    assert (t.speaker, t.kind) == ("Clara", "name")
    text = (
        "Mr. Fenwick and Clara sat by the fire in the parlour.\n\n"
        '"Did you lock the gate?" said Mr. Fenwick.\n\n'
        '"Yes, I locked it at six," said Clara.\n\n'
        '"Open up in there!" came a voice from the hall.\n\n'
        '"Who can that be at this hour?" said Mr. Fenwick.\n\n'
        '"Someone who has lost his way," said Clara.\n\n'
        '"Then let him in," someone said.\n'
    )
    r = analyze(text, lang="en")
    got = [(u.speaker, u.method) for u in r.dialogue()]
    assert got[2] == (None, "anonymous") and got[5] == (None, "anonymous")
    assert [s for s, _ in got] == ["Mr. Fenwick", "Clara", None, "Mr. Fenwick", "Clara", None]


def test_an_unnamed_voice_answering_a_call_is_the_one_called():
    text = (
        "Mrs. Wren came home late. The lamp was lit in the study, where her son Owen "
        "worked. Mrs. Wren knocked at the study door.\n\n"
        '"Owen! Are you in?" she called.\n\n'
        '"Yes!" came a voice from the study.\n'
    )
    assert _speakers(text) == ["Mrs. Wren", "Owen"]


def test_a_place_in_a_quote_is_no_one_addressed():
    text = (
        "Inspector Hale turned the pages of the file while Mr. Carver waited by the window.\n\n"
        '"Let me see," said Hale. "Born in Lyon. Teatro Verdi, hum! Retired at thirty. '
        'You wrote to her?"\n\n'
        '"Twice."\n\n'
        '"And she answered?"\n\n'
        '"Never."\n\n'
        '"Not once?"\n\n'
        '"Not once."\n'
    )
    assert _speakers(text) == ["Hale", "Hale", "Mr. Carver", "Hale", "Mr. Carver", "Hale",
                               "Mr. Carver"]


def test_someone_introduced_with_a_relative_clause_is_not_addressed():
    from manju.text.vocatives_en import vocatives

    assert vocatives("Meet my partner, Dr. Quill, who keeps the books.") == []
    assert vocatives("Sit down, Quill, and listen.") == ["Quill"]


def test_a_description_opening_a_lead_in_is_its_speaker():
    seg = "The old woman took Jack's hand and said:"
    t = tag_introducer(seg, 0, len(seg))
    assert (t.speaker, t.kind) == ("the old woman", "nominal")
    seg = "The new boy stepped back a pace and said:"
    t = tag_introducer(seg, 0, len(seg))
    assert (t.speaker, t.kind) == ("the new boy", "nominal")
    # a thing is no speaker, and an owner is not the subject
    seg = "The kettle whistled on the stove--"
    assert tag_introducer(seg, 0, len(seg)) is None
    seg = "Mary took Jack's hand and said:"
    t = tag_introducer(seg, 0, len(seg))
    assert t.speaker == "Mary"


_EARLIER = (
    "Mrs. Pike stood at the kitchen door with her arms folded.\n\n"
    '"Jack, you are late again," said Mrs. Pike.\n\n'
    '"The bus broke down," said Jack.\n\n'
    '"A likely story." Mrs. Pike went back to her ironing.\n\n'
)
_WALK = (
    "Jack went out again and walked down the long lane towards the river, kicking a stone "
    "before him. The hedges were white with dust and the fields beyond them were empty, "
    "for the haymakers had gone home hours since. He thought about the bus, and about the "
    "fishing rod in the shed, and about the money he owed to the baker's boy. The sun went "
    "down behind the mill. A heron got up out of the reeds and flapped away over the water, "
    "slow and grey. The path by the river was muddy and he had to jump from stone to stone. "
) * 5


def test_a_newcomer_in_a_run_of_untagged_lines_is_not_someone_from_pages_before():
    text = (
        _EARLIER + _WALK + "\n\n"
        "A stranger was sitting on the stile--a boy a little older than himself, in a clean "
        "grey coat. Jack stopped. Finally Jack said:\n\n"
        '"Who are you?"\n\n'
        '"Who wants to know?"\n\n'
        '"I do."\n\n'
        '"Then you can find out."\n\n'
        '"I will, then."\n\n'
        "The new boy jumped down from the stile and said:\n\n"
        '"You live round here?"\n\n'
        '"Maybe."\n'
    )
    got = _speakers(text)[3:]
    assert "Mrs. Pike" not in got
    assert got == ["Jack", "The new boy", "Jack", "The new boy", "Jack", "The new boy", "Jack"]


def test_turn_taking_goes_on_across_a_beat_that_names_only_the_speakers():
    text = (
        "Dora and Mr. Brisk met at the gate of the churchyard.\n\n"
        '"You have the key?" said Mr. Brisk.\n\n'
        '"Here it is," said Dora.\n\n'
        "Mr. Brisk turned the key in the lock, and said:\n\n"
        '"It is stiff."\n\n'
        '"Try it again."\n\n'
        '"Still stiff."\n\n'
        '"Then let me."\n'
    )
    assert _speakers(text) == ["Mr. Brisk", "Dora", "Mr. Brisk", "Dora", "Mr. Brisk", "Dora"]


def test_an_unnamed_voice_is_whom_the_narration_then_names():
    text = (
        "Nell waited on the platform while the porters shouted. The train was late.\n\n"
        '"Nell!" said a voice behind her. Turning round, she saw Mr. Ashby with his '
        'umbrella. "You came after all."\n\n'
        '"Of course I came," said Nell.\n'
    )
    assert _speakers(text) == ["Mr. Ashby", "Mr. Ashby", "Nell"]


def test_a_description_answering_a_call_by_name_is_the_one_called():
    text = (
        "Inspector Bray sat across the desk from Mr. Pell, who had drawn the will.\n\n"
        '"Mr. Pell, who inherits the house?" said Bray.\n\n'
        "The solicitor hesitated a moment, and then replied:\n\n"
        '"The house goes to the nephew."\n'
    )
    assert _speakers(text) == ["Bray", "Mr. Pell"]


def test_she_at_the_opening_of_a_story_is_the_first_woman_named_after_it():
    text = (
        '"Supper!"\n\n'
        "Nobody came. She put the pan down on the step and called again, louder this time, "
        "and then said:\n\n"
        '"Well, let it go cold, then."\n\n'
        "Mrs. Orme went back into the kitchen and sat down by the fire. Her son did not "
        "come in until dark.\n"
    )
    assert _speakers(text)[1] == "Mrs. Orme"
