"""image.diffusers end to end on a tiny, randomly initialised Stable Diffusion pipeline built
and saved here (no download): text to image, image to image from a layout picture, the job
ledger around it, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("diffusers")
pytest.importorskip("transformers")

from manju.backends.image_fake import fake_png  # noqa: E402
from manju.backends.protocols import ImageBackend, ImageRequest  # noqa: E402
from manju.cache import Cache  # noqa: E402
from manju.errors import BackendError  # noqa: E402
from manju.jobs.ledger import Ledger  # noqa: E402
from manju.jobs.runner import JobRunner  # noqa: E402


def _tiny_pipeline(folder: Path) -> Path:
    """A Stable Diffusion pipeline a few kilobytes big, with random weights."""
    import torch
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(8, 16), layers_per_block=1, sample_size=8, in_channels=4,
        out_channels=4, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=8,
        norm_num_groups=4, attention_head_dim=2)
    vae = AutoencoderKL(block_out_channels=(8, 16), in_channels=3, out_channels=3,
                        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
                        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
                        latent_channels=4, norm_num_groups=4, sample_size=16)
    text = CLIPTextModel(CLIPTextConfig(bos_token_id=0, eos_token_id=2, pad_token_id=1,
                                        hidden_size=8, intermediate_size=16, num_attention_heads=2,
                                        num_hidden_layers=1, vocab_size=100))
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = {"<|startoftext|>": 0, "!": 1, "<|endoftext|>": 2}
    for ch in letters:
        vocab[ch] = len(vocab)
        vocab[ch + "</w>"] = len(vocab)
    tok_dir = folder.parent / "tok"
    tok_dir.mkdir(parents=True, exist_ok=True)
    (tok_dir / "vocab.json").write_text(json.dumps(vocab))
    (tok_dir / "merges.txt").write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(str(tok_dir / "vocab.json"), str(tok_dir / "merges.txt"),
                              model_max_length=77)
    pipe = StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=text, tokenizer=tokenizer,
                                   scheduler=DDIMScheduler(clip_sample=False), safety_checker=None,
                                   feature_extractor=None, requires_safety_checker=False)
    pipe.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return _tiny_pipeline(tmp_path_factory.mktemp("sd") / "model")


def test_text_and_image_to_image(tiny_model, tmp_path):
    from manju.backends.image_diffusers import DiffusersImage

    b = DiffusersImage(model=str(tiny_model), steps=2, device="cpu")
    assert isinstance(b, ImageBackend) and b.capabilities["init"] and b.cost(ImageRequest("x", 8, 8)) == 0
    req = ImageRequest("a quiet harbour at dusk", 32, 48, seed=3, negative="text")
    a1 = b.generate(req).png
    assert a1.startswith(b"\x89PNG") and a1 == b.generate(req).png  # seeded: the same picture
    assert b.generate(ImageRequest("a quiet harbour at dusk", 32, 48, seed=4)).png != a1
    layout = b.generate(ImageRequest("harbour", 32, 48, seed=3, init=fake_png(32, 48, "l"),
                                     strength=0.5)).png
    assert layout.startswith(b"\x89PNG")
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(layout)).size == (32, 48)
    # Through the ledger: made once, then answered from the cache.
    runner = JobRunner(Ledger.for_project(tmp_path), Cache(tmp_path / ".cache"), tmp_path)
    p1, job = runner.run(b, req, "plate")
    p2, _ = runner.run(b, req, "plate")
    assert p1 == p2 and job.state == "done" and runner.submitted == 1
    assert "cuda" not in json.dumps(b.config) and b.config["model_sha"]


def test_clear_errors(tmp_path, monkeypatch):
    from manju.backends.image_diffusers import DiffusersImage

    monkeypatch.delenv("MANJU_DIFFUSERS_MODEL", raising=False)
    with pytest.raises(BackendError, match="needs a model folder"):
        DiffusersImage().generate(ImageRequest("x", 32, 32))
    with pytest.raises(BackendError, match="not a saved diffusers pipeline"):
        DiffusersImage(model=str(tmp_path)).generate(ImageRequest("x", 32, 32))
