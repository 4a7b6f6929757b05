#!/usr/bin/env bash
# Adds a migration named $1 to every module context (or only those named after it), once per provider:
#   scripts/add-migration.sh AddCredits [licensing invoicing ...]
# Each provider's migrations live in Persistence/Migrations/<Provider> (namespace ...Migrations.<Provider>);
# ProviderMigrationsAssembly shows EF only the set of the provider in use.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <MigrationName> [context ...]}
shift || true
dotnet tool restore >/dev/null

# context name -> project directory, migrations folder (relative to the project) and namespace root
contexts=(
  "usage|src/Modules/Usage/Billing.Usage|UsageDbContext|Persistence/Migrations|Billing.Usage.Persistence.Migrations"
  "licensing|src/Modules/Licensing/Billing.Licensing|LicensingDbContext|Persistence/Migrations|Billing.Licensing.Persistence.Migrations"
  "invoicing|src/Modules/Invoicing/Billing.Invoicing|InvoicingDbContext|Persistence/Migrations|Billing.Invoicing.Persistence.Migrations"
  "payments|src/Modules/Payments/Billing.Payments|PaymentsDbContext|Persistence/Migrations|Billing.Payments.Persistence.Migrations"
  "access|src/Billing.Host|AccessDbContext|Access/Migrations|Billing.Host.Access.Migrations"
)
for entry in "${contexts[@]}"; do
  IFS='|' read -r key project context folder namespace <<<"$entry"
  if [ $# -gt 0 ] && [[ ! " $* " =~ " $key " ]]; then continue; fi
  dotnet build "$project" -v q -nologo >/dev/null
  for provider in Postgres Sqlite; do
    BILLING_EF_PROVIDER=$provider dotnet ef migrations add "$name" --no-build \
      --project "$project" --startup-project "$project" --context "$context" \
      --output-dir "$folder/$provider" --namespace "$namespace.$provider"
  done
done
