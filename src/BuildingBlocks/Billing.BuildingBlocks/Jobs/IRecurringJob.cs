namespace Billing.BuildingBlocks.Jobs;

/// <summary>
/// A job Hangfire runs on a schedule. <see cref="Id"/> is a constant (e.g. <c>invoicing.monthly-run</c>; dots, not colons, since configuration keys split on colons) so
/// re-registering on every start updates the job instead of adding another; the cron expression
/// comes from <c>Jobs:Recurring:{Id}:Cron</c> when configured, and is always read in UTC.
/// </summary>
public interface IRecurringJob
{
    string Id { get; }

    string DefaultCron { get; }

    Task ExecuteAsync(CancellationToken cancellationToken);
}
