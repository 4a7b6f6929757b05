using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Billing.IntegrationTests.Infrastructure;

/// <summary>
/// A legacy service that answers with scripted raw HTTP/1.1 bytes: the answers the stand-ins never give
/// (chunked, cut short, malformed, closed while kept alive) to see what the host makes of them. It
/// records every request head it receives and how many connections it accepted.
/// </summary>
public sealed class ScriptedLegacyService : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, ScriptedReply> _answer;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _connections;

    /// <param name="answer">The reply to a request, given its head (request line and fields).</param>
    public ScriptedLegacyService(Func<string, ScriptedReply> answer)
    {
        _answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public IReadOnlyCollection<string> Requests => _requests;

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var pending = new List<byte>();
            var buffer = new byte[8192];
            while (!_stop.IsCancellationRequested)
            {
                int end;
                while ((end = IndexOfHeadEnd(pending)) < 0)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    pending.AddRange(buffer.AsSpan(0, read));
                }

                var head = Encoding.ASCII.GetString([.. pending.GetRange(0, end)]);
                pending.RemoveRange(0, end + 4);
                _requests.Enqueue(head);
                var reply = _answer(head);
                foreach (var part in reply.Parts)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(part), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                    if (reply.PauseBetweenParts > TimeSpan.Zero)
                    {
                        await Task.Delay(reply.PauseBetweenParts, _stop.Token);
                    }
                }

                if (reply.Then == AfterReply.Close)
                {
                    return;
                }

                if (reply.Then == AfterReply.Stall)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }
}

/// <summary>What the scripted service sends (parts written separately, so they can arrive in separate reads) and does next.</summary>
public sealed record ScriptedReply(IReadOnlyList<string> Parts, AfterReply Then = AfterReply.KeepAlive, TimeSpan PauseBetweenParts = default)
{
    public static ScriptedReply Of(params string[] parts) => new(parts);
}

public enum AfterReply
{
    KeepAlive,
    Close,
    Stall,
}
