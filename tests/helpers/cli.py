"""``fieldapp`` as a person or a script runs it: a real process, one command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_fieldapp(profile: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``fieldapp --profile PROFILE ARGS`` with ``stdin`` as its input (a PIN, a password)."""
    return subprocess.run(
        [sys.executable, "-m", "fieldapp", "--profile", str(profile), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=dict(os.environ),
        check=False,
    )
