"""Evaluating a world model against the ground-truth engine on held-out play.

- next frame: PSNR and SSIM of the model's prediction of every held-out frame from the four
  true frames and actions before it;
- rollouts: from the start of each held-out episode, the model feeds on its own frames under
  the true actions for ``horizon`` steps; PSNR at steps 1, 8, 16 and 32;
- baseline: repeating the last true frame, on exactly the same windows;
- denoiser by noise level (diffusion models): PSNR of the one-pass clean-frame estimate
  D(next + sigma * noise; sigma) at a few noise levels. A well-trained denoiser gets better as
  sigma falls; the sampler's later steps rely on exactly that;
- action response (scenes only, since their engine state replays exactly): from one state,
  holding ``left`` versus ``right`` (and ``jump`` versus ``noop``) for 8 steps; the model's
  frames should be nearer the engine's frames for the same action than for the other.

Imports torch.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from manju.world.data import load_split
from manju.world.model import Denoiser, sample, to_tensor, to_uint8
from manju.world.train import load_model

MARKS = (1, 8, 16, 32)


def psnr(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """PSNR in dB per image of uint8 batches (..., H, W, 3); capped at 60 for equal images."""
    err = ((a.astype(np.float64) - b.astype(np.float64)) ** 2).mean(axis=(-1, -2, -3))
    return np.minimum(60.0, 10 * np.log10(255.0 ** 2 / np.maximum(err, 1e-10)))


def ssim(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """SSIM per image (Gaussian window 11, sigma 1.5, per channel then averaged)."""
    x = torch.as_tensor(a).movedim(-1, -3).double().flatten(0, -4)
    y = torch.as_tensor(b).movedim(-1, -3).double().flatten(0, -4)
    g = torch.exp(-((torch.arange(11, dtype=torch.float64) - 5) ** 2) / (2 * 1.5 ** 2))
    g = g / g.sum()
    c = x.shape[1]
    kx = g.view(1, 1, 1, 11).repeat(c, 1, 1, 1)
    ky = g.view(1, 1, 11, 1).repeat(c, 1, 1, 1)

    def blur(t: torch.Tensor) -> torch.Tensor:
        return F.conv2d(F.conv2d(t, kx, groups=c), ky, groups=c)

    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = blur(x), blur(y)
    vx, vy, cov = blur(x * x) - mx ** 2, blur(y * y) - my ** 2, blur(x * y) - mx * my
    s = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx ** 2 + my ** 2 + c1) * (vx + vy + c2))
    return s.mean(dim=(1, 2, 3)).numpy().reshape(a.shape[:-3])  # type: ignore[no-any-return]


def _predict(model: Denoiser, frames: np.ndarray, actions: np.ndarray, steps: int,
             gen: torch.Generator) -> np.ndarray:
    """Next frames for context frames (B, c, H, W, 3) and actions (B, c)."""
    ctx = to_tensor(frames).flatten(1, 2)
    return to_uint8(sample(model, ctx, torch.as_tensor(actions), steps, gen))  # type: ignore[no-any-return]


def rollout(model: Denoiser, frames: np.ndarray, actions: np.ndarray, steps: int,
            gen: torch.Generator, batch: int = 32) -> np.ndarray:
    """Autoregressive frames: start from ``frames`` (B, c, H, W, 3), then follow ``actions``
    (B, c - 1 + horizon) where ``actions[:, i]`` is taken at context frame ``i``; returns
    (B, horizon, H, W, 3)."""
    c = frames.shape[1]
    horizon = actions.shape[1] - c + 1
    outs = []
    for i in range(0, len(frames), batch):
        window = frames[i:i + batch].copy()
        made = []
        for k in range(horizon):
            nxt = _predict(model, window, actions[i:i + batch, k:k + c], steps, gen)
            made.append(nxt)
            window = np.concatenate([window[:, 1:], nxt[:, None]], axis=1)
        outs.append(np.stack(made, axis=1))
    return np.concatenate(outs)


def _next_frame(model: Denoiser, eps: list[dict[str, np.ndarray]], c: int, steps: int,
                gen: torch.Generator, batch: int = 32) -> dict[str, float]:
    ctx, acts, tgt, last = [], [], [], []
    for e in eps:
        for t in range(c - 1, len(e["actions"])):
            if e["dones"][t - c + 1:t + 1].any():
                continue
            ctx.append(e["frames"][t - c + 1:t + 1])
            acts.append(e["actions"][t - c + 1:t + 1])
            tgt.append(e["frames"][t + 1])
            last.append(e["frames"][t])
    pred = np.concatenate([_predict(model, np.stack(ctx[i:i + batch]), np.stack(acts[i:i + batch]),
                                    steps, gen) for i in range(0, len(ctx), batch)])
    target, copy = np.stack(tgt), np.stack(last)
    return {"windows": len(target),
            "psnr": float(psnr(pred, target).mean()), "ssim": float(ssim(pred, target).mean()),
            "baseline_psnr": float(psnr(copy, target).mean()),
            "baseline_ssim": float(ssim(copy, target).mean())}


DENOISE_SIGMAS = (0.05, 0.283, 1.0, 5.0)


@torch.no_grad()
def _denoise_curve(model: Denoiser, eps: list[dict[str, np.ndarray]], c: int,
                   gen: torch.Generator, n: int = 64) -> dict[str, float]:
    """PSNR of D(x; sigma) against the true next frame on ``n`` held-out windows, per sigma
    (0.283 is the middle level of the 3-step schedule)."""
    ctx, acts, tgt = [], [], []
    for e in eps:
        for t in range(c - 1, len(e["actions"])):
            if not e["dones"][t - c + 1:t + 1].any():
                ctx.append(e["frames"][t - c + 1:t + 1])
                acts.append(e["actions"][t - c + 1:t + 1])
                tgt.append(e["frames"][t + 1])
    pick = np.linspace(0, len(tgt) - 1, min(n, len(tgt))).round().astype(int)
    x_ctx = to_tensor(np.stack([ctx[i] for i in pick])).flatten(1, 2)
    x_act = torch.as_tensor(np.stack([acts[i] for i in pick]))
    clean = to_tensor(np.stack([tgt[i] for i in pick]))
    target = np.stack([tgt[i] for i in pick])
    if model.cfg.residual:
        clean = clean - x_ctx[:, -3:]
    noise = torch.randn(clean.shape, generator=gen)
    zero = torch.zeros(len(pick))
    out = {}
    for s in DENOISE_SIGMAS:
        d = model(clean + s * noise, zero + s, x_ctx, x_act, zero)
        if model.cfg.residual:
            d = d + x_ctx[:, -3:]
        out[f"{s:g}"] = round(float(psnr(to_uint8(d), target).mean()), 2)
    return out


def _strip(rows: list[np.ndarray], path: Path, scale: int = 2) -> None:
    """Rows of frames (n, H, W, 3) as one PNG, each frame scaled up ``scale`` times."""
    from manju.testing import save_png

    img = np.concatenate([np.concatenate(list(r), axis=1) for r in rows], axis=0)
    save_png(img.repeat(scale, axis=0).repeat(scale, axis=1), path)


def write_video(truth: np.ndarray, made: np.ndarray, path: str | Path, scale: int = 4,
                fps: int = 10) -> Path:
    """An MP4 of the engine's frames (left) beside the model's (right), scaled up."""
    import av

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        h, w = truth.shape[1] * scale, truth.shape[2] * scale * 2 + 2 * scale
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        gap = np.full((truth.shape[1], 2, 3), 255, np.uint8)
        for a, b in zip(truth, made, strict=True):
            img = np.concatenate([a, gap, b], axis=1).repeat(scale, axis=0).repeat(scale, axis=1)
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def _action_response(model: Denoiser, meta: dict[str, Any], eps: list[dict[str, np.ndarray]],
                     c: int, steps: int, gen: torch.Generator, png: Path | None) -> dict[str, Any]:
    """Hold one action versus another for 8 steps from held-out states, against the engine."""
    from manju.world import game

    size = eps[0]["frames"].shape[1]
    renderer = game.SceneRenderer(meta["setting"], meta["look"], size)
    names = list(meta["actions"])
    pairs = [("left", "right"), ("jump", "noop")]
    hold = 8
    out: dict[str, Any] = {}
    for a, b in pairs:
        right = total = 0
        for e in eps:
            for t in range(c - 1, len(e["actions"]) - hold, 24):
                start = game.GameState.from_vector(e["states"][t])
                truth = {}
                for name in (a, b):
                    s, fr = start, []
                    for _ in range(hold):
                        s = game.step(s, names.index(name))
                        fr.append(renderer.render(s))
                    truth[name] = np.stack(fr)
                for name, other in ((a, b), (b, a)):
                    acts = np.concatenate([e["actions"][t - c + 1:t],
                                           np.full(hold, names.index(name))])[None]
                    pred = rollout(model, e["frames"][t - c + 1:t + 1][None], acts, steps, gen)[0]
                    near = ((pred.astype(float) - truth[name]) ** 2).mean()
                    far = ((pred.astype(float) - truth[other]) ** 2).mean()
                    right += int(near < far)
                    total += 1
                    if png is not None and total <= 2:
                        _strip([truth[name], pred], png / f"action_{name}.png", 3)
        out[f"{a}_vs_{b}"] = {"correct": right, "of": total,
                              "accuracy": round(right / max(1, total), 3)}
    return out


def evaluate(model_path: str | Path, data: str | Path, episodes: int = 0, horizon: int = 32,
             sampling_steps: int = 3, png: str | Path | None = None, seed: int = 0,
             video: str | Path | None = None) -> dict[str, Any]:
    """All the measures above as one JSON-able report; ``video``: an MP4 of the model playing
    the first held-out episode to its end under the true actions, beside the engine."""
    model, raw = load_model(model_path)
    cfg = raw["config"]
    c, size = int(cfg["context"]), int(cfg["size"])
    eps = load_split(data, size, "test")
    if episodes:
        eps = eps[:episodes]
    gen = torch.Generator().manual_seed(seed)
    png_dir = Path(png) if png else None
    if png_dir:
        png_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"model": str(model_path), "data": str(data),
                              "source": raw["meta"].get("source"), "episodes": len(eps),
                              "sampling_steps": sampling_steps, "size": size,
                              "parameters": sum(v.numel() for v in model.parameters()),
                              "model_mb": round(Path(model_path).stat().st_size / 1e6, 2),
                              "train": raw.get("summary", {})}
    report["next_frame"] = _next_frame(model, eps, c, sampling_steps, gen)
    if not model.cfg.deterministic:
        report["denoiser_psnr"] = _denoise_curve(model, eps, c, gen)
    # rollouts from the start of each held-out episode (and from its middle), true actions
    starts = [(e, t) for e in eps for t in (c - 1, len(e["actions"]) // 2)
              if t + horizon <= len(e["actions"]) and not e["dones"][t - c + 1:t + horizon].any()]
    if starts:
        frames = np.stack([e["frames"][t - c + 1:t + 1] for e, t in starts])
        acts = np.stack([e["actions"][t - c + 1:t + horizon] for e, t in starts])
        truth = np.stack([e["frames"][t + 1:t + 1 + horizon] for e, t in starts])
        made = rollout(model, frames, acts, sampling_steps, gen)
        copy = np.repeat(frames[:, -1:], horizon, axis=1)
        p_model, p_copy = psnr(made, truth).mean(axis=0), psnr(copy, truth).mean(axis=0)
        report["rollout"] = {"starts": len(starts), **{
            f"psnr@{k}": round(float(p_model[k - 1]), 2) for k in MARKS if k <= horizon}, **{
            f"baseline_psnr@{k}": round(float(p_copy[k - 1]), 2) for k in MARKS if k <= horizon},
            "psnr_curve": [round(float(v), 2) for v in p_model]}
        if png_dir:
            keep = [k - 1 for k in range(1, horizon + 1) if k <= 8 or k % 4 == 0]
            for i in range(min(3, len(starts))):
                _strip([truth[i][keep], made[i][keep]], png_dir / f"rollout_{i}.png")
    if video:
        e = eps[0]
        n = len(e["actions"]) - c + 1
        made = rollout(model, e["frames"][None, :c], e["actions"][None], sampling_steps, gen)[0]
        report["video"] = str(write_video(e["frames"][c:c + n], made, video))
    if raw["meta"].get("source") == "manju" and "setting" in raw["meta"]:
        report["action_response"] = _action_response(model, raw["meta"], eps, c,
                                                     sampling_steps, gen, png_dir)
    for k, v in report["next_frame"].items():
        if isinstance(v, float):
            report["next_frame"][k] = round(v, 4 if "ssim" in k else 2)
    return report


def format_report(r: dict[str, Any]) -> str:
    """The report as a few readable lines."""
    nf = r["next_frame"]
    lines = [f"{r['model']} on {r['data']} ({r['episodes']} held-out episodes, "
             f"{r['sampling_steps']} denoising steps, {r['parameters'] / 1e6:.2f}M parameters, "
             f"{r['model_mb']} MB)",
             f"next frame ({nf['windows']} windows): PSNR {nf['psnr']:.2f} dB  SSIM {nf['ssim']:.4f}   "
             f"copy-last baseline: PSNR {nf['baseline_psnr']:.2f} dB  SSIM {nf['baseline_ssim']:.4f}"]
    if "denoiser_psnr" in r:
        lines.append("denoiser PSNR by noise level: " + "  ".join(
            f"sigma {k} {v:.2f}" for k, v in r["denoiser_psnr"].items()))
    ro = r.get("rollout")
    if ro:
        marks = [k for k in MARKS if f"psnr@{k}" in ro]
        lines.append(f"rollout PSNR ({ro['starts']} starts): " + "  ".join(
            f"@{k} {ro[f'psnr@{k}']:.2f} (copy {ro[f'baseline_psnr@{k}']:.2f})" for k in marks))
    for name, v in r.get("action_response", {}).items():
        lines.append(f"action response {name.replace('_', ' ')}: {v['correct']}/{v['of']} "
                     f"nearer the engine's frames for the action taken")
    return "\n".join(lines) + ("" if math.isfinite(nf["psnr"]) else "\n(non-finite PSNR)")
