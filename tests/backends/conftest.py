"""Shared helpers for the video backend tests: the ledger a run killed mid-poll leaves behind."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from manju.backends.protocols import VideoBackend, VideoRequest
from manju.jobs.runner import JobRunner, job_key


def _leave_submitted(runner: JobRunner, backend: VideoBackend, request: VideoRequest,
                     provider: str) -> str:
    """Submit ``request`` and record it as a killed run would have: the task id in the
    ledger, state submitted. The task id."""
    key = job_key(backend, request)
    task = backend.submit(request)
    runner.ledger.begin(key, kind="video", provider=provider, model=backend.config["model"],
                        purpose="clip", params={}, cost=backend.cost(request))
    runner.ledger.submitted(key, task)
    return task


@pytest.fixture
def leave_submitted() -> Callable[[JobRunner, VideoBackend, VideoRequest, str], str]:
    """What a run killed while polling leaves behind (see ``_leave_submitted``)."""
    return _leave_submitted
