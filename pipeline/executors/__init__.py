"""Executors by name: where a run's machine translation happens (pipeline.executors.base).

`local` runs in this process; `ray` sends batches to a Ray cluster's workers (the
optional `cluster` extra). Each factory imports its module only when called.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.errors import check_choice
from pipeline.executors.base import Executor, ExecutorOptions

__all__ = ["EXECUTORS", "Executor", "ExecutorOptions", "check_executor_name",
           "create_executor"]


def _local(options: ExecutorOptions) -> Executor:
    from pipeline.executors.local import LocalExecutor

    return LocalExecutor(options)


def _ray(options: ExecutorOptions) -> Executor:
    from pipeline.executors.cluster import RayExecutor

    return RayExecutor(options)


EXECUTORS: dict[str, Callable[[ExecutorOptions], Executor]] = {"local": _local, "ray": _ray}


def check_executor_name(name: str, where: str | None = "--executor") -> str:
    return check_choice("executor", name, EXECUTORS, where)


def create_executor(name: str, options: ExecutorOptions | None = None) -> Executor:
    return EXECUTORS[check_executor_name(name)](options or ExecutorOptions())
