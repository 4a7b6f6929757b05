using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Jobs;

namespace Billing.Invoicing.Reconciliation;

/// <summary>
/// Daily while Invoicing shadows legacy: reconcile the month that last closed (legacy issued its invoices on the 1st).
/// Disable with <c>Jobs:Recurring:invoicing.reconciliation:Enabled=false</c> after the cut-over.
/// </summary>
internal sealed class ReconciliationJob(LegacyReconciliation reconciliation, TimeProvider time) : IRecurringJob
{
    public const string JobId = "invoicing.reconciliation";

    public string Id => JobId;

    public string DefaultCron => "30 2 * * *";

    public Task ExecuteAsync(CancellationToken cancellationToken) =>
        reconciliation.RunAsync(BillingPeriod.MonthOf(BillingPeriod.MonthOf(time.GetUtcNow()).Start.AddTicks(-1)), cancellationToken);
}
