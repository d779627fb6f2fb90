"""The next-frame model: an action-conditioned pixel-space diffusion UNet (DIAMOND-style).

``Denoiser`` wraps a small UNet in EDM preconditioning (Karras et al. 2022): given the last
``context`` frames, the last ``context`` actions and a noisy next frame at noise level sigma,
it predicts the clean next frame. The context frames are concatenated to the noisy frame as
channels; the noise level, the actions and the noise level added to the context (noise
augmentation during training, which keeps autoregressive rollouts stable) are embedded into
one vector that scales and shifts every residual block's normalisation.

Sampling (:func:`sample`) runs a few Euler steps of the probability-flow ODE on a Karras
schedule; with one step the model is a single forward pass from pure noise.

Frames are float tensors in [-1, 1], shape (B, 3, H, W). Imports torch: import this module
only inside commands that need it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

SIGMA_DATA = 0.5
#: the noise level the deterministic baseline is told (its input frame is all zeros)
DETERMINISTIC_SIGMA = 5.0


@dataclass
class ModelConfig:
    """The network's shape (stored in every checkpoint)."""

    n_actions: int
    context: int = 4
    channels: list[int] = field(default_factory=lambda: [32, 64, 96, 128])
    blocks: int = 1  # residual blocks per level (the decoder has one more, for the skip)
    cond_dim: int = 128
    size: int = 64
    #: pixels per side folded into channels before the first convolution (cheaper on a CPU)
    patch: int = 1
    #: diffuse the change from the last context frame instead of the frame itself
    residual: bool = False
    #: a plain regression baseline: the same network, no noise, trained on squared error
    deterministic: bool = False
    #: add the (folded) noisy input to the output with a gain learnt per noise level, see :class:`UNet`
    noisy_skip: bool = False

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return asdict(self)


def _groups(c: int) -> int:
    return 8 if c % 8 == 0 else 1


