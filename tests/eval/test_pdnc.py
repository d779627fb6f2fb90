"""PDNC evaluation harness on one small novel (skipped when the corpus is absent)."""

import json
from pathlib import Path

import pytest

from manju.eval.pdnc import SpeakerMapper, default_root, evaluate, run_cli

ROOT = default_root()
if not (ROOT / "data" / "DaisyMiller").is_dir():
    alt = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "pdnc"
    ROOT = alt


def test_mapper():
    m = SpeakerMapper({"Elizabeth Bennet": {"Lizzy", "Elizabeth", "Miss Elizabeth Bennet"},
                       "Mr. Bennet": {"Mr. Bennet"}})
    assert m.map("Lizzy", []) == "Elizabeth Bennet"
    assert m.map("Mr. Bennet", []) == "Mr. Bennet"
    assert m.map("Elizabeth Bennet", ["Elizabeth Bennet"]) == "Elizabeth Bennet"
    assert m.map("Nobody", []) is None


def test_mapper_ambiguous_names_and_bare_titles():
    chars = {"Robin - Story": {"Robin - Story"}, "Robin - Frame": {"Robin - Frame"},
             "Colonel Ducroix": {"Colonel Ducroix"}, "Mr. Hall": {"Mr. Hall"},
             "Mrs. Hall": {"Mrs. Hall"}}
    ranks = {"Robin - Story": 0, "Robin - Frame": 1}
    m = SpeakerMapper(chars, ranks)
    assert m.map("Robin", []) == "Robin - Story"  # the more prominent of the two
    assert SpeakerMapper(chars).map("Robin", []) is None  # no ranks: no guess
    assert m.map("Colonel", []) == "Colonel Ducroix"  # the one holder of the title
    assert m.map("Hall", []) is None  # two Halls of equal standing


@pytest.mark.skipif(not (ROOT / "data" / "DaisyMiller").is_dir(), reason="PDNC not available")
def test_daisy_miller(capsys):
    res = evaluate(ROOT, ["DaisyMiller"])
    assert res["novels"]["DaisyMiller"]["quotes"] > 500
    assert res["overall"] >= 0.6
    assert run_cli(["--json", "--root", str(ROOT), "--novel", "DaisyMiller"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"overall", "explicit", "anaphoric", "implicit", "novels"}


def test_missing_root(tmp_path, capsys):
    assert run_cli(["--root", str(tmp_path / "nope")]) == 2
    assert "not found" in capsys.readouterr().err


def test_opening_cut_ends_at_a_paragraph():
    from manju.eval.pdnc import opening_cut

    text = "One.\n\nTwo two.\n\nThree."
    assert opening_cut(text, 3) == 4
    assert opening_cut(text, 8) == 14
    assert opening_cut(text, 100) == len(text)


@pytest.mark.skipif(not (ROOT / "data" / "DaisyMiller").is_dir(), reason="PDNC not available")
def test_the_opening_alone_scores_only_its_own_quotes(capsys):
    res = evaluate(ROOT, ["DaisyMiller"], opening=12000)
    assert 10 < res["novels"]["DaisyMiller"]["quotes"] < 100
    assert run_cli(["--root", str(ROOT), "--opening", "0"]) == 2
    assert "positive" in capsys.readouterr().err
