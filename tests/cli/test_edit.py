import json
import subprocess
import sys

import skia


def run(*args):
    return subprocess.run([sys.executable, "-m", "manju.cli.main", *args], capture_output=True,
                          text=True, timeout=120)


def test_cast_set_from_reference_picture_then_undo(en_story, tmp_path):
    out = tmp_path / "out"
    assert run("adapt", str(en_story), "--out", str(out)).returncode == 0
    s = skia.Surface(120, 200)
    c = s.getCanvas()
    c.clear(skia.ColorWHITE)
    c.drawRect(skia.Rect.MakeXYWH(30, 10, 60, 40), skia.Paint(Color=skia.Color(30, 90, 200)))
    c.drawOval(skia.Rect.MakeXYWH(38, 40, 44, 50), skia.Paint(Color=skia.Color(235, 195, 165)))
    c.drawRect(skia.Rect.MakeXYWH(15, 120, 90, 80), skia.Paint(Color=skia.Color(200, 30, 40)))
    ref = tmp_path / "ref.png"
    s.makeImageSnapshot().save(str(ref), skia.kPNG)
    r = run("cast", str(out), "set", "Mara", "--ref", str(ref), "--no-render")
    assert r.returncode == 0, r.stderr
    look = {c["name"]: c["look"] for c in json.loads((out / "project.json").read_text())["characters"]}
    mara = look["Mara Vale"]
    assert mara["hair_color"].startswith("#1e5a") and mara["outfit_color"] == "#c81e28"
    assert run("undo", str(out), "--no-render").returncode == 0
    look2 = {c["name"]: c["look"] for c in json.loads((out / "project.json").read_text())["characters"]}
    assert look2["Mara Vale"]["outfit_color"] != "#c81e28"


def test_edit_errors_are_one_line(tmp_path, en_story):
    out = tmp_path / "out"
    run("adapt", str(en_story), "--out", str(out))
    r = run("cast", str(out), "set", "Nobody", "--hair-color", "#ffffff", "--no-render")
    assert r.returncode != 0 and r.stderr.startswith("manju: error: no character")
    r = run("undo", str(tmp_path / "missing"))
    assert r.returncode != 0 and "no project" in r.stderr


def test_cast_set_voice_and_list_the_cast(en_story, tmp_path):
    out = tmp_path / "out"
    assert run("adapt", str(en_story), "--out", str(out)).returncode == 0
    r = run("cast", str(out), "set", "Elias", "--voice", "am_onyx", "--speed", "150", "--no-render")
    assert r.returncode == 0, r.stderr
    chars = {c["name"]: c for c in json.loads((out / "project.json").read_text())["characters"]}
    assert chars["Elias"]["voice"]["voice"] == "am_onyx"
    assert chars["Elias"]["voice"]["engine"] == "kokoro" and chars["Elias"]["voice"]["speed"] == 150
    r = run("voices", str(out), "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows[0]["id"] == "narrator" and {"Mara Vale", "Elias"} <= {x["name"] for x in rows}
    assert next(x for x in rows if x["name"] == "Elias")["voice"] == "am_onyx"
    # samples through the project's own backend (espeak here), one WAV per voice
    r = run("voices", str(out), "--samples", str(tmp_path / "s"), "--json")
    assert r.returncode == 0, r.stderr
    wavs = sorted((tmp_path / "s").glob("*.wav"))
    assert len(wavs) == len(rows) and all(w.stat().st_size > 4000 for w in wavs)
    for bad in ("af_nobody", "af_bella:x", "<script>"):
        r = run("cast", str(out), "set", "Elias", "--voice", bad, "--no-render")
        assert r.returncode != 0 and r.stderr.startswith("manju: error:"), (bad, r.stderr)
    assert run("undo", str(out), "--no-render").returncode == 0
    chars = {c["name"]: c for c in json.loads((out / "project.json").read_text())["characters"]}
    assert chars["Elias"]["voice"]["voice"] != "am_onyx"


def test_voices_lists_the_neural_voices():
    r = run("voices", "--lang", "zh", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 8 and {x["gender"] for x in rows} == {"female", "male"}
    assert all(x["voice"].startswith("z") for x in rows)
