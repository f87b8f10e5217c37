"""Killing an import half-way leaves the previous datasets intact and readable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pmdash.store import DataStore
from tests.conftest import ROOT, snapshot

CHILD = """
import sys, time
from pathlib import Path
from pmdash.io import read_bundle
from pmdash.model import Market
from pmdash.storage import LocalStorage
from pmdash.store import DataStore

class SlowDisk(LocalStorage):
    def _write_staged(self, path, data):
        super()._write_staged(path, data)
        Path(sys.argv[2]).touch()      # tell the parent we are mid-write
        time.sleep(60)

market = read_bundle(Path(sys.argv[3]))
changed = Market(meta=market.meta, figures=market.figures.iloc[:5].copy())
DataStore(storage=SlowDisk(Path(sys.argv[1]))).save(changed)
"""


def kill_when_marked(child: subprocess.Popen[bytes], marker: Path) -> None:
    """SIGKILL the child as soon as it signals (by creating ``marker``) that it is mid-write."""
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, "the child finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def test_a_killed_import_leaves_the_previous_state(data_dir: Path, tmp_path: Path) -> None:
    before = snapshot(data_dir)
    marker = tmp_path / "mid-write"
    bundle = ROOT / "data" / "sources" / "personalized-medicine"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), str(marker), str(bundle)], cwd=ROOT
    )
    kill_when_marked(child, marker)
    after = {k: v for k, v in snapshot(data_dir).items() if "/.staging-" not in k}
    assert after == before
    store = DataStore(data_dir)
    assert len(store.load("personalized-medicine").figures) == 20
    store.save(
        store.load("personalized-medicine")
    )  # the next import sweeps the dead writer's files
    assert not list(data_dir.rglob(".staging-*"))


SAVER = """
import sys, time
from pathlib import Path
import sqlalchemy as sa
from pmdash.scenario_store import Draft, ScenarioStore

store = ScenarioStore(sys.argv[1])

@sa.event.listens_for(store.engine, "after_execute")
def _pause(conn, clauseelement, *args):
    if isinstance(clauseelement, sa.sql.dml.Insert):
        Path(sys.argv[2]).touch()      # the row is written, the transaction not committed
        time.sleep(60)

store.save("personalized-medicine", Draft("half-saved", params={"cagr": "9"}))
"""


def test_a_killed_save_leaves_the_saved_scenarios_intact(tmp_path: Path) -> None:
    from pmdash.scenario_store import Draft, ScenarioStore

    url = f"sqlite:///{tmp_path / 'scenarios.db'}"
    store = ScenarioStore(url)
    store.save("personalized-medicine", Draft("APAC push", params={"cagr_asia_pacific": "9"}))
    marker = tmp_path / "mid-save"
    child = subprocess.Popen([sys.executable, "-c", SAVER, url, str(marker)], cwd=ROOT)
    kill_when_marked(child, marker)
    names = [s.name for s in ScenarioStore(url).list("personalized-medicine")]
    assert names == ["APAC push"]
    assert (
        ScenarioStore(url).save("personalized-medicine", Draft("after", params={})).name == "after"
    )  # type: ignore[union-attr]
