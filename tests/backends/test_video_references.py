"""Reference pictures (character sheets) travel as data to every video API that takes them,
each fake server checks how they came and counts them, and a model that takes none gets
none."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from manju.backends.image_fake import fake_png
from manju.backends.protocols import VideoRequest
from manju.backends.video_common import fit_request, reference_room
from manju.backends.video_fake import FakeHailuo, FakeKling, FakeSeedance, FakeVeo, FakeWanx
from manju.backends.video_hailuo import HailuoVideo
from manju.backends.video_kling import KlingVideo
from manju.cache import Cache
from manju.errors import BackendError
from manju.jobs.ledger import Ledger
from manju.jobs.runner import JobRunner

FIRST = fake_png(18, 32, "first")
MARA, ELIAS = fake_png(20, 30, "mara"), fake_png(20, 30, "elias")
FRAMED = VideoRequest("Mara and Elias talk", 1080, 1920, 5, first_frame=FIRST,
                      references=(MARA, ELIAS))
ALONE = VideoRequest("Mara and Elias talk", 1080, 1920, 5, references=(MARA, ELIAS))


def _runner(tmp_path: Path) -> JobRunner:
    return JobRunner(Ledger.for_project(tmp_path), Cache(tmp_path / ".cache"), tmp_path,
                     sleep=lambda s: None)


def _data_url(url: str) -> bytes:
    head, _, data = url.partition(",")
    assert head == "data:image/png;base64"
    return base64.b64decode(data)


def test_reference_room_follows_fit_request():
    for caps in ({"references": 3, "references_alone": True}, {"references": 2},
                 {"references": 0}, {}):
        for req in (FRAMED, ALONE):
            framed = req.first_frame is not None
            room = reference_room(caps, framed)
            assert len(fit_request(caps, req)[0].references) == min(2, room)


def test_kling_multi_image_takes_references_without_a_frame(tmp_path):
    with FakeKling() as srv:
        b = KlingVideo(base_url=srv.url, access_key="ak", secret_key="sk", model="kling-v1-6",
                       backoff=0.0)
        path, job = _runner(tmp_path).run(b, ALONE, "refs")
        assert job.state == "done" and srv.references == [2]
        body = srv.bodies[-1]
        assert [base64.b64decode(i["image"]) for i in body["image_list"]] == [MARA, ELIAS]
        assert body["aspect_ratio"] == "9:16" and "image" not in body
        assert srv.count("GET", "/v1/videos/multi-image2video/") >= 1
        # With the first frame the frame wins: image to video, no references.
        fitted, notes = fit_request(b.capabilities, FRAMED)
        assert fitted.references == () and "only without a first or last frame" in notes[0]
        b.submit(FRAMED)
        assert srv.references[-1] == 0 and "image_list" not in srv.bodies[-1]
        # A model that takes no references never gets them.
        v21 = KlingVideo(base_url=srv.url, access_key="ak", secret_key="sk", backoff=0.0)
        assert fit_request(v21.capabilities, ALONE)[1] == [
            "2 reference pictures left out (the model takes 0)"]
        v21.submit(ALONE)
        assert srv.bodies[-1].get("image_list") is None and srv.references[-1] == 0


def test_kling_fake_refuses_references_as_data_urls():
    import urllib.request

    from manju.backends.video_kling import jwt_token

    with FakeKling() as srv:
        body = {"model_name": "kling-v1-6", "prompt": "x",
                "image_list": [{"image": "data:image/png;base64," + base64.b64encode(MARA).decode()}]}
        req = urllib.request.Request(f"{srv.url}/v1/videos/multi-image2video",
                                     json.dumps(body).encode(), method="POST", headers={
                                         "Authorization": f"Bearer {jwt_token('ak', 'sk')}",
                                         "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req)
        assert err.value.code == 400 and srv.references == []  # no task was made


def test_hailuo_subject_reference_model(tmp_path):
    with FakeHailuo(api_key="mm") as srv:
        b = HailuoVideo(base_url=srv.url, api_key="mm", model="S2V-01", backoff=0.0,
                        sleep=lambda s: None)
        fitted, notes = fit_request(b.capabilities, FRAMED)
        assert fitted.first_frame is None and fitted.references == (MARA,)
        assert notes[:2] == ["first frame left out (text to video only)",
                             "1 reference pictures left out (the model takes 1)"]
        assert b.cost(FRAMED) == 0.65
        path, job = _runner(tmp_path).run(b, FRAMED, "clip")
        assert job.state == "done" and srv.references == [1]
        body = srv.bodies[-1]
        subject = body["subject_reference"]
        assert subject[0]["type"] == "character" and _data_url(subject[0]["image"][0]) == MARA
        assert "first_frame_image" not in body and "duration" not in body
        with pytest.raises(BackendError, match="needs a reference picture"):
            b.submit(VideoRequest("nobody", 1080, 1920, 6, first_frame=FIRST))
        # The image to video models take none: nothing but the first frame is sent.
        i2v = HailuoVideo(base_url=srv.url, api_key="mm", backoff=0.0, sleep=lambda s: None)
        i2v.submit(FRAMED)
        assert "subject_reference" not in srv.bodies[-1] and srv.references[-1] == 0


def test_hailuo_fake_checks_subject_reference():
    with FakeHailuo() as srv:
        b = HailuoVideo(base_url=srv.url, api_key="mm", backoff=0.0, sleep=lambda s: None)
        ans = b.http.json("POST", f"{srv.url}/v1/video_generation", {
            "model": "MiniMax-Hailuo-02", "prompt": "x",
            "subject_reference": [{"type": "character", "image": ["data:image/png;base64,AA=="]}]})
        assert ans["base_resp"]["status_code"] == 2013 and srv.submissions == 0
        ans = b.http.json("POST", f"{srv.url}/v1/video_generation", {
            "model": "S2V-01", "prompt": "x",
            "subject_reference": [{"type": "character", "image": ["https://example.com/m.png"]}]})
        assert ans["base_resp"]["status_code"] == 2013 and srv.submissions == 0


def test_seedance_and_veo_count_references_in_reference_mode(tmp_path):
    from manju.backends.video_seedance import SeedanceVideo
    from manju.backends.video_veo import VeoVideo

    with FakeSeedance(api_key="ark") as srv:
        b = SeedanceVideo(base_url=f"{srv.url}/api/v3", api_key="ark",
                          model="seedance-1-0-lite-i2v-250428", backoff=0.0)
        _runner(tmp_path).run(b, ALONE, "refs")
        images = [i for i in srv.bodies[-1]["content"] if i["type"] == "image_url"]
        assert [_data_url(i["image_url"]["url"]) for i in images] == [MARA, ELIAS]
        b.submit(FRAMED)  # the frame wins
        assert srv.references == [2, 0]
    with FakeVeo(api_key="gk") as srv:
        v = VeoVideo(base_url=srv.base_url, api_key="gk", model="veo-3.1-generate-preview",
                     backoff=0.0)
        _runner(tmp_path / "veo").run(v, ALONE, "refs")
        v.submit(FRAMED)
        assert srv.references == [2, 0]
        refs = srv.bodies[0]["instances"][0]["referenceImages"]
        assert [base64.b64decode(r["image"]["bytesBase64Encoded"]) for r in refs] == [MARA, ELIAS]


def test_wanx_takes_none(tmp_path):
    from manju.backends.video_wanx import WanxVideo

    with FakeWanx() as srv:
        b = WanxVideo(base_url=srv.url, api_key="ds", backoff=0.0)
        assert fit_request(b.capabilities, FRAMED)[1] == [
            "2 reference pictures left out (the model takes 0)"]
        b.submit(FRAMED)
        assert srv.references == [0] and set(srv.bodies[-1]["input"]) == {
            "prompt", "negative_prompt", "img_url"}


def test_comfyui_video_uploads_references_and_fills_spare_slots(tmp_path):
    from manju.backends.comfyui_fake import FakeComfyUI
    from manju.backends.comfyui_video import ComfyUIVideo

    wf = json.loads((Path(__file__).resolve().parents[2] / "examples" / "comfyui" /
                     "clip_wan_i2v.json").read_text())
    wf["70"] = {"class_type": "LoadImage", "inputs": {"image": "{{reference_1}}"}}
    wf["71"] = {"class_type": "LoadImage", "inputs": {"image": "{{reference_2}}"}}
    with FakeComfyUI() as srv:
        b = ComfyUIVideo(base_url=srv.url, workflow=wf, backoff=0.0)
        assert b.capabilities["references"] == 2
        _runner(tmp_path).run(b, FRAMED, "two")
        graph = list(srv.prompts.values())[-1]["graph"]
        assert [srv.uploads[graph[n]["inputs"]["image"]] for n in ("70", "71")] == [MARA, ELIAS]
        # One character (or none): the empty slots take what the request has.
        b.submit(VideoRequest("x", 1080, 1920, 5, first_frame=FIRST, references=(MARA,)))
        graph = list(srv.prompts.values())[-1]["graph"]
        assert [srv.uploads[graph[n]["inputs"]["image"]] for n in ("70", "71")] == [MARA, MARA]
        b.submit(VideoRequest("x", 1080, 1920, 5, first_frame=FIRST))
        graph = list(srv.prompts.values())[-1]["graph"]
        assert srv.uploads[graph["71"]["inputs"]["image"]] == FIRST
