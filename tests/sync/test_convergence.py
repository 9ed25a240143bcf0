"""Convergence: an intern, her mentor and a coordinator work offline at random and sync in random order;
in the end every device holds exactly the server's view of its scope, and nothing is left pending."""

from __future__ import annotations

import uuid
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from tests.sync.support import Device, World, assert_invariants, seed_world

from fieldapp.core.errors import FieldAppError
from fieldapp.protocol import AssignmentStatus, Decision
from fieldapp.server.testing import LiveServer

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)


class ThreeDevices(RuleBasedStateMachine):
    server: LiveServer
    root: Path

    @initialize()
    def setup(self) -> None:
        prefix = f"h{uuid.uuid4().hex[:6]}-"
        self.world = World(self.server, prefix, self.server.seed(seed_world, prefix))
        devices_root = self.root / prefix
        self.intern = Device(devices_root, self.server, self.world.name("i1"))
        self.mentor = Device(devices_root, self.server, self.world.name("m1"))
        self.coord = Device(devices_root, self.server, self.world.name("coord"))
        self.devices = {"intern": self.intern, "mentor": self.mentor, "coord": self.coord}
        for dev in self.devices.values():
            dev.sync()

    def teardown(self) -> None:
        if hasattr(self, "devices"):
            try:
                assert_invariants(self.world, list(self.devices.values()), self.root / "fresh")
            finally:
                for dev in self.devices.values():
                    dev.close()

    # ------------------------------------------------------------ the intern

    @rule(data=st.data(), text=texts)
    def intern_submits(self, data: st.DataObject, text: str) -> None:
        tasks = self.intern.app.tasks.list()
        if not tasks:
            return
        task = data.draw(st.sampled_from(tasks))
        try:
            self.intern.app.submissions.submit(task.id, text)
        except FieldAppError:
            pass  # already submitted and not sent back: the app refuses, as it should

    @rule(data=st.data(), status=st.sampled_from(list(AssignmentStatus)))
    def intern_sets_status(self, data: st.DataObject, status: AssignmentStatus) -> None:
        mine = [t for t in self.intern.app.tasks.list() if t.assignment_id]
        if mine:
            task = data.draw(st.sampled_from(mine))
            self.intern.app.tasks.set_status(task.assignment_id, status)

    @rule(lesson=st.sampled_from(["l1", "l2"]), complete=st.booleans())
    def intern_learns(self, lesson: str, complete: bool) -> None:
        module = self.world.ids["module"]
        try:
            if complete:
                self.intern.app.training.complete_lesson(module, lesson)
            else:
                self.intern.app.training.open_lesson(module, lesson)
        except FieldAppError:
            pass  # the module has not arrived on this device yet

    # ------------------------------------------------------------ mentor and coordinator

    @rule(
        data=st.data(),
        who=st.sampled_from(["mentor", "coord"]),
        decision=st.sampled_from(list(Decision)),
        comment=texts,
    )
    def reviews(self, data: st.DataObject, who: str, decision: Decision, comment: str) -> None:
        dev = self.devices[who]
        submissions = dev.app.submissions.list()
        if not submissions:
            return
        submission = data.draw(st.sampled_from(submissions))
        try:
            dev.app.reviews.review(submission.id, decision, comment)
        except FieldAppError:
            pass

    @rule(title=texts)
    def coordinator_assigns_a_task(self, title: str) -> None:
        try:
            self.coord.app.tasks.create(title, intern_ids=[self.intern.user.id])
        except FieldAppError:
            pass

    # ------------------------------------------------------------ sync in any order

    @rule(order=st.permutations(["intern", "mentor", "coord"]), count=st.integers(1, 3))
    def sync(self, order: list[str], count: int) -> None:
        for who in order[:count]:
            report = self.devices[who].sync()
            assert not report.errors, report.errors

    @invariant()
    def nothing_pending_is_lost(self) -> None:
        if hasattr(self, "devices"):
            for dev in self.devices.values():
                assert all(m["state"] in ("pending", "rejected") for m in dev.outbox())


def test_three_devices_converge(tmp_path: Path) -> None:
    with LiveServer(tmp_path / "server") as server:
        ThreeDevices.server = server
        ThreeDevices.root = tmp_path / "devices"
        run_state_machine_as_test(
            ThreeDevices,
            settings=settings(
                max_examples=4,
                stateful_step_count=30,
                deadline=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            ),
        )
