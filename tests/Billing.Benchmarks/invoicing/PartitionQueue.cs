using System.Threading.Channels;
using Billing.Invoicing.Runs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

/// <summary>
/// Hangfire's queue as the benchmark's workers see it: each partition job the run queues is handed to the workers the
/// moment it is queued, as a Hangfire server polling its storage would (less the poll), so the benchmark rates
/// partitions while planning goes on exactly when the run lets Hangfire do so. Other jobs are dropped.
/// </summary>
internal sealed class PartitionQueue : IBackgroundJobClient
{
    private Channel<(Guid RunId, int Partition)> queued = Channel.CreateUnbounded<(Guid, int)>();
    private long opened;

    /// <summary>How long after <see cref="Open"/> the run queued its first partition: until then only the planner works.</summary>
    public TimeSpan? FirstQueuedAfter { get; private set; }

    /// <summary>A new queue for the next run; the previous one must be drained.</summary>
    public ChannelReader<(Guid RunId, int Partition)> Open()
    {
        queued = Channel.CreateUnbounded<(Guid, int)>();
        opened = System.Diagnostics.Stopwatch.GetTimestamp();
        FirstQueuedAfter = null;
        return queued.Reader;
    }

    /// <summary>Planning is over: once the jobs it queued are taken, the workers stop.</summary>
    public void Close() => queued.Writer.Complete();

    public string Create(Job job, IState state)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Method.Name == nameof(BillingRunJobs.RatePartitionAsync))
        {
            FirstQueuedAfter ??= System.Diagnostics.Stopwatch.GetElapsedTime(opened);
            queued.Writer.TryWrite(((Guid)job.Args[0], (int)job.Args[1]));
        }

        return Guid.NewGuid().ToString();
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
