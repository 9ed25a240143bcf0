"""Local store figures on this machine: pull-page apply, list queries, a user action, open time.

    .venv/bin/python bench/store_bench.py [--tasks 2000]

Prints figures; asserts nothing (targets belong in the report, not in timed tests).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers.records import World, new_id

from fieldapp.core.app import FieldApp
from fieldapp.protocol import MAX_PAGE, AssignmentRecord, TaskRecord


def _timed(label: str, func: object, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        func()  # type: ignore[operator]
    per = (time.perf_counter() - start) / repeat
    print(f"{label:<45} {per * 1000:9.1f} ms")
    return per


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "p"
        world = World()
        app = FieldApp.open(profile)
        world.seed(app)
        records = []
        for n in range(args.tasks):
            task = TaskRecord(id=new_id(), title=f"Task {n}")
            records += [
                (task, "cohort:x"),
                (AssignmentRecord(id=new_id(), task_id=task.id, assignee_id=world.intern.id), "intern:x"),
            ]
        pages = [records[i : i + MAX_PAGE] for i in range(0, len(records), MAX_PAGE)]
        per_page = _timed(
            f"apply_pull_page ({MAX_PAGE} records)",
            lambda: app.sync_store.apply_pull_page(world.pages.page(*pages.pop())),
            repeat=len(pages),
        )
        print(f"{'  = records per second':<45} {MAX_PAGE / per_page:9.0f}")
        _timed(f"tasks.list() with {args.tasks} tasks", app.tasks.list, repeat=3)
        _timed(
            "tasks.set_status (one action + outbox)",
            lambda: app.tasks.set_status(world.assignment.id, "done"),
        )
        _timed("training.open_lesson", lambda: app.training.open_lesson(world.module.id, "l1"), repeat=20)
        _timed("status()", app.status, repeat=5)
        _timed("close (quick_check + last good copy)", app.close)
        _timed("open (quick_check + last good copy)", lambda: FieldApp.open(profile).close())
        size = (profile / "fieldapp.db").stat().st_size
        print(f"{'database size':<45} {size / 1e6:9.1f} MB")


if __name__ == "__main__":
    main()
