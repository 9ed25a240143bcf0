"""A device syncing in its own process, for SIGKILL tests: ``python -m tests.sync.client_proc PROFILE``.

Prints ``ready`` once imports are done and the profile is open (so the parent's random kill lands in the
sync, not in Python's start-up), then ``done <complete>`` after one full sync.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fieldapp.core.app import FieldApp
from fieldapp.sync.backoff import RetryPolicy
from fieldapp.sync.service import sync_profile


def main() -> int:
    app = FieldApp.open(Path(sys.argv[1]))
    print("ready", flush=True)
    report = sync_profile(app, retry=RetryPolicy(attempts=3, base_s=0.02, cap_s=0.1))
    print(f"done {report.complete}", flush=True)
    app.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
