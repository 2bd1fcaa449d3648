"""What Prefect recorded of a flow run's tasks."""

from __future__ import annotations


def task_runs_by_name(flow_run_id: str, expected: int) -> dict[str, int]:
    """How many task runs of each task the flow run made. Their records arrive as events:
    wait until at least `expected` are there and no more come for half a second."""
    import time
    from collections import Counter

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    deadline, seen = time.monotonic() + 20, -1
    while True:
        with get_client(sync_client=True) as client:
            runs = client.read_task_runs(flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[flow_run_id])))
        if (len(runs) >= expected and len(runs) == seen) or time.monotonic() > deadline:
            return Counter(r.name.rsplit("-", 1)[0] for r in runs)
        seen = len(runs)
        time.sleep(0.5)
