"""The timeline: when each shot and each spoken line happens in the finished video."""

from __future__ import annotations

from dataclasses import dataclass

from manju.doc.model import Project


@dataclass(frozen=True)
class TimedLine:
    """A line's absolute start and end in the video (seconds)."""

    line: str
    kind: str
    speaker: str | None
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class TimedShot:
    """A shot's absolute placement in the video."""

    shot: str
    scene: str
    start: float
    frames: int


@dataclass
class Timeline:
    """Shots and lines on one clock, quantised to whole video frames."""

    fps: int
    shots: list[TimedShot]
    lines: list[TimedLine]
    scenes: list[tuple[str, float, float, str]]  # (scene id, start, end, mood)

    @property
    def duration(self) -> float:
        """Total length in seconds."""
        return sum(s.frames for s in self.shots) / self.fps


def timeline(project: Project) -> Timeline:
    """Lay shots end to end; each starts on a frame boundary so picture and sound agree."""
    fps = project.settings.fps
    shots: list[TimedShot] = []
    lines: list[TimedLine] = []
    scenes: list[tuple[str, float, float, str]] = []
    frame = 0
    for scene in project.scenes():
        s0 = frame / fps
        for shot in scene.shots:
            n = max(1, round(shot.duration * fps))
            start = frame / fps
            shots.append(TimedShot(shot.id, scene.id, start, n))
            for cue in shot.cues:
                ln = project.line(cue.line)
                lines.append(TimedLine(ln.id, ln.kind, ln.speaker, ln.text,
                                       round(start + cue.start, 3), round(start + cue.end, 3)))
            frame += n
        scenes.append((scene.id, s0, frame / fps, scene.mood))
    return Timeline(fps=fps, shots=shots, lines=lines, scenes=scenes)
