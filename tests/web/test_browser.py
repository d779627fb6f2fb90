"""The studio in a real headless Chromium (Debian's ``chromium``, driven by Playwright): the
shot cards of a made project, markup in the story shown as text, a chat edit with its undo
button, the re-rendered card, pan and zoom, the player."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import Live, config, free_port, settle

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser")
                 if Path(p).exists()), shutil.which("chromium"))

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                                "(scripts/install-system.sh installs it as root)"),
]


@pytest.fixture(scope="module")
def browser():
    sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _open(browser: Any, url: str, *, canvas: bool = False) -> tuple[Any, list[str]]:
    """A new page on the studio at ``url`` and the list its script errors go to; with
    ``canvas``, the first project opened and its cards drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + "/")
    if canvas:
        page.click(".project-item a")
        page.wait_for_selector(".card img")
    return page, errors


def test_canvas_chat_undo_and_player(browser, live) -> None:
    page, errors = _open(browser, live.url, canvas=True)
    cards = page.locator(".card")
    n = cards.count()
    assert n >= 5
    # markup in the story, the title and the lines is text, never HTML
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src='x']").count() == 0 and page.locator("#world script").count() == 0
    shown = page.locator("#world").inner_text()
    assert "<script>window." in shown and "<img src=x onerror=" in shown
    assert "<img src=x onerror=" in page.locator("#p-title").inner_text()

    # the cast beside the scenes: the cast sheet and a card per character, each with its face
    # cut from the sheet; a card shows the character read-only in the Cast tab
    page.wait_for_function("() => { const i = document.querySelector('#cast-group .cast-sheet');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    people = page.locator("#cast-group .ccard")
    assert people.count() >= 2 and "Elias" in page.locator("#cast-group").inner_text()
    assert page.locator("#cast-group .ccard .cc-still img").count() == people.count()
    people.filter(has_text="Elias").click()
    page.wait_for_selector("#cast-detail #cast-look")
    assert "Elias" in page.locator("#cast-detail h3").inner_text()
    assert page.locator("#cast-voice").count() == 1

    # pan and zoom change the canvas transform
    before = page.eval_on_selector("#world", "e => e.style.transform")
    page.click("#zoom-in")
    page.mouse.move(700, 700)
    page.mouse.down()
    page.mouse.move(600, 650)
    page.mouse.up()
    assert page.eval_on_selector("#world", "e => e.style.transform") != before

    # select a card: its frames and its own video
    cards.nth(2).click()
    page.wait_for_selector("#tab-shot .frames img")
    assert page.locator("#tab-shot .frames img").count() == 4
    key = cards.nth(2).get_attribute("data-key")

    # the chat: an instruction, the operations, the undo button; the card renders again
    page.click(".tabs button[data-tab=chat]")
    page.fill("#chat-input", "make shot 3 a close-up")
    page.press("#chat-input", "Enter")
    page.wait_for_selector(".msg.bot button.undo")
    assert "set_shot" in page.locator(".msg.bot .ops.raw").inner_text()
    page.wait_for_function(
        "k => { const c = document.querySelectorAll('.card')[2];"
        " return c && c.dataset.key !== k && !c.classList.contains('pending'); }",
        arg=key, timeout=90_000)
    assert "close up" in cards.nth(2).inner_text()
    assert cards.count() == n
    page.click(".msg.bot button.undo")
    page.wait_for_selector(".msg.bot >> text=Undone")

    # the player and the downloads
    page.click(".tabs button[data-tab=files]")
    assert page.locator("#player").get_attribute("src").endswith(tuple("0123456789"))
    assert page.locator("#tab-files a[download]").count() >= 8
    assert errors == []
    page.close()


def test_search_box_opens_the_shot_and_the_card_edits_its_camera(browser, live) -> None:
    # the previous test's undo renders again in the background: searching while it writes
    # the project would index a document that is about to change
    settle(live.url)
    page, errors = _open(browser, live.url)
    page.fill("#search-input", "the kettle hissed on the stove")
    page.press("#search-input", "Enter")
    page.wait_for_selector("#search-results .h-top, #search-results .error", timeout=90_000)
    assert page.locator("#search-results .error").count() == 0, \
        page.locator("#search-results").inner_text()
    page.wait_for_selector(".hit img")
    hit = page.locator(".hit").first
    # the line and the title, markup included, are text
    assert "hissed '><img src=x onerror=" in hit.inner_text() and "<b>Kitchen</b>" in hit.inner_text()
    assert page.evaluate("window.pwned") is None and page.locator("img[src='x']").count() == 0
    sid = hit.get_attribute("data-sid")
    hit.click()
    page.wait_for_selector(f".card.selected[data-sid='{sid}']")
    assert page.locator("#search-results").is_hidden()
    assert sid in page.locator("#tab-shot h3").inner_text()
    # the card's editor: the camera move and who is in the shot
    assert page.locator("#shot-subjects input[type=checkbox]").count() >= 2
    page.select_option("#shot-camera", "pan_left")
    page.click("#shot-apply")
    page.wait_for_selector(".msg.bot >> text=Changed", state="attached")
    page.wait_for_selector(f".card[data-sid='{sid}'] .c-framing >> text=pan left")
    assert errors == []
    page.close()


def test_the_card_retimes_adds_a_prop_splits_and_undoes(browser, live) -> None:
    page, errors = _open(browser, live.url, canvas=True)
    cards = page.locator(".card")
    n = cards.count()
    card = cards.nth(1)
    sid = card.get_attribute("data-sid")
    card.click()
    page.wait_for_selector("#shot-hold")
    # hold and pace: one retime
    page.fill("#shot-hold", "1.5")
    page.select_option("#shot-pace", "slow")
    page.click("#shot-retime")
    page.wait_for_selector(".msg.bot >> text=Retimed", state="attached")
    page.wait_for_function("() => document.getElementById('shot-hold').value === '1.5' &&"
                           " document.getElementById('shot-pace').value === 'slow'")
    # a prop from the renderer's list, shown on the card, then taken out
    assert page.locator("#shot-prop option[value=umbrella]").count() == 1
    page.select_option("#shot-prop", "umbrella")
    page.click("#shot-prop-add")
    page.wait_for_selector(f".card[data-sid='{sid}'] .c-props >> text=umbrella")
    page.click("#tab-shot .chip[data-prop=umbrella] button")
    page.wait_for_selector(f".card[data-sid='{sid}'] .c-props", state="detached")
    # split: one more card; undo (the toolbar's) gives the cut back
    page.click("#shot-split")
    page.wait_for_function(f"() => document.querySelectorAll('.card').length === {n + 1}")
    page.click("#btn-undo")
    page.wait_for_function(f"() => document.querySelectorAll('.card').length === {n}")
    # insert a wide shot after it, then merge it back in
    page.locator(f".card[data-sid='{sid}']").click()
    page.click("#shot-insert")
    page.wait_for_function(f"() => document.querySelectorAll('.card').length === {n + 1}")
    page.locator(f".card[data-sid='{sid}']").click()
    page.click("#shot-merge")
    page.wait_for_function(f"() => document.querySelectorAll('.card').length === {n}")
    assert errors == []
    page.close()


def test_upload_a_story_to_its_first_video(browser, tmp_path, monkeypatch) -> None:
    """A new studio, a tiny story uploaded from the page: the make shows its stages as it
    runs, then the cards and the player appear."""
    from manju.web.app import create_app

    monkeypatch.setenv("MANJU_TTS", "fake")  # the job's worker process inherits it
    cfg = config(tmp_path, [])
    cfg.port = free_port()
    story = tmp_path / "tiny.txt"
    story.write_text('Mara stood in the kitchen.\n\n"You are late," said Elias.\n', encoding="utf-8")
    with Live(create_app(cfg), cfg.port) as server:
        page, errors = _open(browser, server.url)
        page.set_input_files("#new-form input[name=story]", str(story))
        page.select_option("#new-form select[name=size]", "360x640")
        page.select_option("#new-form select[name=fps]", "12")
        page.uncheck("#new-form input[name=music]")
        page.evaluate("""() => { window.jobTexts = [];
            new MutationObserver(() => window.jobTexts.push(document.getElementById('p-job').textContent))
              .observe(document.getElementById('p-job'), {childList: true, subtree: true}); }""")
        page.click("#new-form button[type=submit]")
        page.wait_for_selector("#player", state="attached", timeout=120_000)
        page.wait_for_selector(".card img")
        seen = page.evaluate("window.jobTexts")
        running = [t for t in seen if re.match(r"make: [a-z]+ \d+/\d+", t)]  # stage, shot n/N
        assert running, seen
        assert page.locator("#p-job").inner_text().startswith("make: done")
        assert page.locator(".card").count() >= 2
        assert errors == []
        page.close()


def test_the_canvas_stays_responsive_with_500_cards(browser, live) -> None:
    """A project of 500 shots (served by the page's own router, not rendered): the time to draw
    the canvas and to pan and zoom it is printed (docs/benchmarks.md), not asserted."""
    import json

    page = browser.new_page(viewport={"width": 1400, "height": 850})
    page.goto(live.url + "/")
    pid = page.locator(".project-item").first.get_attribute("data-pid")
    scenes = [{"id": f"sc_{s:06x}", "episode": "ep01", "heading": f"INT. ROOM {s} - DAY",
               "location": "", "time": "day", "weather": "clear", "mood": "calm",
               "shots": [{"id": f"sh_{s:04x}{i:04x}", "number": s * 25 + i + 1, "framing": "medium",
                          "camera": "static", "transition": "cut", "duration": 2.0,
                          "subjects": ["Mara"], "speakers": ["Mara"], "movable": True, "key": "",
                          "thumb": "", "frames": [], "segment": "",
                          "lines": [{"id": "l", "kind": "dialogue", "text": "Line " * 8,
                                     "speaker": "Mara", "emotion": "neutral"}]}
                         for i in range(25)]} for s in range(20)]
    body = {"id": pid, "title": "Big", "folder": "big", "path": "/big", "lang": "en", "shots": 500,
            "made": True, "job": None, "files": [], "scenes": scenes, "cast": [], "history": [],
            "can_undo": False, "can_redo": False}
    page.route(f"**/api/projects/{pid}", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(body)))
    t0 = page.evaluate("performance.now()")
    page.goto(f"{live.url}/#/p/{pid}")
    page.wait_for_function("() => document.querySelectorAll('.card').length === 500")
    drawn = page.evaluate("performance.now()") - t0
    # Pan and zoom for 60 animation frames, one input event a frame: the script and style work
    # of each event, and the time from frame to frame (16.7 ms at 60 frames a second).
    zoom, pan = (page.evaluate("""kind => new Promise(done => {
        const vp = document.getElementById('viewport'), world = document.getElementById('world');
        const frames = 60, work = [];
        let i = 0, t0 = 0;
        const step = (now) => {
          if (i === 0) t0 = now;
          if (i === frames) { done([work.reduce((a, b) => a + b) / frames, (now - t0) / frames]); return; }
          const s = performance.now();
          if (kind === 'zoom') {
            vp.dispatchEvent(new WheelEvent('wheel', {deltaY: i % 2 ? 60 : -60, clientX: 400,
                                                      clientY: 300, bubbles: true, cancelable: true}));
          } else {
            vp.dispatchEvent(new PointerEvent(i === 0 ? 'pointerdown' : 'pointermove',
              {clientX: 400 + 3 * i, clientY: 300 + i, pointerId: 1, bubbles: true, button: 0}));
          }
          getComputedStyle(world).transform;  // the style change is worked out now
          work.push(performance.now() - s);
          i++;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    })""", kind) for kind in ("zoom", "pan"))
    moved = page.eval_on_selector("#world", "e => e.style.transform")
    print(f"500 cards: drawn in {drawn:.0f} ms; zoom {zoom[0]:.2f} ms of work a step, a frame "
          f"every {zoom[1]:.1f} ms; pan {pan[0]:.2f} ms a step, a frame every {pan[1]:.1f} ms")
    assert page.locator(".card").count() == 500 and "scale(" in moved  # a figure, not a limit
    page.close()
