"""One studio job in its own process: ``python -m manju.web.worker SPEC_JSON``.

The studio server starts this for every job (never through a shell) so that rendering runs
outside the server's process: the server stays responsive, a job can be stopped, and a job's
render processes are never forked from a threaded server. The worker opens the project with
:class:`manju.session.Session` (waiting for its folder lock, so a run left over from a killed
server finishes first), and writes one JSON object per line to stdout: ``event`` lines from the
Session's listener, then one ``result`` line.

Spec: ``{"kind": "make"|"render"|"export", "dir": ..., "story": ..., "settings": {...},
"backends": {...}, "title": ..., "yes": bool}``.
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Any


def _die_with_parent() -> None:
    """Ask Linux to stop this process when the server dies (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the job ``spec`` describes; the result line's contents."""
    from manju.session import NeedsConfirmation, Session
    from manju.stages.context import Event

    def listener(ev: Event) -> None:
        _emit({"type": "event", "kind": ev.kind, "stage": ev.stage, "done": ev.done,
               "total": ev.total, "eta": ev.eta, "message": ev.message})

    kind = spec.get("kind", "make")
    with Session.open(spec["dir"], spec.get("story"), settings=spec.get("settings") or None,
                      title=spec.get("title", ""), backends=spec.get("backends") or None,
                      listener=listener, workers=int(spec.get("workers", 0)), wait=True) as session:
        if kind == "export":
            from manju.export.handoff import handoff

            written = handoff(session.project, session.context(), "all", None)
            return {"state": "done", "report": {k: str(v) for k, v in written.items()}}
        try:
            report = session.make(yes=bool(spec.get("yes", False)))
        except NeedsConfirmation as e:
            return {"state": "confirm", "message": str(e)}
        return {"state": "done", "report": report.to_json()}


def main(argv: list[str]) -> int:
    """Entry point: run one job, report its result as the last line."""
    _die_with_parent()
    from manju.errors import ManjuError

    spec = json.loads(argv[0])
    try:
        result = run(spec)
    except ManjuError as e:
        result = {"state": "failed", "message": str(e)}
    except Exception as e:  # the server shows it; the traceback goes to stderr
        import traceback

        traceback.print_exc()
        result = {"state": "failed", "message": f"{type(e).__name__}: {e}"}
    _emit({"type": "result", **result})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
