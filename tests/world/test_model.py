"""The diffusion model, training, resuming, evaluation, play and the CLI (need PyTorch)."""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install 'manju[world]')")

from torch import Tensor  # noqa: E402

from manju.world.model import Denoiser, ModelConfig, count_parameters, karras_sigmas, sample  # noqa: E402
from manju.world.record import record_scene  # noqa: E402
from manju.world.train import TrainConfig, load_model, train  # noqa: E402

TINY: dict[str, Any] = {"channels": [8, 16], "patch": 4, "batch": 4}


@pytest.fixture(autouse=True)
def _one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture
def recording(project_dir: Path, tmp_path: Path) -> Path:
    """Three episodes of 12 steps at 64x64 (the last one held out)."""
    return record_scene(project_dir, tmp_path / "data", steps=36, sizes=[64], seed=2, episode_len=12)


def test_sampling_shapes() -> None:
    torch.manual_seed(0)
    m = Denoiser(ModelConfig(n_actions=7, channels=[8, 16], patch=4)).eval()
    ctx = torch.rand(2, 12, 64, 64) * 2 - 1
    acts = torch.randint(0, 7, (2, 4))
    for steps in (1, 2, 3):
        y = sample(m, ctx, acts, steps)
        assert y.shape == (2, 3, 64, 64) and y.min() >= -1 and y.max() <= 1
    r = Denoiser(ModelConfig(n_actions=7, channels=[8, 16], patch=4, residual=True)).eval()
    assert sample(r, ctx, acts, 1).shape == (2, 3, 64, 64)
    d = Denoiser(ModelConfig(n_actions=7, channels=[8, 16], patch=4, deterministic=True)).eval()
    assert torch.equal(sample(d, ctx, acts, 1), sample(d, ctx, acts, 3))  # no noise involved
    assert d.loss(ctx[:, :3], ctx, acts).item() >= 0
    assert len(karras_sigmas(3)) == 4 and karras_sigmas(3)[-1] == 0.0
    assert count_parameters(m) > 0


class _Oracle(Denoiser):
    """A denoiser whose network returns exactly the output that makes D(x; sigma) the clean
    frame, so that it tests the preconditioning and the sampler together."""

    def __init__(self, clean: Tensor) -> None:
        super().__init__(ModelConfig(n_actions=3, channels=[8, 16], patch=4))
        self.clean = clean
        self.sigmas: list[float] = []

    def raw(self, noisy: Tensor, sigma: Tensor, ctx: Tensor,
            actions: Tensor, ctx_sigma: Tensor) -> Tensor:
        self.sigmas.append(float(sigma[0]))
        assert float(ctx_sigma.abs().max()) == 0.0  # sampling sees clean context, told level 0
        c_skip, c_out, _, _ = self.scalings(sigma)
        return (self.clean - c_skip[:, None, None, None] * noisy) / c_out[:, None, None, None]


def test_preconditioning_coefficients() -> None:
    sigma = torch.tensor([0.5, 5.0, 2e-3])
    c_skip, c_out, c_in, c_noise = Denoiser.scalings(sigma)
    # EDM (Karras et al. 2022, table 1) with sigma_data = 0.5
    torch.testing.assert_close(c_skip, torch.tensor([0.5, 0.25 / 25.25, 0.25 / (0.25 + 4e-6)]))
    torch.testing.assert_close(c_out, torch.tensor([0.25 / 0.5 ** 0.5, 2.5 / 25.25 ** 0.5,
                                                    1e-3 / (0.25 + 4e-6) ** 0.5]))
    torch.testing.assert_close(c_in, torch.tensor([1 / 0.5 ** 0.5, 1 / 25.25 ** 0.5,
                                                   1 / (0.25 + 4e-6) ** 0.5]))
    torch.testing.assert_close(c_noise, sigma.log() / 4)
    # the network's unit-variance target and input at every noise level
    assert abs(float(c_in[0]) * (0.5 ** 2 + 0.5 ** 2) ** 0.5 - 1) < 1e-6


def test_karras_schedule() -> None:
    s = karras_sigmas(3)
    mid = ((5.0 ** (1 / 7) + 2e-3 ** (1 / 7)) / 2) ** 7
    assert s[0] == pytest.approx(5.0) and s[1] == pytest.approx(mid) and s[2] == pytest.approx(2e-3)
    assert s[3] == 0.0 and karras_sigmas(1) == [5.0, 0.0]
    assert all(a > b for a, b in zip(s[:-1], s[1:], strict=True))


@pytest.mark.parametrize("steps", [1, 2, 3, 5])
def test_sampler_with_a_perfect_denoiser_returns_the_clean_frame(steps: int) -> None:
    torch.manual_seed(0)
    clean = torch.rand(2, 3, 64, 64) * 1.8 - 0.9
    oracle = _Oracle(clean).eval()
    ctx = torch.zeros(2, 12, 64, 64)
    y = sample(oracle, ctx, torch.zeros(2, 4, dtype=torch.long), steps)
    torch.testing.assert_close(y, clean, atol=1e-5, rtol=0)
    assert oracle.sigmas == pytest.approx(karras_sigmas(steps)[:-1], rel=1e-6)
    # the training loss of the same network is zero: its target is what the sampler relies on
    oracle.sigmas.clear()
    assert float(oracle.loss(clean, ctx, torch.zeros(2, 4, dtype=torch.long), ctx_noise=0.0)) < 1e-8