class ResBlock(nn.Module):
    """GroupNorm, scale/shift from the conditioning vector, SiLU, 3x3 conv; twice; plus skip."""

    def __init__(self, c_in: int, c_out: int, cond_dim: int) -> None:
        super().__init__()
        self.norm1 = nn.GroupNorm(_groups(c_in), c_in, affine=False)
        self.film = nn.Linear(cond_dim, 2 * c_in)
        self.conv1 = nn.Conv2d(c_in, c_out, 3, padding=1)
        self.norm2 = nn.GroupNorm(_groups(c_out), c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1)
        nn.init.zeros_(self.conv2.weight)
        nn.init.zeros_(self.conv2.bias)  # type: ignore[arg-type]
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        scale, shift = self.film(cond)[:, :, None, None].chunk(2, dim=1)
        h = self.norm1(x) * (1 + scale) + shift
        h = self.conv1(F.silu(h))
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class FourierEmbedding(nn.Module):
    """Random Fourier features of a scalar (the noise level)."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.register_buffer("freqs", torch.randn(dim // 2) * 1.0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = 2 * math.pi * x[:, None] * self.freqs[None]  # type: ignore[index]
        return torch.cat([f.cos(), f.sin()], dim=1)


class UNet(nn.Module):
    """Encoder-decoder with skips; conditioned on noise level, actions and context noise."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        d = cfg.cond_dim
        self.noise_emb = FourierEmbedding(d)
        self.ctx_noise_emb = FourierEmbedding(d)
        # one embedding per (position in the context, action)
        self.action_emb = nn.Embedding(cfg.context * cfg.n_actions, d)
        self.cond_mlp = nn.Sequential(nn.Linear(d, d), nn.SiLU(), nn.Linear(d, d))
        chans = cfg.channels
        self.stem = nn.Conv2d(3 * (cfg.context + 1) * cfg.patch ** 2, chans[0], 3, padding=1)
        self.down = nn.ModuleList()
        self.downsample = nn.ModuleList()
        skips = [chans[0]]
        c = chans[0]
        for i, ch in enumerate(chans):
            for _ in range(cfg.blocks):
                self.down.append(ResBlock(c, ch, d))
                c = ch
                skips.append(c)
            if i < len(chans) - 1:
                self.downsample.append(nn.Conv2d(c, c, 3, stride=2, padding=1))
                skips.append(c)
        self.mid = ResBlock(c, c, d)
        self.up = nn.ModuleList()
        for ch in reversed(chans):
            for _ in range(cfg.blocks + 1):
                self.up.append(ResBlock(c + skips.pop(), ch, d))
                c = ch
        self.out_norm = nn.GroupNorm(_groups(c), c)
        self.out = nn.Conv2d(c, 3 * cfg.patch ** 2, 3, padding=1)
        # Why the gated skip: the EDM target F = (clean - c_skip x) / c_out holds the noisy
        # input times -sigma_data / sigma (about -10 at sigma 0.05, -0.1 at sigma 5). Through
        # the UNet alone that noise competes with the frame for the top level's channels
        # (folded 4x4, the noise alone has 48 values per position); a direct path whose gain
        # the network sets from the noise level carries it at no cost.
        self.skip_gain = nn.Linear(d, 3 * cfg.patch ** 2) if cfg.noisy_skip else None
        if self.skip_gain is not None:
            nn.init.zeros_(self.skip_gain.weight)
            nn.init.zeros_(self.skip_gain.bias)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)  # type: ignore[arg-type]

    def forward(self, x: torch.Tensor, c_noise: torch.Tensor, ctx: torch.Tensor,
                actions: torch.Tensor, ctx_sigma: torch.Tensor) -> torch.Tensor:
        cfg = self.cfg
        pos = torch.arange(cfg.context, device=actions.device)[None] * cfg.n_actions
        cond = self.noise_emb(c_noise) + self.ctx_noise_emb(ctx_sigma) \
            + self.action_emb(actions + pos).sum(dim=1)
        cond = self.cond_mlp(cond)
        folded = F.pixel_unshuffle(torch.cat([x, ctx], dim=1), cfg.patch)
        h = self.stem(folded)
        hs = [h]
        di = 0
        for i in range(len(cfg.channels)):
            for _ in range(cfg.blocks):
                h = self.down[di](h, cond)
                di += 1
                hs.append(h)
            if i < len(cfg.channels) - 1:
                h = self.downsample[i](h)
                hs.append(h)
        h = self.mid(h, cond)
        ui = 0
        for i in reversed(range(len(cfg.channels))):
            for _ in range(cfg.blocks + 1):
                h = self.up[ui](torch.cat([h, hs.pop()], dim=1), cond)
                ui += 1
            if i > 0:
                h = F.interpolate(h, scale_factor=2.0, mode="nearest")
        out = self.out(F.silu(self.out_norm(h)))
        if self.skip_gain is not None:
            out = out + self.skip_gain(cond)[:, :, None, None] * folded[:, :3 * cfg.patch ** 2]
        return F.pixel_shuffle(out, cfg.patch)


