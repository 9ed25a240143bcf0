#!/usr/bin/env bash
# Build the Linux desktop client: a PyInstaller one-folder app in dist/fieldapp, smoke-tested, and a .deb.
#
#   bash packaging/linux/build.sh            # build, smoke-test, report the size, make the .deb
#   SKIP_DEB=1 bash packaging/linux/build.sh # folder build and smoke test only
#
# Needs the project's .venv (scripts/setup.sh). Installs PyInstaller into it. Not part of the test run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "build.sh: run scripts/setup.sh first (no .venv)" >&2; exit 1; }

"$PY" -m pip install -q "pyinstaller>=6.5"
VERSION="$("$PY" -c 'import fieldapp; print(fieldapp.__version__)')"
DIST="$ROOT/dist"
APP="$DIST/fieldapp"

echo "==> PyInstaller (fieldapp $VERSION)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$ROOT/build/pyinstaller" packaging/linux/fieldapp.spec

echo "==> Trimming Qt parts fieldapp does not use"
bash packaging/linux/trim.sh "$APP"

echo "==> Checking no remaining library needs a trimmed one"
missing="$(find "$APP/_internal" -name '*.so*' -type f -print0 \
    | LD_LIBRARY_PATH="$APP/_internal:$APP/_internal/PySide6/Qt/lib" xargs -0 ldd 2>/dev/null \
    | grep 'libQt6.*not found' | sort -u || true)"
if [ -n "$missing" ]; then echo "build.sh: trimming removed a library still in use:" >&2; echo "$missing" >&2; exit 1; fi

echo "==> Smoke test: $APP/fieldapp --smoke (offscreen, throwaway profile)"
SMOKE_HOME="$(mktemp -d)"
trap 'rm -rf "$SMOKE_HOME"' EXIT
QT_QPA_PLATFORM=offscreen FIELDAPP_HOME="$SMOKE_HOME" "$APP/fieldapp" --smoke
QT_QPA_PLATFORM=offscreen FIELDAPP_HOME="$SMOKE_HOME" "$APP/fieldapp" --version
echo "smoke: OK"

SIZE="$(du -sh "$APP" | cut -f1)"
echo "==> Folder size: $SIZE ($APP)"

if [ "${SKIP_DEB:-0}" != 1 ]; then
    echo "==> .deb"
    bash packaging/linux/make_deb.sh "$APP" "$VERSION" "$DIST"
fi