def test_noisy_skip_adds_the_noisy_input_with_a_learnt_gain() -> None:
    torch.manual_seed(0)
    m = Denoiser(ModelConfig(n_actions=3, channels=[8, 16], patch=4, noisy_skip=True)).eval()
    assert not ModelConfig(n_actions=3).noisy_skip  # files written before it load unchanged
    gain = m.net.skip_gain
    assert gain is not None and float(gain.weight.detach().abs().sum()) == 0.0  # starts switched off
    with torch.no_grad():
        gain.bias.fill_(-2.0)  # the UNet's own output starts at zero
    x = torch.randn(2, 3, 64, 64)
    sigma = torch.tensor([0.283, 0.283])
    f = m.raw(x, sigma, torch.zeros(2, 12, 64, 64), torch.zeros(2, 4, dtype=torch.long), sigma * 0)
    _, _, c_in, _ = Denoiser.scalings(sigma)
    torch.testing.assert_close(f, -2.0 * c_in[0] * x)


def test_tiny_model_learns() -> None:
    torch.manual_seed(0)
    m = Denoiser(ModelConfig(n_actions=3, channels=[8, 16], patch=4))
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    target = torch.rand(4, 3, 64, 64) * 2 - 1
    ctx = target.repeat(1, 4, 1, 1)
    acts = torch.zeros(4, 4, dtype=torch.long)

    def fixed_loss() -> float:
        torch.manual_seed(123)  # the same noise levels and noise each time
        with torch.no_grad():
            return float(m.loss(target, ctx, acts))

    before = fixed_loss()
    for _ in range(25):
        loss = m.loss(target, ctx, acts)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert fixed_loss() < before * 0.95


def test_resume_continues_from_the_checkpoint(recording: Path, tmp_path: Path) -> None:
    logs: list[str] = []
    quiet = logs.append
    first = train(recording, tmp_path / "a.pt", TrainConfig(steps=3, **TINY), save_every=1, log=quiet)
    assert first["steps"] == 3 and (tmp_path / "a.pt.ckpt").is_file()
    more = train(recording, tmp_path / "a.pt", TrainConfig(steps=5, **TINY), log=quiet)
    assert more["steps"] == 5
    assert any("resuming" in m and "at step 3" in m for m in logs)
    straight = train(recording, tmp_path / "b.pt", TrainConfig(steps=5, **TINY), log=quiet)
    a, _ = load_model(tmp_path / "a.pt")
    b, _ = load_model(tmp_path / "b.pt")
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)  # stopping and resuming changes nothing
    assert straight["steps"] == 5
    with pytest.raises(Exception, match="other settings"):
        train(recording, tmp_path / "a.pt", TrainConfig(steps=6, lr=1e-2, **TINY), log=quiet)


def test_player_and_server(recording: Path, tmp_path: Path) -> None:
    from manju.world.play import Player, handle, stdlib_server

    train(recording, tmp_path / "m.pt", TrainConfig(steps=1, **TINY), log=lambda m: None)
    player = Player(tmp_path / "m.pt")
    frame, ms = player.step(2)
    assert frame.shape == (64, 64, 3) and ms >= 0
    assert handle(player, "POST", "/step", b'{"action": 99}')[0] == 400
    assert handle(player, "GET", "/nope", b"")[0] == 404
    status, ctype, page, _ = handle(player, "GET", "/", b"")
    assert status == 200 and b"<canvas" in page and b"http" not in page.split(b"<script>")[1]
    httpd = stdlib_server(player, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        info = json.loads(urllib.request.urlopen(base + "/info", timeout=30).read())
        assert info["actions"][1] == "left" and info["size"] == 64
        req = urllib.request.Request(base + "/step", data=b'{"action": 1}',
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            assert len(r.read()) == 64 * 64 * 3 and float(r.headers["X-Infer-Ms"]) >= 0
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_cli_train_eval_play(recording: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from manju.cli.main import main

    model = tmp_path / "cli.pt"
    assert main(["world", "train", str(recording), "--out", str(model), "--steps", "2",
                 "--channels", "8,16", "--batch", "2"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["steps"] == 2
    assert main(["world", "eval", str(model), str(recording), "--horizon", "8",
                 "--sampling-steps", "1", "--png", str(tmp_path / "png"), "--json",
                 "--video", str(tmp_path / "play.mp4")]) == 0
    report = json.loads(capsys.readouterr().out)
    nf = report["next_frame"]
    assert nf["windows"] == 9 and 0 < nf["psnr"] < 60 and nf["baseline_psnr"] > 0
    assert "psnr@8" in report["rollout"] and "baseline_psnr@1" in report["rollout"]
    assert set(report["action_response"]) == {"left_vs_right", "jump_vs_noop"}
    assert any(p.name.startswith("rollout_") for p in (tmp_path / "png").iterdir())
    assert Path(report["video"]).stat().st_size > 0
    assert main(["world", "play", str(model), "--bench", "3"]) == 0
    assert json.loads(capsys.readouterr().out)["fps"] > 0
    assert main(["world", "record", str(tmp_path / "missing"), "--steps", "2"]) == 2
    np.testing.assert_equal(len(list(recording.glob("shard_*.npz"))), 1)
