"""The README's "run" command: a local demo server, demo data, and the app signed in as intern ``ayesha``.

    python -m fieldapp.demo [--data-dir DIR] [--screenshots DIR]

Starts ``fieldapp-server`` on 127.0.0.1 (SQLite in the data dir), runs ``demo-seed``, signs a client
profile in as ``ayesha`` (password ``demo1234``) through the same login code as ``fieldapp login``, syncs,
and opens the main window. Without a display (no ``DISPLAY``/``WAYLAND_DISPLAY``, or
``QT_QPA_PLATFORM=offscreen``) it runs the same flow headless and writes a PNG of every main screen (for the
intern, her mentor and the coordinator), printing where they are.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["DEMO_PASSWORD", "headless", "main", "prepare_demo"]

DEMO_PASSWORD = "demo1234"
DEMO_PEOPLE = ("ayesha", "mentor", "coord")


def headless() -> bool:
    """Whether there is no display to open a window on."""
    if os.environ.get("QT_QPA_PLATFORM", "") == "offscreen":
        return True
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def prepare_demo(data_dir: Path) -> tuple[Any, dict[str, Path]]:
    """Start the server, seed it, sign in one profile per demo person and sync them.

    Ayesha's profile gets a little work done (a submission and a lesson) so the mentor's inbox and the
    dashboard have something to show. Returns the running server and the profile folder of each person.
    """
    os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")  # quick password hashing for a local demo
    from fieldapp.core.app import FieldApp
    from fieldapp.server import admin
    from fieldapp.server.testing import LiveServer
    from fieldapp.sync.service import login, sync_profile

    server = LiveServer(data_dir / "server")
    server.seed(admin.demo_seed)
    profiles: dict[str, Path] = {}
    for username in DEMO_PEOPLE:
        profile = data_dir / "profiles" / username
        core = FieldApp.open(profile)
        try:
            if core.session is None:
                login(core, server.url, username, DEMO_PASSWORD)
            sync_profile(core)
            if username == "ayesha" and not core.submissions.list():
                _do_some_work(core)
                sync_profile(core)
        finally:
            core.close()
        profiles[username] = profile
    return server, profiles


def _do_some_work(core: object) -> None:
    """Ayesha writes a submission and finishes the first lesson, as she would in the app."""
    tasks = core.tasks.list()  # type: ignore[attr-defined]
    intro = next((t for t in tasks if "Introduce" in t.title), tasks[0] if tasks else None)
    if intro is not None:
        core.submissions.submit(  # type: ignore[attr-defined]
            intro.id, "I am Ayesha from Bajaur. I want to learn how to map the water points in my village."
        )
    modules = core.training.list()  # type: ignore[attr-defined]
    if modules:
        module = core.training.get(modules[0].id)  # type: ignore[attr-defined]
        if module.lessons:
            core.training.open_lesson(module.id, module.lessons[0].id)  # type: ignore[attr-defined]
            core.training.complete_lesson(module.id, module.lessons[0].id)  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    """Run the demo; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m fieldapp.demo", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, help="where the demo server and profiles live (default: temp)"
    )
    parser.add_argument("--screenshots", type=Path, help="headless: where to write the PNGs")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="fieldapp-demo-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    no_display = headless()
    if no_display:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    print(f"fieldapp demo: data in {data_dir}")
    server, profiles = prepare_demo(data_dir)
    print(
        f"fieldapp demo: server running at {server.url} "
        f"(users ayesha, mentor, coord; password {DEMO_PASSWORD})"
    )  # type: ignore[attr-defined]
    try:
        if no_display:
            from fieldapp.gui.shots import render_screens

            out = args.screenshots or data_dir / "screenshots"
            written = []
            for username, profile in profiles.items():
                written += render_screens(profile, out, prefix=f"{username}-")
            print(f"No display: rendered {len(written)} screens headless to {out}:")
            for path in written:
                print(f"  {path}")
            return 0
        from fieldapp.gui.app import run

        return run(profiles["ayesha"], smoke=False)
    finally:
        server.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    raise SystemExit(main())
