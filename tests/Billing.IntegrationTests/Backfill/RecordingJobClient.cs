using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Billing.IntegrationTests.Backfill;

/// <summary>Records what would be enqueued, so a test of the start endpoint never runs a real backfill in the background.</summary>
internal sealed class RecordingJobClient : IBackgroundJobClient
{
    public ConcurrentQueue<Job> Created { get; } = new();

    public string Create(Job job, IState state)
    {
        Created.Enqueue(job);
        return Created.Count.ToString();
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
