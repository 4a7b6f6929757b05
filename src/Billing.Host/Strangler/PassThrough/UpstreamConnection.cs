using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Billing.Host.Strangler.PassThrough;

/// <summary>
/// One keep-alive HTTP/1.1 connection to a legacy service, used by one forwarded request at a time.
/// Its buffer holds what was received but not yet consumed (the rest of a response head, the start
/// of a body).
/// </summary>
internal sealed class UpstreamConnection : IDisposable
{
    private const int InitialBufferSize = 8 * 1024;

    // A response head larger than this is refused (SocketsHttpHandler's default limit is the same).
    public const int MaxHeadSize = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private long _deadline;
    private CancellationToken _clientAborted;
    private int _disposed;

    public UpstreamConnection(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public ResponseHead Head { get; } = new();

    public NameCache Names { get; } = new();

    /// <summary>Whether an earlier request used this connection (a failure before any answer may be a stale keep-alive).</summary>
    public bool Reused { get; set; }

    /// <summary>Whether the current answer's body has started to go into the response (a failure after that cannot be a 502).</summary>
    public bool BodyRelayed { get; set; }

    /// <summary>When it went back to the pool (<see cref="Environment.TickCount64"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>Set by the sweeper when the legacy service stayed silent past the timeout.</summary>
    public bool TimedOut { get; private set; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public int Start { get; set; }

    public int End { get; set; }

    public Span<byte> Buffered => _buffer.AsSpan(Start, End - Start);

    /// <summary>Reads more into the buffer, making room first (moving unread bytes to the front, then growing up to <see cref="MaxHeadSize"/>).</summary>
    /// <returns>Bytes read; 0 when the service closed the connection or the buffer is at its limit.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> FillAsync()
    {
        if (Start == End)
        {
            Start = End = 0;
        }
        else if (End == _buffer.Length)
        {
            var unread = End - Start;
            if (Start == 0)
            {
                if (_buffer.Length >= MaxHeadSize)
                {
                    return 0;
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxHeadSize));
                _buffer.AsSpan(0, unread).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            else
            {
                _buffer.AsSpan(Start, unread).CopyTo(_buffer);
            }

            Start = 0;
            End = unread;
        }

        var read = await Socket.ReceiveAsync(_buffer.AsMemory(End), SocketFlags.None);
        End += read;
        return read;
    }

    /// <summary>Starts the watch of one request: the sweeper aborts the connection past the deadline or when the client goes.</summary>
    public void Watch(long deadline, CancellationToken clientAborted)
    {
        _clientAborted = clientAborted;
        Volatile.Write(ref _deadline, deadline);
    }

    /// <summary>Moves the deadline on after progress, a read or a flush (the timeout bounds a stall, not a long streamed answer).</summary>
    public void Extend(long deadline) => Volatile.Write(ref _deadline, deadline);

    public void Unwatch()
    {
        Volatile.Write(ref _deadline, 0);
        _clientAborted = default;
    }

    /// <summary>Called by the sweeper: aborts a request whose service is silent past its deadline or whose client went away.</summary>
    public void AbortIfOverdue(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline == 0)
        {
            return;
        }

        if (now >= deadline)
        {
            TimedOut = true;
            Dispose();
        }
        else if (_clientAborted.IsCancellationRequested)
        {
            Dispose();
        }
    }

    /// <summary>Closes the socket; pending reads and writes fail at once. The buffer stays (a read may still be landing in it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Socket.Dispose();
        }
    }

    /// <summary>Closes the connection for good and gives its buffer back; only by its user, with nothing pending.</summary>
    public void Discard()
    {
        Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
