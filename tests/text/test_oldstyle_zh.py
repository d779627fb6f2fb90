from manju.text.oldstyle_zh import modern_pronouns, modern_text


def test_yi_as_she_before_adverbs_of_older_fiction():
    assert modern_pronouns("伊说。伊笑了。伊并不看他，只说。") == "她说。她笑了。她并不看他，只说。"
    assert modern_pronouns("伊凡来了。") == "伊凡来了。"


def test_a_fullwidth_dot_after_a_character_is_a_full_stop():
    assert modern_text("宝玉笑了．黛玉道：“好。”价钱是１．５元") == "宝玉笑了。黛玉道：“好。”价钱是１．５元"
