namespace Billing.BuildingBlocks.Jobs;

/// <summary>
/// The loop of an in-process poller (a <c>BackgroundService</c>): the work now, then once per interval, until the host
/// stops. A failed round is reported and the next tick tries again. Stopping ends the loop normally, wherever it waits:
/// a cancellation escaping the timer's wait leaves the service's task cancelled, which the host logs as a faulted
/// service when it stops before calling StopAsync (a refused start-up).
/// </summary>
public static class PeriodicWork
{
    public static async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> work, Action<Exception> failed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(failed);
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                try
                {
                    await work(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A failed round (a database blip) must not stop the poller: the next tick retries.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