class Denoiser(nn.Module):
    """EDM-preconditioned denoiser D(x; sigma, context, actions)."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.net = UNet(cfg)

    @staticmethod
    def scalings(sigma: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """c_skip, c_out, c_in, c_noise for noise level ``sigma`` (B,)."""
        s2 = sigma ** 2 + SIGMA_DATA ** 2
        c_skip = SIGMA_DATA ** 2 / s2
        c_out = sigma * SIGMA_DATA / s2.sqrt()
        c_in = 1 / s2.sqrt()
        c_noise = sigma.log() / 4
        return c_skip, c_out, c_in, c_noise

    def raw(self, noisy: torch.Tensor, sigma: torch.Tensor, ctx: torch.Tensor,
            actions: torch.Tensor, ctx_sigma: torch.Tensor) -> torch.Tensor:
        """The network's output F before preconditioning."""
        _, _, c_in, c_noise = self.scalings(sigma)
        return self.net(noisy * c_in[:, None, None, None], c_noise, ctx, actions, ctx_sigma)  # type: ignore[no-any-return]

    def forward(self, noisy: torch.Tensor, sigma: torch.Tensor, ctx: torch.Tensor,
                actions: torch.Tensor, ctx_sigma: torch.Tensor) -> torch.Tensor:
        c_skip, c_out, _, _ = self.scalings(sigma)
        f = self.raw(noisy, sigma, ctx, actions, ctx_sigma)
        return c_skip[:, None, None, None] * noisy + c_out[:, None, None, None] * f  # type: ignore[no-any-return]

    def loss(self, target: torch.Tensor, ctx: torch.Tensor, actions: torch.Tensor,
             p_mean: float = -0.4, p_std: float = 1.2, ctx_noise: float = 0.3) -> torch.Tensor:
        """EDM training loss on a batch: target (B,3,H,W), ctx (B,3*context,H,W), actions (B,context)."""
        b = target.shape[0]
        if self.cfg.residual:
            target = target - ctx[:, -3:]
        if self.cfg.deterministic:
            zero = torch.zeros(b, device=target.device)
            pred = self(torch.zeros_like(target), zero + DETERMINISTIC_SIGMA, ctx, actions, zero)
            return F.mse_loss(pred, target)
        sigma = (torch.randn(b, device=target.device) * p_std + p_mean).exp()
        ctx_sigma = torch.rand(b, device=target.device) * ctx_noise
        ctx = ctx + ctx_sigma[:, None, None, None] * torch.randn_like(ctx)
        noisy = target + sigma[:, None, None, None] * torch.randn_like(target)
        c_skip, c_out, _, _ = self.scalings(sigma)
        want = (target - c_skip[:, None, None, None] * noisy) / c_out[:, None, None, None]
        return F.mse_loss(self.raw(noisy, sigma, ctx, actions, ctx_sigma), want)


def karras_sigmas(steps: int, sigma_min: float = 2e-3, sigma_max: float = 5.0,
                  rho: float = 7.0) -> list[float]:
    """``steps`` noise levels from ``sigma_max`` down to ``sigma_min``, then 0."""
    if steps == 1:
        return [sigma_max, 0.0]
    ramp = [i / (steps - 1) for i in range(steps)]
    lo, hi = sigma_min ** (1 / rho), sigma_max ** (1 / rho)
    return [(hi + r * (lo - hi)) ** rho for r in ramp] + [0.0]


@torch.no_grad()
def sample(model: Denoiser, ctx: torch.Tensor, actions: torch.Tensor, steps: int = 3,
           generator: torch.Generator | None = None) -> torch.Tensor:
    """The next frame (B,3,H,W) in [-1, 1] after ``steps`` Euler steps from noise."""
    b = ctx.shape[0]
    size = ctx.shape[-1]
    if model.cfg.deterministic:
        zero = torch.zeros(b, device=ctx.device)
        x = model(torch.zeros((b, 3, size, size), device=ctx.device), zero + DETERMINISTIC_SIGMA,
                  ctx, actions, zero)
        return (x + ctx[:, -3:] if model.cfg.residual else x).clamp(-1, 1)  # type: ignore[no-any-return]
    sigmas = karras_sigmas(steps)
    x = torch.randn((b, 3, size, size), generator=generator, device=ctx.device) * sigmas[0]
    zero = torch.zeros(b, device=ctx.device)
    for s, s_next in zip(sigmas[:-1], sigmas[1:], strict=True):
        sig = torch.full((b,), s, device=ctx.device)
        denoised = model(x, sig, ctx, actions, zero)
        x = x + (x - denoised) / s * (s_next - s)
    if model.cfg.residual:
        x = x + ctx[:, -3:]
    return x.clamp(-1, 1)


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def to_tensor(frames: Any) -> torch.Tensor:
    """uint8 (..., H, W, 3) numpy frames to float (..., 3, H, W) in [-1, 1]."""
    t = torch.as_tensor(frames)
    return t.movedim(-1, -3).float() / 127.5 - 1.0


def to_uint8(x: torch.Tensor) -> Any:
    """Inverse of :func:`to_tensor`, as a numpy array (..., H, W, 3)."""
    return ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).movedim(-3, -1).cpu().numpy()
