#!/usr/bin/env python3
"""Desktop app start-up and memory with a big profile (10,000 tasks, 50 modules).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_startup.py [--runs 5] [--tasks 10000] [--modules 50]

Prints: cold start to main window shown (median of N fresh processes, interpreter start included), resident
memory once the window is shown, how many widgets the window holds (model/view: not one per task), and the
time to scroll the task list from top to bottom. Targets (the issue): <= 1.5 s and <= 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from fieldapp.gui.app import Shell, create_application, open_context
app = create_application()
ctx = open_context(Path(sys.argv[1]))
shell = Shell(ctx)
window = shell.build()
window.show()
def shown():
    shown_at = time.time()
    app.processEvents()
    rss_kb = 0
    try:
        for line in open('/proc/self/status'):
            if line.startswith('VmRSS:'):
                rss_kb = int(line.split()[1])
    except OSError:
        pass
    page = window.pages['tasks']
    t0 = time.perf_counter()
    bar = page.view.verticalScrollBar()
    for value in range(0, bar.maximum() + 1, max(1, bar.pageStep())):
        bar.setValue(value)
        page.view.viewport().repaint()
    scroll_s = time.perf_counter() - t0
    widgets = len(window.findChildren(QWidget))
    print(json.dumps({"shown": shown_at, "rss_mb": rss_kb / 1024, "widgets": widgets,
                      "rows": page.model.rowCount(), "scroll_s": scroll_s}), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
shell.shutdown()
"""


def build_profile(path: Path, tasks: int, modules: int) -> None:
    """A signed-in intern profile holding ``tasks`` tasks and ``modules`` modules, stored as a pull would."""
    from fieldapp.core.app import FieldApp
    from fieldapp.protocol import Change, PullResponse, RecordKind, UserRecord

    core = FieldApp.open(path)
    me = UserRecord(id="u-1", username="ayesha", display_name="Ayesha", role="intern", cohort_ids=["c-1"])
    core.set_session(me, "http://127.0.0.1:9", core.device_id)
    scope = f"intern:{me.id}"
    changes: list[Change] = []
    today = date.today()
    for i in range(tasks):
        changes.append(
            Change(
                seq=len(changes) + 1,
                kind=RecordKind.task,
                id=f"t-{i}",
                scope=scope,
                data={
                    "id": f"t-{i}",
                    "title": f"Task number {i}: visit household {i % 97}",
                    "description": "Photograph and describe.",
                    "due": (today + timedelta(days=i % 90)).isoformat(),
                },
            )
        )
        changes.append(
            Change(
                seq=len(changes) + 1,
                kind=RecordKind.assignment,
                id=f"a-{i}",
                scope=scope,
                data={"id": f"a-{i}", "task_id": f"t-{i}", "assignee_id": me.id, "status": "todo"},
            )
        )
    for m in range(modules):
        lessons = [
            {"id": f"m{m}-l{j}", "title": f"Lesson {j}", "body_md": f"# Lesson {j}\n\nText " * 20}
            for j in range(8)
        ]
        changes.append(
            Change(
                seq=len(changes) + 1,
                kind=RecordKind.module,
                id=f"m-{m}",
                scope=f"module:m-{m}",
                data={"id": f"m-{m}", "version": 1, "title": f"Module {m}", "lessons": lessons},
            )
        )
    for start in range(0, len(changes), 1000):
        page = changes[start : start + 1000]
        core.sync_store.apply_pull_page(
            PullResponse(changes=page, cursor=str(start), more=True, server_time=datetime.now(UTC))
        )
    core.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--modules", type=int, default=50)
    args = parser.parse_args(argv)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory(prefix="fieldapp-bench-") as tmp:
        profile = Path(tmp) / "profile"
        t0 = time.perf_counter()
        build_profile(profile, args.tasks, args.modules)
        print(
            f"profile with {args.tasks} tasks and {args.modules} modules built in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        starts, results = [], []
        for _ in range(args.runs):
            began = time.time()
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(profile)],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            starts.append(result["shown"] - began)
            results.append(result)
    last = results[-1]
    print(
        f"cold start to main window shown: median {statistics.median(starts):.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in starts)}; target <= 1.5 s)"
    )
    print(
        f"resident memory with the window shown: {statistics.median(r['rss_mb'] for r in results):.0f} MB "
        f"(target <= 200 MB)"
    )
    print(f"widgets in the main window: {last['widgets']} for {last['rows']} task rows (model/view)")
    print(f"scrolling the task list top to bottom, page by page: {last['scroll_s']:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
