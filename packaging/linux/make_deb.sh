#!/usr/bin/env bash
# Wrap the one-folder build in a .deb: /opt/fieldapp, /usr/bin/fieldapp and a menu entry.
set -euo pipefail
APP="$1"; VERSION="$2"; OUT="$3"
HERE="$(cd "$(dirname "$0")" && pwd)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
         "$STAGE/usr/share/icons/hicolor/256x256/apps"
cp -a "$APP" "$STAGE/opt/fieldapp"
ln -s /opt/fieldapp/fieldapp "$STAGE/usr/bin/fieldapp"
install -m 0644 "$HERE/fieldapp.desktop" "$STAGE/usr/share/applications/fieldapp.desktop"
install -m 0644 "$HERE/fieldapp.png" "$STAGE/usr/share/icons/hicolor/256x256/apps/fieldapp.png"
SIZE_KB="$(du -sk "$STAGE/opt" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@SIZE_KB@/$SIZE_KB/" "$HERE/control.in" > "$STAGE/DEBIAN/control"
DEB="$OUT/fieldapp_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group --build "$STAGE" "$DEB" >/dev/null
echo "deb: $DEB ($(du -h "$DEB" | cut -f1))"
dpkg-deb --info "$DEB" | sed -n '1,12p'
