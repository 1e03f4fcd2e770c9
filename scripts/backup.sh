#!/usr/bin/env bash
# `make backup`: one dated folder with the database (pg_dump custom format) and the private media (tar).
#
#   DATABASE_URL         postgres://user:pw@host:5432/db (required; SQLite is refused, it is not production)
#   PRIVATE_MEDIA_ROOT   uploads and letters (default var/private)
#   BACKUP_DIR           where the dated folders go (default var/backups)
#
# Prints the folder it wrote. Restore with scripts/restore.sh <folder>.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set: backups are made of the PostgreSQL database}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup: DATABASE_URL is not a postgres:// URL; refusing" >&2; exit 2 ;;
esac
media="${PRIVATE_MEDIA_ROOT:-var/private}"
# Seconds and a random suffix, so two backups in the same minute never share a folder.
folder="${BACKUP_DIR:-var/backups}/$(date -u +%Y-%m-%dT%H%M%SZ)-$$"
mkdir -p "$folder"

# Custom format: compressed, and pg_restore can restore it into any fresh database.
pg_dump --format=custom --no-owner --no-privileges --file="$folder/database.dump" --dbname="$DATABASE_URL"

# The private media may not exist yet on a new installation; an empty archive keeps restore uniform.
mkdir -p "$media"
tar -czf "$folder/private-media.tar.gz" -C "$media" .

# Checksums, so a copy of the folder elsewhere can be verified before a restore.
(cd "$folder" && sha256sum database.dump private-media.tar.gz > SHA256SUMS)
echo "$folder"
