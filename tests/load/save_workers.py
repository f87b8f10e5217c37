"""A worker process that saves scenarios (for the concurrency checks of the self-test)."""

from __future__ import annotations


def save_many(url: str, worker: int, count: int) -> None:
    from pmdash.scenario_store import Draft, ScenarioStore

    store = ScenarioStore(url)
    for i in range(count):
        draft = Draft(f"w{worker}-{i}", author=f"worker {worker}", note="", params={"cagr": str(i)})
        store.save("personalized-medicine", draft)
