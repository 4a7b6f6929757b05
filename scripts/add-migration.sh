#!/usr/bin/env bash
# Adds a migration named $1 to every module context (or only those named after it), once per provider:
#   scripts/add-migration.sh AddCredits [licensing invoicing ...]
# Each provider's migrations live in Persistence/Migrations/<Provider> (namespace ...Migrations.<Provider>);
# ProviderMigrationsAssembly shows EF only the set of the provider in use. Both providers' snapshots share a
# class (and so a file) name, and `dotnet ef` looks its snapshot file up by name anywhere in the project, so the
# other provider's folder is moved aside while one provider's migration is scaffolded.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <MigrationName> [context ...]}
shift || true
dotnet tool restore >/dev/null

# context name -> project directory and migrations folder (relative to the project; the namespace follows it)
contexts=(
  "usage|src/Modules/Usage/Billing.Usage|UsageDbContext|Persistence/Migrations"
  "licensing|src/Modules/Licensing/Billing.Licensing|LicensingDbContext|Persistence/Migrations"
  "invoicing|src/Modules/Invoicing/Billing.Invoicing|InvoicingDbContext|Persistence/Migrations"
  "payments|src/Modules/Payments/Billing.Payments|PaymentsDbContext|Persistence/Migrations"
  "access|src/Billing.Host|AccessDbContext|Access/Migrations"
  "strangler|src/Billing.Host|StranglerDbContext|Strangler/Migrations"
)
stash=$(mktemp -d)
trap 'rm -rf "$stash"' EXIT
for entry in "${contexts[@]}"; do
  IFS='|' read -r key project context folder <<<"$entry"
  if [ $# -gt 0 ] && [[ ! " $* " =~ " $key " ]]; then continue; fi
  for provider in Postgres Sqlite; do
    other=$([ "$provider" = Postgres ] && echo Sqlite || echo Postgres)
    moved=false
    if [ -d "$project/$folder/$other" ]; then mv "$project/$folder/$other" "$stash/$key-$other"; moved=true; fi
    BILLING_EF_PROVIDER=$provider dotnet ef migrations add "$name" \
      --project "$project" --startup-project "$project" --context "$context" \
      --output-dir "$folder/$provider" || { $moved && mv "$stash/$key-$other" "$project/$folder/$other"; exit 1; }
    if $moved; then mv "$stash/$key-$other" "$project/$folder/$other"; fi
  done
  # dotnet ef makes migrations public; a module's only public type is its registrar.
  find "$project/$folder" -name '*.cs' ! -name '*ModelSnapshot.cs' -exec sed -i 's/^    public partial class /    internal partial class /' {} +
done
