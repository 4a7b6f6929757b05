namespace Billing.Benchmarks.UsageIngestion;

/// <summary>Samples a figure (the host's resident set) every 100 ms and keeps the highest value seen.</summary>
internal sealed class PeakSampler : IDisposable
{
    private readonly Func<long> _sample;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public PeakSampler(Func<long> sample)
    {
        _sample = sample;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Record();
                await Task.Delay(100).ConfigureAwait(false);
            }
        });
    }

    public long Stop()
    {
        _stop.Cancel();
        _loop.Wait();
        Record();
        return Interlocked.Read(ref _peak);
    }

    public void Dispose() => _stop.Dispose();

    private void Record()
    {
        var value = _sample();
        long current;
        while (value > (current = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, value, current) != current)
        {
        }
    }
}
