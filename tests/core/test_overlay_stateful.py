"""Hypothesis stateful test: what the device shows is always "server state + my unsent changes".

Local status changes, pushes (applied, or conflict when the server moved on), server-side changes and
pull pages interleave at random; after every step each assignment shows the newest unsent status of mine,
or else the server's status as last pulled.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from tests.helpers.records import World, new_id

from fieldapp.core.app import FieldApp
from fieldapp.protocol import AssignmentRecord, AssignmentStatus, ConflictDetail, MutationResult

STATUSES = ["todo", "in_progress", "done"]


class Overlay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="fieldapp-overlay-"))
        self.app = FieldApp.open(self.dir)
        self.world = World()
        self.world.seed(self.app)
        intern = self.world.intern.id
        self.assignments = [self.world.assignment] + [
            AssignmentRecord(id=new_id(), task_id=self.world.task.id, assignee_id=intern) for _ in range(2)
        ]
        self.scope = f"intern:{intern}"
        self.app.sync_store.apply_pull_page(
            self.world.pages.page(*[(a, self.scope) for a in self.assignments])
        )
        self.server = {a.id: "todo" for a in self.assignments}  # the server's truth
        self.known = dict(self.server)  # the server's truth as this device last heard it

    def teardown(self) -> None:
        self.app.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(index=st.integers(0, 2), status=st.sampled_from(STATUSES))
    def change_locally(self, index: int, status: str) -> None:
        self.app.tasks.set_status(self.assignments[index].id, status)

    @rule(index=st.integers(0, 2), status=st.sampled_from(STATUSES))
    def changed_on_another_device(self, index: int, status: str) -> None:
        self.server[self.assignments[index].id] = status

    @rule()
    def pull(self) -> None:
        records = [
            a.model_copy(update={"status": AssignmentStatus(self.server[a.id])}) for a in self.assignments
        ]
        self.app.sync_store.apply_pull_page(self.world.pages.page(*[(r, self.scope) for r in records]))
        self.known = dict(self.server)

    @precondition(lambda self: self.app.sync_store.pending_count() > 0)
    @rule(count=st.integers(1, 3))
    def push(self, count: int) -> None:
        results = []
        for mutation in self.app.sync_store.pending_mutations(limit=count):
            target, base, new = (mutation.payload[k] for k in ("assignment_id", "base_status", "status"))
            if self.server[target] == base:
                self.server[target] = new
                results.append(MutationResult(id=mutation.id, status="applied"))
            else:
                results.append(
                    MutationResult(
                        id=mutation.id,
                        status="conflict",
                        conflicts=[
                            ConflictDetail(field="status", server_value=self.server[target], client_value=new)
                        ],
                    )
                )
            self.known[target] = self.server[target]  # the answer tells the device the server's value
        self.app.sync_store.record_results(results)

    @invariant()
    def device_shows_server_plus_unsent(self) -> None:
        pending: dict[str, str] = {}
        for mutation in self.app.sync_store.pending_mutations(limit=10_000):
            pending[mutation.payload["assignment_id"]] = mutation.payload["status"]
        shown = {r["id"]: r["status"] for r in self.app.store.query("SELECT id, status FROM assignments")}
        for assignment_id, known in self.known.items():
            assert shown[assignment_id] == pending.get(assignment_id, known)

    @invariant()
    def conflicts_record_both_values(self) -> None:
        for conflict in self.app.sync_store.conflicts():
            assert conflict.server_value in STATUSES and conflict.client_value in STATUSES


Overlay.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
test_overlay = Overlay.TestCase
