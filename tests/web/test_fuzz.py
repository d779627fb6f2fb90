"""Schemathesis on the studio's own ``/openapi.json``, in process (no network): every operation
gets a bounded number of generated requests, valid and invalid, half of them aimed at the real
project and its real shots so that they reach the editor and the files. None may answer with
a server error, and a success must match the schema the route publishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import config, pid_of

schemathesis = pytest.importorskip("schemathesis")

#: Generated requests per operation and generation mode (valid, invalid): about 20 s in all.
EXAMPLES = 12
#: The event stream never ends by itself; tests/web/test_live.py reads it.
SKIP = {"/api/events"}


def test_every_operation_answers_without_a_server_error(project: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error, response_schema_conformance

    from manju.web.app import create_app

    # "testserver" is the Host header schemathesis's in-process client sends.
    app = create_app(config(tmp_path, [project], run_jobs=False, extra_hosts=["testserver"]))
    with TestClient(app, base_url="http://testserver") as client:  # the app's start-up runs
        pid = pid_of(client)
        sids = [sh["id"] for sc in client.get(f"/api/projects/{pid}").json()["scenes"]
                for sh in sc["shots"]]
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        ran: list[str] = []
        for result in schema.get_all_operations():
            op = result.ok()
            if op.path in SKIP:
                continue
            names = {p.name for p in op.path_parameters}

            def real(sid: str, names: set[str] = names) -> dict[str, Any]:
                return {k: v for k, v in {"pid": pid, "sid": sid}.items() if k in names}

            strategies = []
            for mode in GenerationMode:
                strategies.append(op.as_strategy(generation_mode=mode))
                if names & {"pid", "sid"}:
                    strategies.append(st.sampled_from(sids).flatmap(
                        lambda sid, mode=mode, op=op, real=real: op.as_strategy(
                            generation_mode=mode, path_parameters=real(sid))))

            @settings(max_examples=EXAMPLES * 2, deadline=None, database=None, derandomize=True,
                      phases=[Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=st.one_of(strategies))
            def check(case: Any) -> None:
                response = case.call()
                case.validate_response(response, checks=[not_a_server_error,
                                                         response_schema_conformance])

            check()
            ran.append(f"{op.method.upper()} {op.path}")
    assert len(ran) >= 20, ran
    assert "POST /api/projects/{pid}/shots/{sid}/retime" in ran
