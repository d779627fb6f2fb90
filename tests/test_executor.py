"""The local executor: a pool of threads by default, of processes on request."""

from __future__ import annotations

import operator
import threading
import time

import pytest

from manju.errors import InputError
from manju.executor import LocalExecutor, executor_from_option, pool_kind


def test_the_pool_is_threads_unless_asked_otherwise(monkeypatch):
    monkeypatch.delenv("MANJU_POOL", raising=False)
    assert pool_kind() == "threads"
    assert LocalExecutor(2).kind == "threads"
    monkeypatch.setenv("MANJU_POOL", "Processes")
    assert LocalExecutor(2).kind == "processes"
    assert executor_from_option(None, 2).kind == "processes"  # type: ignore[attr-defined]
    assert LocalExecutor(2, kind="threads").kind == "threads"
    monkeypatch.setenv("MANJU_POOL", "fibres")
    with pytest.raises(InputError, match="MANJU_POOL must be one of threads, processes"):
        LocalExecutor(2)


def _where(i: int) -> tuple[int, str]:
    return i * i, threading.current_thread().name


def test_threads_run_every_call_off_the_calling_thread():
    got: dict[int, tuple[int, str]] = {}
    LocalExecutor(2).map(_where, [(i,) for i in range(6)], got.__setitem__)
    assert sorted(got) == list(range(6))
    assert all(v[0] == i * i for i, v in got.items())
    assert all(v[1].startswith("manju-unit") for v in got.values())


def test_one_worker_runs_in_order_on_this_thread():
    got: list[tuple[int, tuple[int, str]]] = []
    LocalExecutor(1).map(_where, [(i,) for i in range(3)], lambda i, r: got.append((i, r)))
    me = threading.current_thread().name
    assert got == [(0, (0, me)), (1, (1, me)), (2, (4, me))]


def test_processes_give_the_same_results():
    got: dict[int, int] = {}
    LocalExecutor(2, kind="processes").map(operator.mul, [(i, i) for i in range(5)],
                                           got.__setitem__)
    assert got == {i: i * i for i in range(5)}


def _fail_on_two(i: int) -> int:
    if i == 2:
        raise ValueError("unit 2 failed")
    return i


def test_a_failure_is_raised_and_the_calls_not_begun_are_dropped():
    begun: list[int] = []

    def unit(i: int) -> int:
        begun.append(i)
        time.sleep(0.01)
        return _fail_on_two(i)

    with pytest.raises(ValueError, match="unit 2 failed"):
        LocalExecutor(2).map(unit, [(i,) for i in range(200)], lambda i, r: None)
    assert len(begun) < 200
