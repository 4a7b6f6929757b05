using Billing.BuildingBlocks.Persistence;
using Billing.Invoicing.Domain;
using Microsoft.EntityFrameworkCore;

namespace Billing.Invoicing.Persistence;

internal sealed class InvoicingDbContext(DbContextOptions<InvoicingDbContext> options) : ModuleDbContext(options)
{
    public override string Schema => InvoicingModule.ModuleName;

    public DbSet<Credit> Credits => Set<Credit>();

    public DbSet<PromoCode> PromoCodes => Set<PromoCode>();

    public DbSet<DynoSizeRate> DynoSizeRates => Set<DynoSizeRate>();

    public DbSet<PlanRate> PlanRates => Set<PlanRate>();

    public DbSet<PlanMeterRate> PlanMeterRates => Set<PlanMeterRate>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();

    public DbSet<CreditNote> CreditNotes => Set<CreditNote>();

    public DbSet<InvoiceReissue> InvoiceReissues => Set<InvoiceReissue>();

    public DbSet<BillingEntity> BillingEntities => Set<BillingEntity>();

    public DbSet<BilledApp> BilledApps => Set<BilledApp>();

    public DbSet<BillingRun> BillingRuns => Set<BillingRun>();

    public DbSet<ReconciliationDifference> ReconciliationDifferences => Set<ReconciliationDifference>();

    public DbSet<SupportAdjustment> SupportAdjustments => Set<SupportAdjustment>();

