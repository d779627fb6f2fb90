"""``manju world record|train|eval|play``: a learned, playable model of a scene (docs/world.md).

PyTorch is imported only inside the commands that need it, so ``manju --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from manju.errors import InputError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``world`` and its subcommands on the main parser."""
    wp = sub.add_parser("world", help="record a scene as a game, train a next-frame model, "
                                      "evaluate it, play it in the browser")
    ws = wp.add_subparsers(dest="world_command", required=True)

    rc = ws.add_parser("record", help="play a project's scene (or Breakout) and record frames, "
                                      "actions and engine state")
    rc.add_argument("dir", help="a project folder (after `manju adapt` or `make`), or `breakout`")
    rc.add_argument("--steps", type=int, required=True, help="steps to record in all")
    rc.add_argument("--size", type=int, action="append", choices=[64, 128],
                    help="frame size (repeat for both; default 64 and 128)")
    rc.add_argument("--out", default=None, help="data folder (default DIR/world-data, or world-breakout)")
    rc.add_argument("--seed", type=int, default=0)
    rc.add_argument("--episode-len", type=int, default=100, help="steps per episode (default 100)")
    rc.add_argument("--scene", default=None, help="scene number (1 = first) or id")
    rc.add_argument("--character", default=None, help="who plays (name, alias or id)")
    rc.set_defaults(handler=cmd_record)

    tr = ws.add_parser("train", help="train the action-conditioned diffusion model on a recording")
    tr.add_argument("data", help="a folder written by `manju world record`")
    tr.add_argument("--out", required=True, help="model file to write (MODEL.ckpt is the checkpoint)")
    tr.add_argument("--steps", type=int, default=2000)
    tr.add_argument("--batch", type=int, default=16)
    tr.add_argument("--lr", type=float, default=5e-4)
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--size", type=int, default=64, choices=[64, 128])
    tr.add_argument("--channels", default="48,96,128", help="channels per UNet level")
    tr.add_argument("--residual", action="store_true",
                    help="diffuse the change from the last frame rather than the frame")
    tr.add_argument("--deterministic", action="store_true",
                    help="the baseline: the same network trained to regress the next frame")
    tr.add_argument("--no-noisy-skip", action="store_true",
                    help="leave out the output's direct path from the noisy input (older models)")
    tr.add_argument("--minutes", type=float, default=None, help="stop (and save) after this long")
    tr.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda")
    tr.add_argument("--threads", type=int, default=1, help="CPU threads (default 1)")
    tr.add_argument("--save-every", type=int, default=200)
    tr.add_argument("--fresh", action="store_true", help="ignore an existing checkpoint")
    tr.set_defaults(handler=cmd_train)

    ev = ws.add_parser("eval", help="next-frame and rollout PSNR/SSIM against the ground truth, "
                                    "with the copy-last-frame baseline")
    ev.add_argument("model")
    ev.add_argument("data")
    ev.add_argument("--episodes", type=int, default=0, help="held-out episodes to use (default all)")
    ev.add_argument("--horizon", type=int, default=32, help="rollout length (default 32)")
    ev.add_argument("--sampling-steps", type=int, default=3, help="denoising steps (1-3)")
    ev.add_argument("--png", default=None, help="folder for PNG strips of rollouts")
    ev.add_argument("--video", default=None, help="MP4 of the first held-out episode played "
                                                   "by the model, beside the engine's frames")
    ev.add_argument("--threads", type=int, default=1)
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(handler=cmd_eval)

    pl = ws.add_parser("play", help="serve a page where the keyboard drives the model")
    pl.add_argument("model")
    pl.add_argument("--port", type=int, default=8770)
    pl.add_argument("--host", default="127.0.0.1")
    pl.add_argument("--sampling-steps", type=int, default=1, help="denoising steps per frame")
    pl.add_argument("--threads", type=int, default=1)
    pl.add_argument("--bench", type=int, default=0, metavar="N",
                    help="only measure: N frames of inference, print frames per second")
    pl.set_defaults(handler=cmd_play)


def _torch(threads: int) -> None:
    try:
        import torch
    except ImportError as e:
        raise InputError("the world model needs PyTorch: pip install 'manju[world]'") from e
    torch.set_num_threads(max(1, threads))


def cmd_record(args: argparse.Namespace) -> int:
    """Record play into a data folder."""
    from manju.world import record

    if args.steps < 1:
        raise InputError("--steps must be at least 1")
    sizes = sorted(set(args.size or record.SIZES))

    def progress(done: int, total: int) -> None:
        print(f"\rrecording episode {done}/{total}", end="" if done < total else "\n",
              file=sys.stderr, flush=True)

    if args.dir == "breakout" and not Path(args.dir).is_dir():
        from manju.world import atari

        why = atari.available()
        if why:
            print(f"skipped Breakout: {why}", file=sys.stderr)
            return 0
        out = record.record_breakout(args.out or "world-breakout", args.steps, sizes, args.seed,
                                     args.episode_len, progress)
    else:
        out = record.record_scene(args.dir, args.out or Path(args.dir) / "world-data", args.steps,
                                  sizes, args.seed, args.episode_len, args.scene, args.character,
                                  progress)
    print(f"wrote {out}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Train (or resume) a model."""
    _torch(args.threads)
    from manju.world.train import TrainConfig, train

    try:
        channels = [int(c) for c in args.channels.split(",")]
    except ValueError as e:
        raise InputError(f"--channels takes numbers separated by commas, not {args.channels!r}") from e
    cfg = TrainConfig(steps=args.steps, batch=args.batch, lr=args.lr, seed=args.seed,
                      size=args.size, channels=channels,
                      residual=args.residual, deterministic=args.deterministic,
                      noisy_skip=not args.no_noisy_skip)
    summary = train(args.data, args.out, cfg, device=args.device, minutes=args.minutes,
                    save_every=args.save_every, fresh=args.fresh)
    print(json.dumps(summary))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Evaluate a model on held-out play."""
    _torch(args.threads)
    from manju.world.evaluate import evaluate, format_report

    report = evaluate(args.model, args.data, episodes=args.episodes, horizon=args.horizon,
                      sampling_steps=args.sampling_steps, png=args.png, seed=args.seed,
                      video=args.video)
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    """Serve the play page (or only measure inference speed)."""
    _torch(args.threads)
    from manju.world.play import Player, bench, serve

    player = Player(args.model, sampling_steps=args.sampling_steps)
    if args.bench:
        fps = bench(player, args.bench)
        print(json.dumps({"frames": args.bench, "fps": round(fps, 1),
                          "sampling_steps": args.sampling_steps}))
        return 0
    if not 0 <= args.port <= 65535:
        raise InputError("--port must be between 0 and 65535")
    serve(player, args.host, args.port)
    return 0
