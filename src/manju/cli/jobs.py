"""Image generation on the command line: ``make``'s ``--image``, ``--workflow``,
``--estimate`` and ``--budget`` options, and ``manju jobs DIR [--json]``, which lists the job
ledger (what was asked of which provider, its task id, state, cost and result)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

IMAGE_HELP = ("image backend for generated backgrounds (the hybrid look): comfyui (a ComfyUI "
              "server, with --workflow), openai (any OpenAI-compatible images API), gemini "
              "(Gemini image models), or none "
              "for manju's own drawings (the default); recorded in the project")


def add_image_options(mk: argparse.ArgumentParser) -> None:
    """Options of ``make`` for image generation."""
    mk.add_argument("--image", default=None, metavar="NAME", help=IMAGE_HELP)
    mk.add_argument("--workflow", default=None, metavar="WF.json",
                    help="ComfyUI workflow in API format with {{prompt}}, {{seed}}, {{width}}, "
                         "{{height}}, {{init_image}}... placeholders (see docs/backends.md)")
    mk.add_argument("--image-url", default=None, metavar="URL",
                    help="the image server (default: $MANJU_COMFYUI_URL or $MANJU_IMAGE_BASE_URL)")
    mk.add_argument("--image-model", default=None, metavar="MODEL",
                    help="the provider's model (image.openai; default gpt-image-1)")
    mk.add_argument("--image-option", action="append", default=None, metavar="KEY=VALUE",
                    help="a setting of the image backend (quality=low, cost_per_image=0.02, "
                         "output_node=9 ...; see docs/backends.md); repeatable")
    mk.add_argument("--look", default=None, choices=["hybrid", "generated"],
                    help="with --image: hybrid (generated backgrounds, manju's figures; the "
                         "default) or generated (whole shots drawn by the model from manju's "
                         "frame and the reference sheets); recorded in the project")
    mk.add_argument("--best-of", type=int, default=None, choices=[1, 2, 3, 4], metavar="N",
                    help="generated look: make N candidates per shot and keep the one whose "
                         "faces match manju's design best")
    mk.add_argument("--estimate", action="store_true",
                    help="print what the image jobs would cost and stop, sending nothing")
    mk.add_argument("--budget", type=_dollars, default=None, metavar="USD",
                    help="stop before a paid job would take this run over USD dollars")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``manju jobs``."""
    jb = sub.add_parser("jobs", help="list DIR's generation jobs: provider, task id, state, "
                                     "cost, result")
    jb.add_argument("dir", help="a manju make output directory")
    jb.add_argument("--json", action="store_true", help="print one JSON object")
    jb.set_defaults(handler=cmd_jobs)

    rf = sub.add_parser("refs", help="reference sheets: each character from the front, "
                                     "three-quarter and side and with a few expressions, made "
                                     "by the project's image backend")
    rf.add_argument("dir", help="a manju make output directory (made with --image NAME)")
    rf.add_argument("name", nargs="*", metavar="NAME",
                    help="only these characters (name, alias or id), as --character")
    rf.add_argument("--character", "-c", action="append", default=None, metavar="NAME",
                    help="only this character (name, alias or id; repeat for more)")
    rf.add_argument("--view", action="append", default=None,
                    choices=["front", "three_quarter", "side", "happy", "sad", "angry"],
                    help="only this view or expression")
    rf.add_argument("--file", default=None, metavar="PICTURE",
                    help="use your own picture as --view (default front) of the character "
                         "instead; it is never regenerated")
    rf.add_argument("--budget", type=_dollars, default=None, metavar="USD",
                    help="stop before a paid job would take this run over USD dollars")
    rf.add_argument("--json", action="store_true", help="print one JSON object")
    rf.set_defaults(handler=cmd_refs)

    cl = sub.add_parser("clip", help="turn shots into generated video clips (image to video) "
                                     "and render again; lettering stays manju's")
    cl.add_argument("dir", help="a manju make output directory")
    cl.add_argument("shots", nargs="+", metavar="SHOT", help="shot numbers or ids (sh_...)")
    cl.add_argument("--video", default=None, metavar="NAME",
                    help="video backend: kling, hailuo, wanx, seedance, veo, comfyui (with "
                         "--workflow), or none to drop the clips (default: the one recorded "
                         "in the project)")
    cl.add_argument("--video-model", default=None, metavar="MODEL", help="the provider's model")
    cl.add_argument("--video-option", action="append", default=None, metavar="KEY=VALUE",
                    help="a setting of the video backend (mode=pro, resolution=1080P, "
                         "cost_per_second=0.05 ...); repeatable")
    cl.add_argument("--workflow", default=None, metavar="WF.json",
                    help="video.comfyui: an API-format image-to-video workflow with "
                         "{{first_frame}}, {{frames}}... placeholders")
    cl.add_argument("--estimate", action="store_true",
                    help="print what the clips would cost and stop, sending nothing")
    cl.add_argument("--budget", type=_dollars, default=None, metavar="USD",
                    help="stop before a paid job would take this run over USD dollars")
    cl.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    cl.add_argument("--json", action="store_true", help="print one JSON object")
    cl.set_defaults(handler=cmd_clip)


