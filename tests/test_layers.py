"""The layer rule: only the GUI imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fieldapp"
QT_FREE = ["core", "sync", "bundles", "protocol", "rules", "server", "config", "device"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", QT_FREE)
def test_no_qt_outside_gui(package: str) -> None:
    offenders = []
    for path in sorted((SRC / package).rglob("*.py")):
        if any(name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} for name in _imports(path)):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == [], f"Qt imported outside the GUI: {offenders}"


def test_layer_rule_sees_real_files() -> None:
    # Guard against the test passing because the walk found nothing.
    assert list((SRC / "protocol").rglob("*.py"))