    public DbSet<PendingUsageCorrection> PendingUsageCorrections => Set<PendingUsageCorrection>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<BillingRunItem> BillingRunItems => Set<BillingRunItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Credit>(credit =>
        {
            credit.HasKey(c => c.Id);
            credit.HasIndex(c => c.AccountId);
            credit.Property(c => c.Title).HasMaxLength(100);
            credit.Property(c => c.Reason).HasMaxLength(1000);
            credit.Property(c => c.GrantedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<PromoCode>(code =>
        {
            code.HasKey(c => c.Id);
            code.Property(c => c.Id).ValueGeneratedNever();
            code.HasIndex(c => new { c.Code1, c.Code2 }).IsUnique();
            code.Property(c => c.Code1).HasMaxLength(64);
            code.Property(c => c.Code2).HasMaxLength(64);
            code.Property(c => c.Title).HasMaxLength(100);
            code.Property(c => c.Reason).HasMaxLength(1000);
            code.Property(c => c.CreatedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<DynoSizeRate>(rate =>
        {
            rate.HasKey(r => r.Id);
            rate.Property(r => r.Id).ValueGeneratedNever();
            rate.HasIndex(r => new { r.DynoSizeId, r.EffectiveFrom });
            rate.Property(r => r.Name).HasMaxLength(32);
            rate.Property(r => r.PreciseDynoUnits).HasPrecision(9, 2);
        });
        modelBuilder.Entity<PlanRate>(rate =>
        {
            rate.HasKey(r => r.Id);
            rate.Property(r => r.Id).ValueGeneratedNever();
            rate.HasIndex(r => new { r.PlanId, r.EffectiveFrom });
            rate.Property(r => r.Name).HasMaxLength(200);
            rate.Property(r => r.Unit).HasMaxLength(16);
        });
        modelBuilder.Entity<PlanMeterRate>(rate =>
        {
            rate.HasKey(r => r.Id);
            rate.Property(r => r.Id).ValueGeneratedNever();
            rate.HasIndex(r => new { r.PlanId, r.EffectiveFrom });
        });
        modelBuilder.Entity<Invoice>(invoice =>
        {
            invoice.HasKey(i => i.Id);
            invoice.Property(i => i.Id).ValueGeneratedNever();
            // One non-void invoice per billing entity and period, whatever runs, retries, re-issues or hosts race; a void
            // one steps aside for its re-issue (ADR 0036). Runs never re-issue: for them a void invoice still counts as issued.
            invoice.HasIndex(i => new { i.OwnerKind, i.OwnerId, i.PeriodStart }).IsUnique().HasFilter("status <> 3");
            // An owner's invoices whatever their status (a run's already-issued check counts void ones, an owner's list
            // shows them): the partial key cannot serve those, and without this index they scanned every invoice (ADR 0058).
            invoice.HasIndex(i => new { i.OwnerId, i.PeriodStart }).HasDatabaseName("ix_invoices_owner_id_period_start_any_status");
            invoice.HasIndex(i => i.Number).IsUnique();
            invoice.Property(i => i.DynoUnits).HasPrecision(18, 2);
            invoice.Property(i => i.WeightedDynoHours).HasPrecision(18, 2);
            invoice.Ignore(i => i.Owner);
            invoice.Ignore(i => i.Period);
            invoice.Ignore(i => i.HerokuState);
            invoice.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId);
            invoice.Navigation(i => i.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<CreditNote>(note =>
        {
            note.HasKey(n => n.Id);
            note.Property(n => n.Id).ValueGeneratedNever();
            note.HasIndex(n => n.Number).IsUnique();
            // One credit note per invoice: a second void of the same invoice cannot commit.
            note.HasIndex(n => n.InvoiceId).IsUnique();
            note.HasIndex(n => new { n.OwnerKind, n.OwnerId });
            note.Property(n => n.Reason).HasMaxLength(1000);
            note.Property(n => n.CreatedBy).HasMaxLength(100);
            note.Ignore(n => n.Owner);
        });
        modelBuilder.Entity<InvoiceReissue>(reissue =>
        {
            reissue.HasKey(r => r.VoidedInvoiceId);
            reissue.HasIndex(r => r.InvoiceId).IsUnique();
            reissue.Property(r => r.Reason).HasMaxLength(1000);
            reissue.Property(r => r.RequestedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<InvoiceLine>(line =>
        {
            line.HasKey(l => new { l.InvoiceId, l.Position });
            line.Property(l => l.Description).HasMaxLength(300);
            line.Property(l => l.QuantityMonths).HasPrecision(18, 7);
        });
        modelBuilder.Entity<BillingEntity>(entity =>
        {
            entity.HasKey(e => new { e.OwnerKind, e.OwnerId });
            entity.Property(e => e.TeamName).HasMaxLength(100);
            entity.HasIndex(e => e.TeamName);
            entity.Ignore(e => e.Owner);
            entity.ComplexProperty(e => e.Address, address =>
            {
                address.Property(a => a.Address1).HasMaxLength(255);
                address.Property(a => a.Address2).HasMaxLength(255);
                address.Property(a => a.City).HasMaxLength(255);
                address.Property(a => a.Country).HasMaxLength(255);
                address.Property(a => a.HerokuId).HasMaxLength(255);
                address.Property(a => a.Other).HasMaxLength(255);
                address.Property(a => a.PostalCode).HasMaxLength(255);
                address.Property(a => a.State).HasMaxLength(255);
            });
        });
        modelBuilder.Entity<BilledApp>(app =>
        {
            app.HasKey(a => a.Id);
            app.Property(a => a.Id).ValueGeneratedNever();
            app.Property(a => a.Name).HasMaxLength(100);
            app.HasIndex(a => new { a.OwnerKind, a.OwnerId });
        });
        modelBuilder.Entity<SupportAdjustment>(adjustment =>
        {
            adjustment.HasKey(a => a.Id);
            adjustment.Property(a => a.Id).ValueGeneratedNever();
            adjustment.HasIndex(a => new { a.OwnerKind, a.OwnerId, a.AppliedToInvoiceId });
            adjustment.HasIndex(a => a.CarriedFromInvoiceId);
            adjustment.Property(a => a.Description).HasMaxLength(200);
            adjustment.Property(a => a.Reason).HasMaxLength(1000);
            adjustment.Property(a => a.CreatedBy).HasMaxLength(100);
            adjustment.Ignore(a => a.Owner);
        });
        modelBuilder.Entity<PendingUsageCorrection>(correction =>
        {
            correction.HasKey(c => c.Id);
            correction.Property(c => c.Id).ValueGeneratedNever();
            correction.HasIndex(c => new { c.OwnerKind, c.OwnerId, c.PeriodStart, c.SettledOnInvoiceId });
            correction.Ignore(c => c.Period);
            correction.Ignore(c => c.Owner);
        });
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.HasIndex(e => new { e.Subject, e.At });
            entry.Property(e => e.Actor).HasMaxLength(100);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Subject).HasMaxLength(100);
            entry.Property(e => e.Reason).HasMaxLength(1000);
        });
        modelBuilder.Entity<ReconciliationDifference>(difference =>
        {
            difference.HasKey(d => d.Id);
            difference.Property(d => d.Id).ValueGeneratedNever();
            difference.HasIndex(d => new { d.PeriodStart, d.OwnerKind, d.OwnerId });
            difference.Property(d => d.Reason).HasMaxLength(64);
            difference.Property(d => d.Subject).HasMaxLength(300);
        });
        modelBuilder.Entity<BillingRun>(run =>
        {
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).ValueGeneratedNever();
            run.Property(r => r.RequestedBy).HasMaxLength(100);
            run.HasIndex(r => new { r.PeriodStart, r.DryRun });
        });
        modelBuilder.Entity<BillingRunItem>(item =>
        {
            item.HasKey(i => new { i.RunId, i.OwnerKind, i.OwnerId });
            item.HasIndex(i => new { i.RunId, i.Partition, i.Status });
            item.Property(i => i.LastError).HasMaxLength(2000);
            item.Ignore(i => i.Owner);
            item.Ignore(i => i.Retryable);
        });
    }
}

internal sealed class InvoicingDesignTimeFactory : ModuleDesignTimeFactory<InvoicingDbContext>
{
    protected override string Schema => InvoicingModule.ModuleName;
}
