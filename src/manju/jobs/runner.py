"""Run image and video requests through the job ledger so that no paid result is asked for
twice.

:meth:`JobRunner.run` looks the request's hash up in the ledger first:

- ``done`` with its picture in the cache: the picture, with no request at all;
- ``submitted`` with a task id (a run that was killed while polling): poll that task id;
- otherwise check the budget, record ``submitting``, submit, record the task id **before**
  the first poll, and poll until the provider finishes.

Results go to ``DIR/.cache/remote/KEY.png`` (``.mp4`` for clips; checksummed like every cache entry, and never
pruned: the ``remote`` kind holds what a provider was paid for). Polling waits longer and
longer between requests (honouring ``Retry-After``); the time a job spends waiting in the
provider's queue does not count against its deadline, only the time it runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from manju.backends.protocols import ImageRequest, ImageResult, JobStatus, VideoRequest, VideoResult
from manju.cache import Cache, content_hash, file_sha256
from manju.errors import BackendError, InputError
from manju.jobs.ledger import Job, Ledger

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CACHE_KIND = "remote"


class BudgetExceeded(InputError):
    """The next job would take the run over its budget (nothing was sent for it)."""


Request = ImageRequest | VideoRequest


def job_kind(request: Request) -> str:
    """``"video"`` for a clip request, else ``"image"``."""
    return "video" if isinstance(request, VideoRequest) else "image"


def job_key(backend: Any, request: Request) -> str:
    """The request hash: everything the result depends on (never the API key, which
    ``config`` does not hold)."""
    return content_hash(f"{job_kind(request)}-job", backend.name, dict(backend.config),
                        request.fingerprint())


def check_mp4(data: bytes) -> bytes:
    """``data`` when it is an MP4/MOV file with a video stream; BackendError otherwise."""
    import io

    import av

    if len(data) < 12 or data[4:8] != b"ftyp":
        raise BackendError("the provider's answer is not an MP4 clip")
    try:
        with av.open(io.BytesIO(data)) as container:
            if not container.streams.video:
                raise BackendError("the provider's clip has no video stream")
    except (av.FFmpegError, ValueError) as e:
        raise BackendError(f"the provider's clip cannot be read: {e}") from None
    return data


def as_png(data: bytes) -> bytes:
    """``data`` as PNG bytes (a JPEG or WebP answer is re-encoded); BackendError when it is
    not a picture at all."""
    if data.startswith(PNG_SIGNATURE):
        return data
    import skia

    img = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(data)) if data else None
    if img is None:
        raise BackendError("the provider's answer is not a picture")
    png = img.encodeToData(skia.EncodedImageFormat.kPNG, 100)
    if png is None:
        raise BackendError("the provider's picture could not be converted to PNG")
    return bytes(png)


def is_async(backend: Any) -> bool:
    """Whether the backend queues work under task ids (submit, poll, cancel)."""
    return all(callable(getattr(backend, m, None)) for m in ("submit", "poll", "cancel"))


class JobRunner:
    """Runs image jobs for one project folder through its ledger and cache."""

    def __init__(self, ledger: Ledger, cache: Cache, root: Path, *, budget: float | None = None,
                 notice: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, poll_interval: float = 0.5,
                 max_poll_interval: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ledger = ledger
        self.cache = cache
        self.root = Path(root)
        self.budget = budget
        self.notice = notice or (lambda msg: None)
        self.sleep = sleep
        self.poll_interval = poll_interval
        self.max_poll_interval = max_poll_interval
        self.clock = clock
        #: estimated dollars of the jobs this runner submitted
        self.spent = 0.0
        self.submitted = 0
        self.reused = 0

    def _cached(self, job: Job) -> Path | None:
        return self.cache.get(CACHE_KIND, job.key, ".mp4" if job.kind == "video" else ".png")

    # -- running ----------------------------------------------------------------------------
    def run(self, backend: Any, request: Request, purpose: str = "") -> tuple[Path, Job]:
        """The result of ``request`` in the cache (a PNG, or an MP4 for a clip) and its
        ledger row."""
        key = job_key(backend, request)
        job = self.ledger.get(key)
        label = f"{backend.name} job {key[:10]}" + (f" ({purpose})" if purpose else "")
        if job is not None and job.state == "done":
            path = self._cached(job)
            if path is not None:
                self.reused += 1
                return path, job
            self.notice(f"jobs: the result of finished {label} is gone from the cache; "
                        "asking for it again")
        if (job is not None and job.state == "submitted" and job.task_id
                and is_async(backend)):
            self.notice(f"jobs: resuming {label}: polling task {job.task_id} instead of "
                        "submitting again")
            self.reused += 1
            return self._poll(backend, request, key, job.task_id, label, purpose)
        if job is not None and job.state == "submitting":
            self.notice(f"jobs: {label} was being sent when a run stopped; sending it again "
                        "(the provider may count both)")
        return self._submit(backend, request, key, purpose, label)

    def _submit(self, backend: Any, request: Request, key: str, purpose: str,
                label: str) -> tuple[Path, Job]:
        cost = float(backend.cost(request))
        if self.budget is not None and self.spent + cost > self.budget + 1e-9:
            raise BudgetExceeded(
                f"budget reached: {label} would cost ${cost:.3f} on top of ${self.spent:.3f} "
                f"spent in this run (budget ${self.budget:.2f}); nothing was sent for it")
        params = {k: v for k, v in request.fingerprint().items() if v is not None}
        self.ledger.begin(key, kind=job_kind(request), provider=backend.name,
                          model=str(backend.config.get("model", "")), purpose=purpose,
                          params=params, cost=cost)
        self.spent += cost
        self.submitted += 1
        if not is_async(backend):
            try:
                result = backend.generate(request)
            except BackendError as e:
                self.ledger.failed(key, str(e))
                raise
            return self._store(key, result)
        try:
            task_id = str(backend.submit(request))
        except BackendError as e:
            self.ledger.failed(key, str(e))
            raise
        # Written before the first poll: a restart from here on polls, never submits.
        self.ledger.submitted(key, task_id)
        return self._poll(backend, request, key, task_id, label, purpose)

    def _poll(self, backend: Any, request: Request, key: str, task_id: str, label: str,
              purpose: str, resubmit: bool = True) -> tuple[Path, Job]:
        limit = float(backend.deadline(request))
        running = 0.0
        wait = self.poll_interval
        last = self.clock()
        while True:
            status: JobStatus = backend.poll(task_id)
            now = self.clock()
            if status.state == "running":
                running += now - last
            last = now
            if status.state == "done":
                if status.result is None:
                    raise BackendError(f"{label}: the provider said done but sent no picture")
                return self._store(key, status.result)
            if status.state == "failed":
                self.ledger.failed(key, status.error or "the provider reported a failure")
                raise BackendError(f"{label} failed: {status.error or 'no reason given'}")
            if status.state == "expired":
                self.ledger.failed(key, status.error or "task id expired", state="expired")
                row = self.ledger.get(key)
                if not resubmit or (row is not None and row.attempts >= 3):
                    raise BackendError(f"{label}: the provider no longer knows task {task_id}")
                self.notice(f"jobs: the provider no longer knows task {task_id} of {label} "
                            f"({status.error or 'expired'}); submitting it again")
                return self._submit(backend, request, key, purpose, label)
            if running > limit:
                try:
                    backend.cancel(task_id)
                finally:
                    self.ledger.failed(key, f"ran longer than {limit:.0f} s; cancelled")
                raise BackendError(f"{label} ran longer than {limit:.0f} s and was cancelled; "
                                   "raise the backend's timeout for jobs this large")
            pause = status.retry_after if status.retry_after is not None else wait
            self.sleep(max(0.0, pause))
            wait = min(self.max_poll_interval, wait * 1.5)

    def _store(self, key: str, result: ImageResult | VideoResult) -> tuple[Path, Job]:
        try:
            if isinstance(result, VideoResult):
                data, suffix = check_mp4(result.mp4), ".mp4"
            else:
                data, suffix = as_png(result.png), ".png"
        except BackendError as e:
            self.ledger.failed(key, str(e))
            raise
        path = self.cache.put_bytes(CACHE_KIND, key, suffix, data)
        try:
            rel = str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            rel = str(path)
        self.ledger.done(key, rel, file_sha256(path), dict(result.metadata))
        job = self.ledger.get(key)
        assert job is not None
        return path, job
