"""Sync benchmark: a real server on loopback, a real client, bytes counted by a proxy on the wire.

For 1,000 and 10,000 records it prints: the initial pull time, the time to push N offline changes, bytes on
the wire per record against the gzip size of the same records as plain JSON, and the round trips and bytes
of a sync with nothing to do. Then a 2G profile (50 kbit/s, 600 ms RTT, connections dropped now and then,
through ``bench/throttle_proxy.py``) in which 500 records and a 5 MB file sync to completion.

    .venv/bin/python bench/sync_bench.py                 # everything (the 2G part takes ~15 minutes)
    .venv/bin/python bench/sync_bench.py --no-2g         # loopback figures only (~1 minute)
    .venv/bin/python bench/sync_bench.py --only-2g --rate-kbit 50

Targets: 10,000-record initial pull <= 3 s; no-change sync = 1 round trip and < 2 KB;
bytes per record <= 1.3 x gzip JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")

from bench.throttle_proxy import LinkProfile, ThrottleProxy  # noqa: E402
from tests.sync.support import Device, seed_many_tasks, seed_world  # noqa: E402

from fieldapp.server.testing import LiveServer, postgres_database  # noqa: E402
from fieldapp.sync.backoff import RetryPolicy  # noqa: E402


def _world(server: LiveServer, tag: str) -> tuple[str, dict[str, str]]:
    prefix = f"{tag}-"
    return prefix, server.seed(seed_world, prefix)


def _gzip_json_bytes(records: list[dict[str, object]]) -> int:
    """The yardstick: the same records as one plain JSON array, gzipped."""
    return len(gzip.compress(json.dumps(records, separators=(",", ":")).encode(), compresslevel=6))


def loopback(server: LiveServer, size: int, root: Path) -> dict[str, float]:
    prefix, ids = _world(server, f"n{size}")
    before = _count_records(server, prefix, root)
    server.seed(seed_many_tasks, prefix + "i1", size // 2)
    with ThrottleProxy(("127.0.0.1", server.port)) as proxy:
        dev = Device(root, server, prefix + "i1", url=proxy.url)
        proxy.reset_counters()
        started = time.perf_counter()
        report = dev.sync()
        pull_s = time.perf_counter() - started
        assert report.complete, report
        wire_pull = proxy.bytes_up + proxy.bytes_down
        records = [data for data in dev.records().values()]
        new_records = len(records) - before
        per_record = wire_pull / len(records)
        gzip_per_record = _gzip_json_bytes(records) / len(records)

        for _ in range(size):
            dev.app.training.open_lesson(ids["module"], "l1")
        proxy.reset_counters()
        started = time.perf_counter()
        report = dev.sync()
        push_s = time.perf_counter() - started
        assert report.complete and report.pushed == size, report
        push_wire = proxy.bytes_up + proxy.bytes_down

        dev.sync()
        proxy.reset_counters()
        report = dev.sync()
        assert report.complete
        idle = {"round_trips": report.round_trips, "bytes": proxy.bytes_up + proxy.bytes_down}
        dev.close()
    return {
        "records": len(records),
        "new_records": new_records,
        "initial_pull_s": pull_s,
        "push_s": push_s,
        "push_wire_bytes": push_wire,
        "wire_bytes_per_record": per_record,
        "gzip_json_bytes_per_record": gzip_per_record,
        "ratio": per_record / gzip_per_record,
        "idle_round_trips": idle["round_trips"],
        "idle_bytes": idle["bytes"],
    }


def _count_records(server: LiveServer, prefix: str, root: Path) -> int:
    dev = Device(root, server, prefix + "i1")
    dev.sync_until_complete()
    count = len(dev.records())
    dev.close()
    return count


def two_g(
    server: LiveServer, root: Path, rate_kbit: float, file_mb: float, drop_mean_s: float
) -> dict[str, float]:
    prefix, _ids = _world(server, "2g")
    server.seed(seed_many_tasks, prefix + "i1", 250)  # 500 records to pull
    profile = LinkProfile(rate_bps=rate_kbit * 1000, rtt_s=0.6, drop_mean_s=drop_mean_s, seed=7)
    with ThrottleProxy(("127.0.0.1", server.port)) as clean:
        dev = Device(root, server, prefix + "i1", url=clean.url)  # sign in on a good link
    blob = root / "video.bin"
    blob.write_bytes(os.urandom(int(file_mb * 1024 * 1024)))
    with ThrottleProxy(("127.0.0.1", server.port), profile) as proxy:
        # The session is tied to the URL it signed in with; point it at the throttled link.
        from fieldapp.sync.credentials import CredentialStore

        token = CredentialStore(dev.profile).load(dev.url)
        assert token
        CredentialStore(dev.profile).save(proxy.url, token)
        session = dev.app.session
        assert session
        dev.app.set_session(session.user, proxy.url, session.device_id)
        task = (
            next(t for t in dev.app.tasks.list() if t.title == "Task for i1")
            if dev.app.tasks.list()
            else None
        )
        started = time.perf_counter()
        attempts = 0
        pulled = 0
        report = None
        while True:
            attempts += 1
            report = dev.sync(retry=RetryPolicy())
            pulled += report.pulled
            if task is None:
                task = next((t for t in dev.app.tasks.list() if t.title == "Task for i1"), None)
                if task is not None:
                    dev.app.submissions.submit(
                        task.id, "video of the water point", [dev.app.blobs.put_file(blob)]
                    )
                    continue
            if report.complete and task is not None:
                break
            print(
                f"  2G attempt {attempts}: up {report.bytes_uploaded} B, {report.errors[:1]} "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        elapsed = time.perf_counter() - started
        dev.close()
        return {
            "seconds": elapsed,
            "attempts": attempts,
            "records_pulled": pulled,
            "file_mb": file_mb,
            "drops": proxy.drops,
            "connections": proxy.connections,
            "bytes_up": proxy.bytes_up,
            "bytes_down": proxy.bytes_down,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description="fieldapp sync benchmark")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--no-2g", action="store_true")
    parser.add_argument("--only-2g", action="store_true")
    parser.add_argument("--rate-kbit", type=float, default=50.0)
    parser.add_argument("--file-mb", type=float, default=5.0)
    parser.add_argument("--drop-mean-s", type=float, default=90.0)
    parser.add_argument(
        "--postgres", action="store_true", help="server on a throwaway PostgreSQL database (default: SQLite)"
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="fieldapp-syncbench-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, root, True)
        database = stack.enter_context(postgres_database()) if args.postgres else None
        server = stack.enter_context(LiveServer(root / "server", database))
        print(f"server database: {'PostgreSQL' if database else 'SQLite'}")
        if not args.only_2g:
            print("records  initial-pull  push-N   wire B/rec  gzip-JSON B/rec  ratio  idle-sync")
            for size in args.sizes:
                r = loopback(server, size, root / f"dev{size}")
                print(
                    f"{int(r['records']):7d}  {r['initial_pull_s']:10.2f} s  {r['push_s']:5.2f} s  "
                    f"{r['wire_bytes_per_record']:9.1f}  {r['gzip_json_bytes_per_record']:14.1f}  "
                    f"{r['ratio']:5.2f}  {int(r['idle_round_trips'])} trip, {int(r['idle_bytes'])} B",
                    flush=True,
                )
        if not args.no_2g:
            print(f"2G profile: {args.rate_kbit} kbit/s, 600 ms RTT, drops every ~{args.drop_mean_s:.0f} s")
            r = two_g(server, root / "dev2g", args.rate_kbit, args.file_mb, args.drop_mean_s)
            print(
                f"2G: {int(r['records_pulled'])} records + {r['file_mb']} MB file synced to completion in "
                f"{r['seconds']:.0f} s, {int(r['attempts'])} sync attempt(s), {int(r['drops'])} dropped "
                f"connection(s), {int(r['bytes_up'])} B up / {int(r['bytes_down'])} B down"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
