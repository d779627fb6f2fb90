"""Training the next-frame model: resumable, seeded, with progress and an exported model file.

``train`` keeps a full checkpoint (weights, averaged weights, optimiser, random states, step)
in ``MODEL.ckpt`` beside the model and continues from it when run again with the same
settings. When done it writes ``MODEL``: the averaged weights in half precision with the
config, the recording's metadata and a few held-out opening windows to start play from.
"""

from __future__ import annotations

import copy
import math
import pickle
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from manju.world.data import load_split, read_meta
from manju.world.model import Denoiser, ModelConfig, count_parameters, to_tensor

FORMAT = "manju-world-model.1"


@dataclass
class TrainConfig:
    """Everything that decides a training run (stored in the checkpoint)."""

    steps: int = 2000
    batch: int = 16
    lr: float = 5e-4
    warmup: int = 100
    ema: float = 0.999
    ctx_noise: float = 0.3
    seed: int = 0
    size: int = 64
    channels: list[int] = field(default_factory=lambda: [48, 96, 128])
    patch: int = 4
    blocks: int = 1
    residual: bool = False
    deterministic: bool = False
    noisy_skip: bool = True


def pick_device(name: str = "auto") -> torch.device:
    """CUDA when present (or asked for), else the CPU."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


class Windows:
    """Random (context frames, context actions, next frame) windows from recorded episodes."""

    def __init__(self, episodes: list[dict[str, np.ndarray]], context: int) -> None:
        self.context = context
        self.frames = [torch.from_numpy(e["frames"]) for e in episodes]
        self.actions = [torch.from_numpy(e["actions"]) for e in episodes]
        index = []
        for ei, e in enumerate(episodes):
            dones = e["dones"]
            for t in range(context - 1, len(e["actions"])):
                # context frames t-context+1..t and the target t+1 must be one continuous play
                if not dones[t - context + 1:t + 1].any():
                    index.append((ei, t))
        if not index:
            from manju.errors import InputError

            raise InputError(f"episodes are shorter than {context + 1} frames: record more steps")
        self.index = np.array(index, dtype=np.int64)

    def get(self, rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """ctx (B, 3*context, H, W), actions (B, context), target (B, 3, H, W)."""
        c = self.context
        ctx, acts, tgt = [], [], []
        for ei, t in self.index[rows]:
            f = self.frames[ei]
            ctx.append(f[t - c + 1:t + 1])
            acts.append(self.actions[ei][t - c + 1:t + 1])
            tgt.append(f[t + 1])
        x = to_tensor(torch.stack(ctx))  # (B, c, 3, H, W)
        return x.flatten(1, 2), torch.stack(acts), to_tensor(torch.stack(tgt))


def model_config(cfg: TrainConfig, n_actions: int) -> ModelConfig:
    """The network shape a training config asks for."""
    return ModelConfig(n_actions=n_actions, channels=list(cfg.channels), blocks=cfg.blocks,
                       size=cfg.size, patch=cfg.patch, residual=cfg.residual,
                       deterministic=cfg.deterministic, noisy_skip=cfg.noisy_skip)


def _save(obj: dict[str, Any], path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    tmp.replace(path)


def _starts(data: str | Path, size: int, context: int, n: int = 4) -> dict[str, torch.Tensor]:
    """Opening windows of held-out episodes to start play from."""
    eps = load_split(data, size, "test")[:n]
    return {"frames": torch.from_numpy(np.stack([e["frames"][:context] for e in eps])),
            "actions": torch.from_numpy(np.stack([e["actions"][:context] for e in eps]))}


def default_log(msg: str) -> None:
    """Progress to stderr."""
    print(msg, file=sys.stderr, flush=True)


def train(data: str | Path, out: str | Path, cfg: TrainConfig, device: str = "auto",
          minutes: float | None = None, save_every: int = 200, log_every: int = 25,
          fresh: bool = False, log: Callable[[str], None] = default_log) -> dict[str, Any]:
    """Train (or resume) and export ``out``; returns a summary (steps, seconds, loss, params)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    ckpt_path = out.with_name(out.name + ".ckpt")
    meta = read_meta(data)
    dev = pick_device(device)
    torch.manual_seed(cfg.seed)
    mcfg = model_config(cfg, len(meta["actions"]))
    model = Denoiser(mcfg).to(dev)
    ema = copy.deepcopy(model).requires_grad_(False)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=1e-4)
    rng = np.random.default_rng(cfg.seed)
    step, seconds, losses = 0, 0.0, []
    if ckpt_path.is_file() and not fresh:
        ck = torch.load(ckpt_path, map_location=dev, weights_only=True)
        stored = {"residual": False, "deterministic": False, "noisy_skip": False} | ck["train"] | {"steps": cfg.steps}
        if stored != cfg.__dict__:
            from manju.errors import InputError

            raise InputError(f"{ckpt_path} was made with other settings ({ck['train']}): "
                             "use the same options, or --fresh to start over")
        model.load_state_dict(ck["model"])
        ema.load_state_dict(ck["ema"])
        opt.load_state_dict(ck["opt"])
        rng.bit_generator.state = ck["numpy_rng"]
        torch.set_rng_state(ck["torch_rng"])
        step, seconds, losses = ck["step"], ck["seconds"], ck["losses"]
        log(f"resuming {ckpt_path} at step {step}")
    windows = Windows(load_split(data, cfg.size, "train"), mcfg.context)
    log(f"{len(windows.index)} training windows, {count_parameters(model) / 1e6:.2f}M parameters, "
        f"device {dev}")

    def checkpoint() -> None:
        _save({"train": dict(cfg.__dict__), "model": model.state_dict(), "ema": ema.state_dict(),
               "opt": opt.state_dict(), "numpy_rng": rng.bit_generator.state,
               "torch_rng": torch.get_rng_state(), "step": step, "seconds": seconds,
               "losses": losses}, ckpt_path)

    t0 = time.monotonic()
    start_seconds, start_step = seconds, step
    running: list[float] = []
    model.train()
    while step < cfg.steps:
        if minutes is not None and time.monotonic() - t0 > minutes * 60:
            log(f"time limit reached at step {step}")
            break
        for g in opt.param_groups:
            g["lr"] = cfg.lr * min(1.0, (step + 1) / max(1, cfg.warmup))
        ctx, acts, tgt = windows.get(rng.integers(0, len(windows.index), cfg.batch))
        loss = model.loss(tgt.to(dev), ctx.to(dev), acts.to(dev), ctx_noise=cfg.ctx_noise)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        decay = min(cfg.ema, (1 + step) / (10 + step))
        with torch.no_grad():
            for pe, pm in zip(ema.parameters(), model.parameters(), strict=True):
                pe.lerp_(pm, 1 - decay)
        step += 1
        running.append(loss.item())
        seconds = start_seconds + time.monotonic() - t0
        if step % log_every == 0 or step == cfg.steps:
            avg = sum(running) / len(running)
            losses.append([step, round(avg, 5)])
            running = []
            rate = (step - start_step) / max(1e-9, seconds - start_seconds)
            eta = (cfg.steps - step) / max(rate, 1e-9)
            log(f"step {step}/{cfg.steps}  loss {avg:.4f}  {rate:.2f} steps/s  "
                f"eta {int(eta // 60)}m{int(eta % 60):02d}s")
        if step % save_every == 0:
            checkpoint()
    checkpoint()
    summary = {"steps": step, "seconds": round(seconds, 1), "parameters": count_parameters(model),
               "loss": losses[-1][1] if losses else math.nan, "device": str(dev)}
    export = {
        "format": FORMAT, "config": mcfg.to_json(), "train": dict(cfg.__dict__),
        "summary": summary, "meta": meta, "losses": losses,
        "weights": {k: v.half() if v.is_floating_point() else v for k, v in ema.state_dict().items()},
        "starts": _starts(data, cfg.size, mcfg.context),
    }
    _save(export, out)
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) after {step} steps, {seconds / 60:.1f} min")
    return summary


def load_model(path: str | Path, device: str = "cpu") -> tuple[Denoiser, dict[str, Any]]:
    """A trained model (in eval mode) and its file's other entries."""
    from manju.errors import InputError

    try:
        # tensors and plain containers only: loading a model file runs no code from it
        raw = torch.load(path, map_location=device, weights_only=True)
    except (OSError, RuntimeError, pickle.UnpicklingError) as e:
        raise InputError(f"cannot read the model {path}: {e}") from e
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError(f"{path} is not a manju world model")
    model = Denoiser(ModelConfig(**raw["config"]))
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in raw["weights"].items()})
    return model.to(device).eval(), raw
