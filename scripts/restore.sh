#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into an EMPTY database and empty folders (restore next to
# production, check, then switch over: docs/operations.md).
#
#   DATABASE_URL=postgres://…/iclon_restored DJANGO_DOCUMENTS_ROOT=… DJANGO_MEDIA_ROOT=… \
#       scripts/restore.sh BACKUP_DIR
#
# The database must exist and be empty (createdb); the checksums are verified first, and the
# restore stops at the first error.
set -euo pipefail

source_dir="${1:?usage: scripts/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must name the empty PostgreSQL database to restore into}"
(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS)

tables=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "The database of DATABASE_URL is not empty ($tables tables): restore into a new one." >&2
  exit 2
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$source_dir/database.dump"

for folder in documents media; do
  case "$folder" in
    documents) root="${DJANGO_DOCUMENTS_ROOT:-private-documents}" ;;
    media) root="${DJANGO_MEDIA_ROOT:-media}" ;;
  esac
  if [ -f "$source_dir/$folder.tar.gz" ]; then
    mkdir -p "$root"
    tar --extract --gzip --file="$source_dir/$folder.tar.gz" --directory="$root"
  fi
done
echo "Restored $source_dir."
