#!/usr/bin/env python3
"""Screenshots of every main screen in English and Urdu, into docs/screenshots/ (committed, shown in README).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Runs the demo (a local server with demo data, profiles for the intern, her mentor and the coordinator) in a
temporary folder and renders each person's screens with ``fieldapp.gui.shots.render_screens``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "ur")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from fieldapp.demo import prepare_demo
    from fieldapp.gui.shots import render_screens

    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="fieldapp-shots-") as tmp:
        server, profiles = prepare_demo(Path(tmp))
        try:
            for language in LANGUAGES:
                for person, profile in profiles.items():
                    written += render_screens(profile, args.out / language, language, prefix=f"{person}-")
        finally:
            server.close()  # type: ignore[attr-defined]
    index = ["# Screenshots", "", "Made by `scripts/screenshots.py` from the demo data.", ""]
    for language in LANGUAGES:
        index += [f"## {'English' if language == 'en' else 'Urdu (اردو)'}", ""]
        for path in sorted(p for p in written if p.parent.name == language):
            index.append(f"![{language} {path.stem}]({language}/{path.name})")
        index.append("")
    (args.out / "README.md").write_text("\n".join(index), encoding="utf-8")
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