def _dollars(text: str) -> float:
    try:
        value = float(text.lstrip("$"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--budget needs an amount in dollars, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("--budget cannot be negative")
    return value


def image_choice(args: argparse.Namespace) -> tuple[dict[str, str | None], dict[str, dict[str, Any]]]:
    """The image backend the options choose (``{"image": name}``, ``{"image": None}`` for
    ``none``, ``{}`` when not given) and its config."""
    name = getattr(args, "image", None)
    if name is None:
        if getattr(args, "workflow", None):
            name = "comfyui"  # a workflow says which backend is meant
        elif getattr(args, "image_option", None) or getattr(args, "image_model", None) or \
                getattr(args, "image_url", None):
            from manju.errors import InputError

            raise InputError("--image-option, --image-model and --image-url need --image NAME")
        else:
            return {}, {}
    if name in ("none", "vector"):
        return {"image": None}, {}
    config: dict[str, Any] = {}
    if args.workflow:
        if name != "comfyui":
            from manju.errors import InputError

            raise InputError("--workflow is for --image comfyui")
        config["workflow"] = str(Path(args.workflow).resolve())
    if args.image_url:
        config["base_url"] = args.image_url
    if args.image_model:
        config["model"] = args.image_model
    config.update(parse_options(getattr(args, "image_option", None)))
    return {"image": name}, {"image": config} if config else {}


def parse_options(items: list[str] | None) -> dict[str, Any]:
    """``KEY=VALUE`` options as a dict, each value read as JSON when it can be."""
    from manju.errors import InputError

    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"an option must look like KEY=VALUE, not {item!r}")
        try:
            out[key.strip()] = json.loads(raw)
        except ValueError:
            out[key.strip()] = raw
    return out


def apply_look(session: Any, args: argparse.Namespace) -> None:
    """Record ``--look`` and ``--best-of`` on the project's image backend choice."""
    look, best = getattr(args, "look", None), getattr(args, "best_of", None)
    if look is None and best is None:
        return
    from manju.errors import InputError

    choice = session.project.backends.get("image")
    if choice is None:
        raise InputError("--look and --best-of need an image backend (--image NAME)")
    meta = dict(choice.metadata)
    if look is not None:
        meta["look"] = look
    if best is not None:
        meta["best_of"] = best
    session.project.backends = {**session.project.backends,
                                "image": choice.model_copy(update={"metadata": meta})}


def print_estimate(session: Any, as_json: bool) -> int:
    """Adapt (offline, or from the cached language-model answers), then print what the image
    jobs would cost; nothing is sent to the image provider."""
    from manju.stages.plate import estimate

    session.make(until="cast")
    backend = session.backend("image")
    render = session.estimate()
    if backend is None:
        out: dict[str, Any] = {"backend": None, "plates": 0, "to_make": 0, "cost": 0.0, "jobs": [],
                               "sheets": {"to_make": 0, "cost": 0.0}}
    else:
        out = estimate(session.project, backend, session.out_dir)
        from manju.stages.panel import best_of, look
        from manju.stages.refsheet import estimate as sheet_estimate

        # The refs stage makes every character's missing reference sheets first.
        out["sheets"] = sheet_estimate(session.project, backend, session.out_dir)
        out["cost"] = round(out["cost"] + out["sheets"]["cost"], 4)
        if look(session.project) == "generated":
            # Shots exist only after the voices are timed: count them from the screenplay.
            from manju.backends.protocols import ImageRequest
            from manju.stages.plate import request_size

            st = session.project.settings
            w, h = request_size(dict(backend.capabilities), st.width, st.height)
            n = render.shots * best_of(session.project)
            each = float(backend.cost(ImageRequest("", w, h)))
            out["panels"] = {"shots": render.shots, "best_of": best_of(session.project),
                             "cost": round(n * each, 4)}
            out["cost"] = round(out["cost"] + n * each, 4)
    out["render"] = render.describe()
    if as_json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    if backend is None:
        print("no image backend chosen: nothing to pay for (manju draws every picture)")
    else:
        print(f"{out['backend']} ({out['model']}): {out['plates']} background plates, "
              f"{out['to_make']} to make, estimated ${out['cost']:.2f}")
        for row in out["jobs"]:
            state = "already made" if row["paid"] else f"${row['cost']:.3f}"
            print(f"  {','.join(row['scenes'])}: {row['size'][0]}x{row['size'][1]}, {state}")
        sh = out["sheets"]
        print(f"reference sheets: {sh['to_make']} to make, estimated ${sh['cost']:.2f}")
        if "panels" in out:
            pn = out["panels"]
            print(f"generated look: about {pn['shots']} shots x {pn['best_of']} candidates, "
                  f"at most ${pn['cost']:.2f} (what is already made costs nothing)")
        print(f"total at most ${out['cost']:.2f}")
    print(out["render"])
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    """``manju jobs DIR``: the ledger, oldest first (read without taking the folder's lock, so
    it works while a make runs)."""
    from manju.errors import ProjectError
    from manju.jobs.ledger import read_jobs, spent

    folder = Path(args.dir)
    if not (folder / "project.json").is_file():
        raise ProjectError(f"no project at {folder / 'project.json'} (make one with manju make)")
    jobs = read_jobs(folder)
    total = spent(jobs)
    if args.json:
        print(json.dumps({"jobs": [j.to_json() for j in jobs], "spent": round(total, 4)},
                         ensure_ascii=False))
        return 0
    if not jobs:
        print(f"{folder}: no generation jobs")
        return 0
    for j in jobs:
        task = j.task_id or "-"
        print(f"{j.key[:10]}  {j.state:<10} {j.kind}.{j.provider:<8} {j.model[:18]:<18} "
              f"${j.cost:<7.3f} task {task[:36]:<36} {j.purpose[:40]}")
        if j.error:
            print(f"{'':12}{j.error[:160]}", file=sys.stdout)
    done = sum(1 for j in jobs if j.state == "done")
    print(f"{len(jobs)} jobs, {done} done; estimated spend ${total:.2f}")
    return 0


def cmd_refs(args: argparse.Namespace) -> int:
    """``manju refs DIR``: make (or set) the characters' reference sheets."""
    from manju.doc.ops import find_character
    from manju.errors import InputError, ProjectError
    from manju.jobs.ledger import Ledger
    from manju.jobs.runner import JobRunner
    from manju.session import Session
    from manju.stages.refsheet import SHEETS, make_sheets, set_sheet, sheets

    folder = Path(args.dir)
    if not (folder / "project.json").is_file():
        raise ProjectError(f"no project at {folder / 'project.json'} (make one with manju make)")
    with Session.open(folder) as session:
        project = session.project
        if not project.characters:
            raise InputError("the project has no characters yet: run `manju make` or `manju adapt`")
        named = [*(args.name or []), *(args.character or [])]
        chars = ([find_character(project, t) for t in named] if named
                 else list(project.characters))
        views = tuple(args.view or (("front",) if args.file else SHEETS))
        ctx = session.context()
        if args.file:
            if len(named) != 1 or len(views) != 1:
                raise InputError("--file needs exactly one character and at most one --view")
            set_sheet(project, chars[0], views[0], args.file, ctx.cache)
            session.save()
            made = 0
        else:
            backend = session.backend("image")
            if backend is None:
                raise InputError("no image backend chosen: run `manju make STORY --out DIR "
                                 "--image comfyui|openai|gemini` first (see docs/backends.md)")
            with Ledger.for_project(folder) as ledger:
                runner = JobRunner(ledger, ctx.cache, folder, budget=args.budget,
                                   notice=lambda m: print(m, file=sys.stderr))
                try:
                    made = make_sheets(project, backend, runner, chars, views)
                finally:
                    session.save()  # whatever was made is kept, even when the budget stops it
        rows = {c.name: {v: a.path for v, a in sheets(c).items()} for c in chars}
    if args.json:
        print(json.dumps({"made": made, "sheets": rows}, ensure_ascii=False))
        return 0
    for name, got in rows.items():
        listed = ", ".join(f"{v} {p}" for v, p in got.items()) or "none"
        print(f"{name}: {listed}")
    return 0


def _sheet_cost(image: Any) -> float:
    """What one reference sheet costs with the ``image`` backend."""
    from manju.backends.protocols import ImageRequest
    from manju.stages.plate import request_size

    w, h = request_size(dict(getattr(image, "capabilities", {}) or {}), 832, 1248)
    return float(image.cost(ImageRequest("", w, h)))


def cmd_clip(args: argparse.Namespace) -> int:
    """``manju clip DIR SHOT...``: make the shots' clips, then render what changed."""
    from manju.doc.ops import find_shot
    from manju.errors import InputError, ProjectError
    from manju.jobs.ledger import Ledger
    from manju.jobs.runner import JobRunner
    from manju.session import Session
    from manju.stages.clip import make_clips, missing_sheets, plan

    folder = Path(args.dir)
    if not (folder / "project.json").is_file():
        raise ProjectError(f"no project at {folder / 'project.json'} (make one with manju make)")
    backends: dict[str, str | None] = {}
    config: dict[str, dict[str, Any]] = {}
    if (args.video_option or args.workflow or args.video_model) and not args.video:
        raise InputError("--video-option, --workflow and --video-model need --video NAME")
    if args.video:
        backends["video"] = None if args.video == "none" else args.video
        if args.video != "none":
            if args.video_model:
                config.setdefault("video", {})["model"] = args.video_model
            if args.workflow:
                config.setdefault("video", {})["workflow"] = str(Path(args.workflow).resolve())
            if args.video_option:
                config.setdefault("video", {}).update(parse_options(args.video_option))
    with Session.open(folder, backends=backends, backend_config=config) as session:
        project = session.project
        if not project.shots():
            raise InputError("the project has no storyboard yet: run `manju make` first")
        chosen = []
        for target in args.shots:
            shot = find_shot(project, target)
            chosen.append((project.scene_of_shot(shot.id), shot))
        backend = session.backend("video")
        if backend is None:
            if args.video == "none":
                report = session.make()
                print(f"clips dropped; rendered {report.shots_rendered} shots again")
                return 0
            raise InputError("no video backend: give --video kling|hailuo|wanx|seedance|veo|"
                             "comfyui (see docs/backends.md)")
        session.save()  # the choice is recorded before anything is sent
        image = session.backend("image")
        if args.estimate:
            todo = plan(project, chosen, backend)
            cost = sum(float(backend.cost(job.request)) for job in todo)
            out = {"backend": f"video.{backend.name}", "clips": len(todo), "cost": round(cost, 4),
                   "shots": [job.shot.id for job in todo]}
            if image is not None:
                # The sheets the clips would carry and the project lacks are made first.
                missing = sum(len(v) for v in missing_sheets(project, chosen, backend).values())
                sheet_cost = missing * _sheet_cost(image)
                out.update(sheets=missing, cost=round(cost + sheet_cost, 4))
            session.save()  # the backend choice is kept, as make --estimate keeps it
            sheets = f" and {out['sheets']} reference sheets" if out.get("sheets") else ""
            print(json.dumps(out) if args.json else
                  f"{out['backend']}: {len(todo)} clips{sheets} to make, estimated "
                  f"${out['cost']:.2f}")
            return 0
        ctx = session.context()
        with Ledger.for_project(folder) as ledger:
            runner = JobRunner(ledger, ctx.cache, folder, budget=args.budget,
                               notice=lambda m: print(m, file=sys.stderr))
            try:
                made = make_clips(project, backend, runner, chosen, image=image)
            finally:
                session.save()  # clips already made are kept, even when the budget stops it
        report = session.make()
    if args.json:
        print(json.dumps({"clips": made, "shots_rendered": report.shots_rendered,
                          "video": report.video}))
    elif not args.quiet:
        print(f"{made} clips made; rendered {report.shots_rendered} shots again: {report.video}")
    return 0
