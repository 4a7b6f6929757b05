using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Billing.Host.Strangler.PassThrough;

/// <summary>
/// Keep-alive connections to one legacy service, and the sweeper that enforces every request's
/// timeout. A request costs the sweeper two field writes instead of a timer of its own: a quarter
/// second's precision on a timeout of seconds.
/// </summary>
internal sealed class UpstreamConnectionPool : IDisposable
{
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    // Idle connections per event loop first (a bag prefers the taking thread's own items), no allocation per return.
    private readonly ConcurrentBag<UpstreamConnection> _idle = [];
    private readonly ConcurrentDictionary<UpstreamConnection, byte> _open = new();
    private readonly EndPoint _endPoint;
    private readonly TimeSpan _connectTimeout;
    private readonly long _timeoutTicks;
    private readonly long _idleTimeoutTicks;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;

    public UpstreamConnectionPool(Uri baseUrl, LegacyServiceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(options);
        _endPoint = IPAddress.TryParse(baseUrl.IdnHost, out var address)
            ? new IPEndPoint(address, baseUrl.Port)
            : new DnsEndPoint(baseUrl.IdnHost, baseUrl.Port);
        _connectTimeout = options.ConnectTimeout;
        _time = time;
        _timeoutTicks = ToTicks(options.Timeout);
        _idleTimeoutTicks = ToTicks(options.PooledConnectionIdleTimeout);
        _sweeper = time.CreateTimer(static state => ((UpstreamConnectionPool)state!).Sweep(), this, SweepInterval, SweepInterval);
    }

    private long Now => _time.GetTimestamp();

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Starts the watch of one request: the sweeper closes its connection after the service's <c>Timeout</c> without progress, or when the client goes.</summary>
    public void Watch(UpstreamConnection connection, CancellationToken clientAborted) => connection.Watch(Now + _timeoutTicks, clientAborted);

    /// <summary>A read from the service or a flush to the client: the timeout counts from here (it bounds a stall, not a long streamed answer).</summary>
    public void Progressed(UpstreamConnection connection) => connection.Extend(Now + _timeoutTicks);

    /// <summary>A pooled connection (<see cref="UpstreamConnection.Reused"/>) or, when none is idle, a new one.</summary>
    public ValueTask<UpstreamConnection> RentAsync(CancellationToken aborted)
    {
        var now = Now;
        while (_idle.TryTake(out var connection))
        {
            if (connection.IsDisposed || now - connection.IdleSince > _idleTimeoutTicks)
            {
                Discard(connection);
                continue;
            }

            connection.Reused = true;
            return ValueTask.FromResult(connection);
        }

        return ConnectAsync(aborted);
    }

    /// <summary>A new connection, for a request that cannot use a pooled one (the retry after a stale keep-alive).</summary>
    public async ValueTask<UpstreamConnection> ConnectAsync(CancellationToken aborted)
    {
        var socket = _endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            timeout.CancelAfter(_connectTimeout);
            await socket.ConnectAsync(_endPoint, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new UpstreamConnection(socket);
        _open.TryAdd(connection, 0);
        return connection;
    }

    public void Return(UpstreamConnection connection)
    {
        connection.IdleSince = Now;
        _idle.Add(connection);
    }

    public void Discard(UpstreamConnection connection)
    {
        _open.TryRemove(connection, out _);
        connection.Discard();
    }

    private void Sweep()
    {
        var now = Now;
        foreach (var connection in _open.Keys)
        {
            connection.AbortIfOverdue(now);
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var connection in _open.Keys)
        {
            connection.Dispose();
        }
    }
}
