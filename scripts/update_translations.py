#!/usr/bin/env python3
"""Refresh the Urdu and Pashto translation sources and compile them.

    .venv/bin/python scripts/update_translations.py            # lupdate (.py -> .ts), lrelease (.ts -> .qm)
    .venv/bin/python scripts/update_translations.py --fill F   # also merge translations from a JSON file
    .venv/bin/python scripts/update_translations.py --release  # only compile .ts -> .qm

``--fill`` takes ``{"ur": {"source text": "translation", ...}, "ps": {...}}`` (a key may also be
``"Context|source text"`` when one source needs different translations in different places, or the source
without its ``&`` accelerator, which is then added back as `` (&X)``); it fills messages whose translation is
missing or unfinished and leaves finished ones alone.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUI = ROOT / "src" / "fieldapp" / "gui"
TRANSLATIONS = ROOT / "src" / "fieldapp" / "translations"
LANGUAGES = ("ur", "ps")


def _tool(name: str) -> str:
    """A Qt tool from the venv's PySide6 (next to this Python) or from PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 into the virtual environment first.")
    return found


def sources() -> list[Path]:
    """Every Python file of the GUI (the only place user-visible strings live)."""
    return sorted(p for p in GUI.rglob("*.py") if "__pycache__" not in p.parts)


def ts_path(language: str) -> Path:
    """The .ts file of a language."""
    return TRANSLATIONS / f"fieldapp_{language}.ts"


def lupdate(out: Path, language: str, files: list[Path] | None = None) -> None:
    """Extract strings from the sources into ``out`` (keeping its existing translations)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    args = [_tool("pyside6-lupdate"), *(str(f) for f in (files or sources()))]
    args += ["-no-obsolete", "-locations", "none", "-source-language", "en", "-target-language", language]
    subprocess.run([*args, "-ts", str(out)], check=True, capture_output=True)


def lrelease(ts: Path) -> Path:
    """Compile ``ts`` into the ``.qm`` next to it."""
    qm = ts.with_suffix(".qm")
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    return qm


def _plain(source: str) -> str:
    """``source`` without its accelerator marker (``&Save`` -> ``Save``)."""
    return re.sub(r"&(?=[^&\s])", "", source)


def _accelerator(source: str) -> str:
    """The letter after ``&`` in ``source`` ('' when it has none)."""
    match = re.search(r"&([^&\s])", source)
    return match.group(1) if match else ""


def fill(ts: Path, catalogue: dict[str, str]) -> int:
    """Write translations from ``catalogue`` into unfinished messages of ``ts``; return how many."""
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            finished = translation.get("type") is None and (translation.text or "")
            text = catalogue.get(f"{name}|{source}") or catalogue.get(source) or catalogue.get(_plain(source))
            if text and "&" not in text and _accelerator(source):
                # Keep the keyboard shortcut reachable: Alt + the same Latin letter as in English.
                text = f"{text} (&{_accelerator(source).upper()})"
            if text and not finished:
                translation.text = text
                translation.attrib.pop("type", None)
                filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    # Keep the DOCTYPE line lupdate writes, so Qt Linguist opens the file as before.
    body = ts.read_text(encoding="utf-8")
    if "<!DOCTYPE TS>" not in body:
        body = body.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
        ts.write_text(body, encoding="utf-8")
    return filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", type=Path, help="JSON file of translations to merge in")
    parser.add_argument("--release", action="store_true", help="only compile .ts to .qm")
    args = parser.parse_args(argv)
    catalogue = json.loads(args.fill.read_text(encoding="utf-8")) if args.fill else {}
    for language in LANGUAGES:
        ts = ts_path(language)
        if not args.release:
            lupdate(ts, language)
        if language in catalogue:
            print(f"{ts.name}: filled {fill(ts, catalogue[language])} translations")
        qm = lrelease(ts)
        print(f"{ts.relative_to(ROOT)} -> {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
