#!/usr/bin/env bash
# Nightly backup of the fieldapp server: PostgreSQL dump + blobs + signing key. See docs/deploy.md.
# Usage: backup.sh [DEST_DIR]   (run as the fieldapp user, with /etc/fieldapp-server/env loaded)
set -euo pipefail
DEST="${1:-/var/backups/fieldapp-server}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
DATA="${FIELDAPP_DATA_DIR:-/var/lib/fieldapp-server}"
mkdir -p "$DEST/$STAMP"
chmod 700 "$DEST" "$DEST/$STAMP"
# 1. Database first: a blob referenced by the dump is then always in the blob copy taken after it
#    (blobs are immutable and only ever added).
pg_dump --format=custom --file="$DEST/$STAMP/fieldapp.dump" "$FIELDAPP_DATABASE_URL"
# 2. Blobs (content-addressed, immutable: rsync only copies new files) and the signing key.
rsync -a --exclude partial/ "$DATA/blobs/" "$DEST/blobs/"
cp -p "$DATA/server_signing_key.pem" "$DEST/$STAMP/"
# 3. Keep 14 daily dumps.
ls -1dt "$DEST"/20*Z | tail -n +15 | xargs -r rm -rf
echo "backup written to $DEST/$STAMP"
