"""Load test: N simulated devices doing push/pull cycles against a real server on PostgreSQL.

    .venv/bin/python bench/server_load.py [--devices 200] [--cycles 5] [--think 5] [--ramp 10] [--workers 2]

Creates its own PostgreSQL database (FIELDAPP_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1/test),
seeds one cohort with N interns (one device each), starts ``fieldapp-server serve`` on 127.0.0.1 with
``--workers`` processes, and runs the devices concurrently. Each cycle: push 2 mutations (a progress event
and an assignment status change), pull until ``more`` is false, then wait a random think time (mean
``--think`` seconds, as a device does between syncs). Before the measured cycles every device does its first
full sync (spread over ``--ramp`` seconds), reported separately as the cold start. Prints requests/s,
p50/p95/p99 latency and errors for both phases, and the server-side time per request from its access log.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")

from fieldapp.server import admin
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.domain import assignment_id
from fieldapp.server.testing import free_port, postgres_database


def seed(ctx: ServerContext, devices: int) -> tuple[list[tuple[str, str]], str, str]:
    """N interns in one cohort; returns [(token, assignment_id)], the module id and the task id."""
    admin.add_cohort(ctx, "Load")
    admin.add_user(ctx, "coord", "coordinator")
    module_id, _ = admin.publish_module(ctx, admin.DEMO_CONTENT / "digital-safety", ["Load"])
    users = []
    for i in range(devices):
        admin.add_user(ctx, f"intern{i:04d}", "intern", cohort="Load")
        users.append(f"intern{i:04d}")
    task_id = admin.add_task(ctx, "Load task", cohort="Load")
    out = []
    for name in users:
        token = admin.issue_token(ctx, name, f"dev-{name}")
        out.append((token, assignment_id(task_id, admin.user_id(ctx, name))))
    return out, module_id, task_id


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.by_kind: dict[str, list[float]] = {"push": [], "pull": []}

    def ok(self, kind: str, seconds: float) -> None:
        self.latencies.append(seconds)
        self.by_kind[kind].append(seconds)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def pull_all(client: httpx.AsyncClient, cursor: str, stats: Stats) -> str:
    more = True
    while more:
        start = time.perf_counter()
        try:
            r = await client.get("/api/v1/sync/pull", params={"cursor": cursor, "limit": 500})
        except httpx.HTTPError as exc:
            stats.error(f"pull {type(exc).__name__}")
            return cursor
        if r.status_code != 200:
            stats.error(f"pull {r.status_code}")
            return cursor
        stats.ok("pull", time.perf_counter() - start)
        page = r.json()
        cursor, more = page["cursor"], page["more"]
    return cursor


async def device(
    base: str,
    token: str,
    assignment: str,
    module_id: str,
    args: argparse.Namespace,
    initial: Stats,
    stats: Stats,
    ready: asyncio.Barrier,
    rng: random.Random,
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    statuses = ["in_progress", "done", "todo"]
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        # Phase 1 (cold start, reported apart): every device's first, full sync, spread over --ramp seconds.
        await asyncio.sleep(rng.uniform(0, args.ramp))
        cursor = await pull_all(client, "", initial)
        await ready.wait()
        # Phase 2 (measured): push/pull cycles with think time between them.
        await asyncio.sleep(rng.uniform(0, args.think))
        for cycle in range(args.cycles):
            mutations = [
                {
                    "id": str(uuid.uuid4()),
                    "kind": "progress.add",
                    "payload": {
                        "event_id": str(uuid.uuid4()),
                        "module_id": module_id,
                        "module_version": 1,
                        "kind": "lesson_opened",
                    },
                },
                {
                    "id": str(uuid.uuid4()),
                    "kind": "assignment.status",
                    "payload": {"assignment_id": assignment, "status": statuses[cycle % 3]},
                },
            ]
            start = time.perf_counter()
            try:
                r = await client.post("/api/v1/sync/push", json={"mutations": mutations})
                if r.status_code == 200 and all(x["status"] == "applied" for x in r.json()["results"]):
                    stats.ok("push", time.perf_counter() - start)
                else:
                    stats.error(f"push {r.status_code}")
            except httpx.HTTPError as exc:
                stats.error(f"push {type(exc).__name__}")
            cursor = await pull_all(client, cursor, stats)
            await asyncio.sleep(rng.expovariate(1 / args.think) if args.think > 0 else 0)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def summary(label: str, stats: Stats, elapsed: float) -> None:
    total = len(stats.latencies) + sum(stats.errors.values())
    print(
        f"[{label}] requests={total} in {elapsed:.1f}s -> {total / elapsed:.1f} requests/s, "
        f"errors={sum(stats.errors.values())} {stats.errors if stats.errors else ''}"
    )
    print(
        f"[{label}] latency ms (all):  p50={pct(stats.latencies, 0.5):.1f} "
        f"p95={pct(stats.latencies, 0.95):.1f} p99={pct(stats.latencies, 0.99):.1f} "
        f"max={max(stats.latencies, default=0) * 1000:.1f}"
    )
    for kind, values in stats.by_kind.items():
        if values:
            print(
                f"[{label}] latency ms ({kind}): p50={pct(values, 0.5):.1f} p95={pct(values, 0.95):.1f} "
                f"p99={pct(values, 0.99):.1f} mean={statistics.fmean(values) * 1000:.1f}"
            )


async def run(base: str, seeded: list[tuple[str, str]], module_id: str, args: argparse.Namespace) -> None:
    initial, stats = Stats(), Stats()
    rng = random.Random(1)
    ready = asyncio.Barrier(len(seeded) + 1)
    start = time.perf_counter()
    tasks = [
        asyncio.create_task(
            device(base, token, aid, module_id, args, initial, stats, ready, random.Random(rng.random()))
        )
        for token, aid in seeded
    ]
    await ready.wait()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    print(
        f"devices={args.devices} cycles={args.cycles} think={args.think}s workers={args.workers} "
        f"database=postgresql"
    )
    summary("first sync", initial, cold)
    summary("push/pull cycles", stats, elapsed)


def report_server_side(log_path: Path) -> None:
    """Time spent inside the server (from its access log): separates server work from client/CPU queueing."""
    import json

    times: dict[str, list[float]] = {}
    for line in log_path.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        path = str(entry.get("path", ""))
        if path.startswith("/api/v1/sync/"):
            times.setdefault(path.rsplit("/", 1)[-1], []).append(float(entry["ms"]) / 1000)
    if os.environ.get("BENCH_DEBUG"):
        for kind, values in times.items():
            n = len(values)
            for part in range(5):
                chunk = values[part * n // 5 : (part + 1) * n // 5]
                print(kind, part, f"p50={pct(chunk, 0.5):.0f} p95={pct(chunk, 0.95):.0f}")
    for kind, values in sorted(times.items()):
        print(
            f"server-side ms ({kind}): p50={pct(values, 0.5):.1f} p95={pct(values, 0.95):.1f} "
            f"p99={pct(values, 0.99):.1f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between a device's syncs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which devices first connect")
    args = parser.parse_args()
    with postgres_database("fieldapp_bench_") as url, tempfile.TemporaryDirectory() as tmp:
        ctx = ServerContext.open(ServerConfig(data_dir=Path(tmp), database_url=url))
        seeded, module_id, _ = seed(ctx, args.devices)
        ctx.close()
        port = free_port()
        env = {**os.environ, "FIELDAPP_MAX_CONCURRENCY": "256"}
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fieldapp.server.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--data-dir",
                tmp,
                "--database",
                url,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            asyncio.run(run(base, seeded, module_id, args))
        finally:
            proc.terminate()
            proc.wait(15)
            log.close()
            report_server_side(Path(tmp) / "server.log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
