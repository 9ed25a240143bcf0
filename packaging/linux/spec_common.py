"""What both PyInstaller recipes (Linux and Windows) bundle and what they leave out.

Imported by ``linux/fieldapp.spec`` and ``windows/fieldapp.spec`` (PyInstaller runs them as Python).
"""

from __future__ import annotations

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

# Qt parts fieldapp does not use. The PySide6 hooks only bundle what is imported, but listing them also
# stops a stray import (e.g. through a plugin) from dragging in hundreds of MB (QtWebEngine alone ~200 MB).
QT_UNUSED = [
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtWebView",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput", "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation", "PySide6.Qt3DExtras",
    "PySide6.QtQuick", "PySide6.QtQuick3D", "PySide6.QtQuickControls2", "PySide6.QtQuickWidgets",
    "PySide6.QtQml", "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtGraphs",
    "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning", "PySide6.QtLocation",
    "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtSerialBus", "PySide6.QtRemoteObjects",
    "PySide6.QtScxml", "PySide6.QtStateMachine", "PySide6.QtTextToSpeech", "PySide6.QtSpatialAudio",
    "PySide6.QtHttpServer", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtOpenGLWidgets", "PySide6.QtSvgWidgets",
    "PySide6.QtAxContainer", "PySide6.QtConcurrent",
]

# Server-side and development packages that may be installed in the same environment.
NOT_CLIENT = [
    "fieldapp.server", "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg",
    "pytest", "hypothesis", "schemathesis", "mypy", "ruff", "tkinter", "IPython",
]

EXCLUDES = QT_UNUSED + NOT_CLIENT


def hidden_imports() -> list[str]:
    """Every client module: command modules, doctor checks and the GUI are loaded by name at run time.
    The server (FastAPI, SQLAlchemy, the PostgreSQL driver) stays out of the client."""
    server_side = ("fieldapp.server", "fieldapp.demo")
    hidden = [m for m in collect_submodules("fieldapp") if not m.startswith(server_side)]
    return hidden + collect_submodules("keyring.backends")


def data_files() -> list[tuple[str, str]]:
    """Fonts, styles, compiled translations; not the translation sources nor server content."""
    return collect_data_files("fieldapp", excludes=["server/**", "**/*.ts"])
