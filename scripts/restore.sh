#!/usr/bin/env bash
# `make restore BACKUP=<folder>`: put a backup made by scripts/backup.sh back.
#
#   DATABASE_URL         the database to restore into; it must exist and should be empty (a fresh
#                        `createdb`): pg_restore stops at the first error instead of merging into live data
#   PRIVATE_MEDIA_ROOT   where the private media go (default var/private); existing files are overwritten
#
# Afterwards run `python manage.py grootboek_controle` against the restored database.
set -euo pipefail

folder="${1:?usage: restore.sh <backup folder>}"
: "${DATABASE_URL:?DATABASE_URL is not set: say which PostgreSQL database to restore into}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "restore: DATABASE_URL is not a postgres:// URL; refusing" >&2; exit 2 ;;
esac
media="${PRIVATE_MEDIA_ROOT:-var/private}"

(cd "$folder" && sha256sum --check --quiet SHA256SUMS)

pg_restore --exit-on-error --single-transaction --no-owner --no-privileges \
  --dbname="$DATABASE_URL" "$folder/database.dump"

mkdir -p "$media"
tar -xzf "$folder/private-media.tar.gz" -C "$media"
echo "restored $folder"
