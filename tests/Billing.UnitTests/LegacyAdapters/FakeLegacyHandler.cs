using System.Collections.Concurrent;

namespace Billing.UnitTests.LegacyAdapters;

/// <summary>Stands in for the network: answers every request with <c>respond</c> and remembers what was sent.</summary>
internal sealed class FakeLegacyHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private int _attempts;

    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    public int Attempts => _attempts;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        var attempt = Interlocked.Increment(ref _attempts);
        var response = respond(request, attempt);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
