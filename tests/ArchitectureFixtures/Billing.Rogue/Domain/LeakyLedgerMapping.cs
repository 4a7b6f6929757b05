using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Billing.Rogue.Domain;

/// <summary>VIOLATION (domain code does not depend on EF Core): persistence mapping living in the domain namespace.</summary>
internal sealed class LeakyLedgerMapping : IEntityTypeConfiguration<LeakyLedger>
{
    public void Configure(EntityTypeBuilder<LeakyLedger> builder) => builder.HasKey(ledger => ledger.Id);
}
