#!/usr/bin/env bash
# Adds one EF Core migration, with the same name, for each database provider.
#   scripts/add-migration.sh AddBookings
# Each provider has its own DbContext subclass and its own folder under Platform.Infrastructure/Migrations.
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh MigrationName}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build Platform.Infrastructure -c Debug -nologo -v q
for pair in Sqlite:SqlitePlatformDbContext SqlServer:SqlServerPlatformDbContext Postgres:PostgresPlatformDbContext; do
  folder="${pair%%:*}"; context="${pair##*:}"
  echo "== $folder"
  dotnet ef migrations add "$name" --no-build \
    --project Platform.Infrastructure --startup-project Platform.Infrastructure \
    --context "$context" --output-dir "Migrations/$folder"
done
echo "Added migration $name for SQLite, SQL Server and PostgreSQL."
