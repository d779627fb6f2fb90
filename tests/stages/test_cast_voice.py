import shutil

import numpy as np
import pytest

from manju.pipeline import new_project
from manju.stages.adapt import adapt
from manju.stages.cast import cast
from manju.stages.context import Context
from manju.stages.voice import load_clip, voice


def test_cast_is_deterministic_distinct_and_keeps_edits(en_story):
    p1 = cast(adapt(new_project(en_story)))
    p2 = cast(adapt(new_project(en_story)))
    assert [c.look for c in p1.characters] == [c.look for c in p2.characters]
    looks = [tuple(sorted(c.look.fields().items())) for c in p1.characters]
    voices = [c.voice.voice for c in p1.characters]
    assert len(set(looks)) == len(looks) and len(set(voices)) == len(voices)
    p1.characters[0].look = p1.characters[0].look.model_copy(update={"outfit_color": "#cc2222"})
    cast(p1)
    assert p1.characters[0].look.outfit_color == "#cc2222"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_voice_every_line_and_cache(en_story, tmp_path):
    p = cast(adapt(new_project(en_story)))
    ctx = Context.for_output(tmp_path)
    voice(p, ctx)
    for ln in p.lines():
        samples, sr = load_clip(ln.audio)
        assert sr > 8000 and len(samples) / sr == pytest.approx(ln.audio.duration, abs=1e-3)
        assert np.abs(samples).max() > 0.1
        assert ln.audio.backend == "tts.espeak" and ln.audio.config["voice"]
    before = sorted(x.stat().st_mtime_ns for x in (tmp_path / ".cache" / "voice").iterdir())
    voice(p, ctx)
    after = sorted(x.stat().st_mtime_ns for x in (tmp_path / ".cache" / "voice").iterdir())
    assert before == after


def test_voice_stage_releases_the_backend_model_when_it_ends(en_story, tmp_path):
    from manju.backends.registry import load

    class Releasing:
        """espeak, with the optional ``release()`` a model-holding backend offers."""

        def __init__(self) -> None:
            self.inner = load("tts", "espeak")
            self.name, self.config = self.inner.name, self.inner.config
            self.released = 0

        def synthesize(self, text, voice):  # noqa: ANN001, ANN201
            return self.inner.synthesize(text, voice)

        def release(self) -> None:
            self.released += 1

    p = cast(adapt(new_project(en_story)))
    backend = Releasing()
    voice(p, Context.for_output(tmp_path), backend)
    assert backend.released == 1 and all(ln.audio is not None for ln in p.lines())


def test_voice_stage_gives_a_lone_changed_line_the_idle_cores(en_story, tmp_path):
    from manju.backends.registry import load

    class Threaded:
        """espeak, with the optional ``with_threads()`` of a backend that can spread a line."""

        def __init__(self, threads: int = 1) -> None:
            self.inner = load("tts", "espeak")
            self.name, self.config = self.inner.name, self.inner.config
            self.threads, self.spoken = threads, []

        def with_threads(self, n: int) -> "Threaded":
            other = Threaded(n)
            other.spoken = self.spoken
            return other

        def synthesize(self, text, voice):  # noqa: ANN001, ANN201
            self.spoken.append(self.threads)
            return self.inner.synthesize(text, voice)

    p = cast(adapt(new_project(en_story)))
    ctx = Context.for_output(tmp_path)
    ctx.workers = 2
    backend = Threaded()
    voice(p, ctx, backend)
    assert backend.spoken == [1] * len(p.lines())  # every line to speak: one thread each
    p.lines()[0].text += " Really."
    backend.spoken.clear()
    voice(p, ctx, backend)
    assert backend.spoken == [2]  # one line: both cores


def test_voice_stage_speaks_the_longest_lines_first(en_story, tmp_path):
    """So the cores finish together; each line still gets its own clip, whatever the order."""
    from manju.backends.fakes import FakeTTS

    class Recording(FakeTTS):
        def __init__(self) -> None:
            super().__init__()
            self.spoken: list[str] = []

        def synthesize(self, text, voice):  # noqa: ANN001, ANN201
            self.spoken.append(text)
            return super().synthesize(text, voice)

    p = cast(adapt(new_project(en_story)))
    backend = Recording()
    voice(p, Context.for_output(tmp_path), backend)
    texts = [ln.text for ln in p.lines()]
    assert backend.spoken == sorted(texts, key=len, reverse=True)
    for ln in p.lines():
        samples, sr = load_clip(ln.audio)
        assert len(samples) / sr == pytest.approx(ln.audio.duration, abs=1e-3)
    p.lines()[-1].text += " Really."
    backend.spoken.clear()
    voice(p, Context.for_output(tmp_path), backend)
    assert backend.spoken == [p.lines()[-1].text]
