"""Make the studio screenshots in docs/images/: a small project made offline, served by the
studio on a free local port and driven in Debian's headless ``chromium`` with Playwright.

- ``studio.png``: the canvas of shot cards, the chat with an applied edit (and its Undo
  button) after the edited shots rendered again, a query in the search box;
- ``studio-shot.png``: a selected card and its editor (framing, camera, who is in the shot,
  hold and pace, props, split, merge and insert);
- ``studio-search.png``: the search box's results over the canvas.

Usage: ``.venv/bin/python scripts/screenshot_studio.py [--out docs/images] [--keep DIR]``
(about a minute: the project is made at 360x640 with the fake voice and no music).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

STORY = """Mara Vale stood in the kitchen. The rain beat on the window.

"You are late," said Elias.

The kettle hissed on the stove.

"The road flooded," Mara replied. "I walked the last mile."

"Then sit down," he said. "Tea is ready."

Mara took the cup and held it in both hands.
"""
CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1600, 860


def make_project(folder: Path) -> None:
    """Make the story into a project in ``folder`` (offline: fake voice, no music)."""
    from manju.session import Session

    story = folder.parent / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    with Session.open(folder, story, settings={"width": 360, "height": 640, "fps": 12,
                                               "music": False},
                      title="The Kitchen", backends={"tts": "fake", "music": "fake"}) as s:
        s.make()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """The studio over ``folders`` in a uvicorn thread, running its jobs."""

    def __init__(self, workspace: Path, folders: list[Path]) -> None:
        import uvicorn

        from manju.web.app import create_app
        from manju.web.state import StudioConfig

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(StudioConfig(workspace=workspace, folders=folders, port=self.port))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the studio did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


def wait_rendered(page: Any) -> None:
    """Until no card waits for its render and the job line says done."""
    page.wait_for_function(
        "() => !document.querySelector('.card.pending') &&"
        " document.getElementById('p-job').textContent.includes('done')", timeout=180_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.card img')].every(i => i.complete && i.naturalWidth)")
    page.wait_for_timeout(2000)  # the re-rendered cards' highlight fades out


def shoot(url: str, out: Path) -> list[Path]:
    """Drive the studio at ``url`` and write the screenshots to ``out``."""
    from playwright.sync_api import sync_playwright

    made: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
        page.goto(url + "/")
        page.click(".project-item a")
        page.wait_for_selector(".card img")
        page.fill("#chat-input", "the first scene should be at night")
        page.press("#chat-input", "Enter")
        page.wait_for_selector(".msg.bot button.undo")
        wait_rendered(page)
        page.click("#zoom-fit")
        page.fill("#search-input", "the kettle on the stove")
        page.mouse.move(5, HEIGHT - 5)
        made.append(out / "studio.png")
        page.screenshot(path=str(made[-1]))

        page.press("#search-input", "Enter")
        page.wait_for_selector(".hit img")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.hit img')].every(i => i.complete && i.naturalWidth)")
        made.append(out / "studio-search.png")
        page.screenshot(path=str(made[-1]))

        page.set_viewport_size({"width": WIDTH, "height": 1180})  # the whole editor
        page.locator(".hit").first.click()
        page.wait_for_selector("#tab-shot #shot-hold")
        page.wait_for_function(
            "() => [...document.querySelectorAll('#tab-shot .frames img')].every(i => i.complete && i.naturalWidth)")
        made.append(out / "studio-shot.png")
        page.screenshot(path=str(made[-1]))
        browser.close()
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("docs/images"), help="where the PNGs go")
    ap.add_argument("--keep", type=Path, help="make the project here and keep it (default: a "
                                              "temporary folder)")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (scripts/install-system.sh installs it)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        made = (args.keep or Path(tmp)) / "kitchen"
        if not (made / "video.mp4").is_file():
            made.parent.mkdir(parents=True, exist_ok=True)
            make_project(made)
        # The studio edits a copy, so that a kept project can be shot again as it was made.
        folder = Path(tmp) / "studio" / "kitchen"
        shutil.copytree(made, folder, ignore=shutil.ignore_patterns(".manju.lock"))
        args.out.mkdir(parents=True, exist_ok=True)
        with Served(Path(tmp) / "ws", [folder]) as served:
            for path in shoot(served.url, args.out):
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
