#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the folders of files
# (the applicants' documents and the media), into one new folder. docs/operations.md says when and
# how; tests/core/test_backup.py restores what this writes and checks the portal reads the same.
#
#   DATABASE_URL=postgres://… DJANGO_DOCUMENTS_ROOT=… DJANGO_MEDIA_ROOT=… scripts/backup.sh BACKUP_DIR
#
# With the documents in S3 (DOCUMENTS_S3_BUCKET), the bucket's versioning and replication are their
# backup, and only the database and the media folder are written here.
set -euo pipefail

target="${1:?usage: scripts/backup.sh BACKUP_DIR (a folder that does not exist yet)}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh backs up PostgreSQL; DATABASE_URL is not a postgres:// URL" >&2; exit 2 ;;
esac
if [ -e "$target" ]; then
  echo "$target exists already: a backup goes into a new folder" >&2
  exit 2
fi
mkdir -p "$target"

# --format=custom: compressed, and pg_restore can restore it in parallel or in part.
pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"

for folder in documents media; do
  case "$folder" in
    documents) root="${DJANGO_DOCUMENTS_ROOT:-private-documents}" ;;
    media) root="${DJANGO_MEDIA_ROOT:-media}" ;;
  esac
  if [ -d "$root" ]; then
    tar --create --gzip --file="$target/$folder.tar.gz" --directory="$root" .
  fi
done

# What was written, with checksums, so that a copy can be verified before it is restored.
(cd "$target" && sha256sum -- * >SHA256SUMS)
echo "Backup written to $target:"
cat "$target/SHA256SUMS"
