using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Billing.Host.Strangler.PassThrough;

internal enum PassThroughOutcome
{
    /// <summary>Not a request this path forwards: the general forwarder takes it.</summary>
    NotHandled,
    Forwarded,
    Unavailable,
    TimedOut,
    ClientGone,
}

/// <summary>
/// Forwards a bodiless read (GET, HEAD) to a legacy service over its own keep-alive HTTP/1.1
/// connections: the client's head written once, the service's head parsed once into the response,
/// the body streamed from the socket into the response (ADR 0060). Everything else — writes, request
/// bodies, repeated fields — goes through YARP.
/// </summary>
internal sealed class PassThroughForwarder : IDisposable
{
    private const int MaxRequestHead = 64 * 1024;
    private const int BodyChunk = 16 * 1024;

    private static readonly Task<PassThroughOutcome> NotHandled = Task.FromResult(PassThroughOutcome.NotHandled);

    private readonly UpstreamConnectionPool _pool;
    private readonly string _basePath;
    private readonly string _authority;

    public PassThroughForwarder(Uri baseUrl, LegacyServiceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(options);
        _pool = new UpstreamConnectionPool(baseUrl, options, time);
        _basePath = baseUrl.AbsolutePath.TrimEnd('/');
        _authority = baseUrl.Authority;
    }

    /// <summary>A read without a body that asks for no protocol switch (a WebSocket upgrade stays with YARP).</summary>
    public static bool CanForward(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !CanHaveBody(request)
        && !request.Headers.ContainsKey("Upgrade");

    // Kestrel knows (an HTTP/2 request's body has no length field); a server without the feature is asked the fields.
    private static bool CanHaveBody(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"));

    public Task<PassThroughOutcome> ForwardAsync(HttpContext context)
    {
        // Not async itself: the head is written before anything is awaited, and one state machine fewer suspends per request.
        var head = ArrayPool<byte>.Shared.Rent(4096);
        int length;
        while ((length = RequestHead.Write(context.Request, _basePath, _authority, head)) == 0 && head.Length < MaxRequestHead)
        {
            var larger = ArrayPool<byte>.Shared.Rent(head.Length * 4);
            ArrayPool<byte>.Shared.Return(head);
            head = larger;
        }

        if (length <= 0)
        {
            ArrayPool<byte>.Shared.Return(head);
            return NotHandled;
        }

        return ExchangeAsync(context, head, length);
    }

    /// <summary>Sends the head and relays the answer; gives <paramref name="head"/> back to the pool at the end.</summary>
    private async Task<PassThroughOutcome> ExchangeAsync(HttpContext context, byte[] head, int length)
    {
        try
        {
            var request = head.AsMemory(0, length);
            var aborted = context.RequestAborted;
            var (connection, failure) = await OpenAsync(fresh: false, aborted);
            while (connection is not null)
            {
                connection.Start = connection.End = 0;
                connection.BodyRelayed = false;
                _pool.Watch(connection, aborted);
                try
                {
                    await connection.Socket.SendAsync(request, SocketFlags.None);
                    var headLength = await ReadHeadAsync(connection);
                    if (headLength < 0)
                    {
                        throw new IOException("The legacy service closed the connection without answering.");
                    }

                    var reusable = await RelayAsync(context, connection, headLength);
                    connection.Unwatch();
                    if (reusable)
                    {
                        _pool.Return(connection);
                    }
                    else
                    {
                        _pool.Discard(connection);
                    }

                    return PassThroughOutcome.Forwarded;
                }
                catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or InvalidDataException or OperationCanceledException)
                {
                    connection.Unwatch();
                    var timedOut = connection.TimedOut;
                    var stale = connection.Reused && connection.End == 0 && !timedOut && e is not InvalidDataException;
                    _pool.Discard(connection);
                    if (aborted.IsCancellationRequested)
                    {
                        return PassThroughOutcome.ClientGone;
                    }

                    if (context.Response.HasStarted || connection.BodyRelayed)
                    {
                        // Part of the answer is out, or written where an error body would follow it: the client
                        // must see a broken response, not a short one.
                        context.Abort();
                        return PassThroughOutcome.Forwarded;
                    }

                    if (!stale)
                    {
                        return timedOut ? PassThroughOutcome.TimedOut : PassThroughOutcome.Unavailable;
                    }
                }

                // A kept-alive connection the service had closed meanwhile; nothing was answered, so a read is sent again, once, on a new one.
                (connection, failure) = await OpenAsync(fresh: true, aborted);
            }

            return failure;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private async ValueTask<(UpstreamConnection? Connection, PassThroughOutcome Failure)> OpenAsync(bool fresh, CancellationToken aborted)
    {
        try
        {
            return (fresh ? await _pool.ConnectAsync(aborted) : await _pool.RentAsync(aborted), default);
        }
        catch (OperationCanceledException)
        {
            return (null, aborted.IsCancellationRequested ? PassThroughOutcome.ClientGone : PassThroughOutcome.TimedOut);
        }
        catch (SocketException)
        {
            return (null, PassThroughOutcome.Unavailable);
        }
    }

    /// <returns>The head's length; -1 when the service closed the connection before sending anything.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReadHeadAsync(UpstreamConnection connection)
    {
        while (true)
        {
            int length;
            while ((length = connection.Head.Parse(connection.Buffered, connection.Names)) == 0)
            {
                if (await connection.FillAsync() == 0)
                {
                    return connection.End == 0 ? -1 : throw new InvalidDataException("The response head is incomplete or too large.");
                }
            }

            var status = connection.Head.Status;
            if (status >= 200)
            {
                return length;
            }

            if (status == 101)
            {
                throw new InvalidDataException("The service switched protocols without being asked to.");
            }

            // An interim answer (100 Continue, 103 Early Hints): the final one follows.
            connection.Start += length;
        }
    }

    /// <returns>Whether the connection can carry another request.</returns>
    private async ValueTask<bool> RelayAsync(HttpContext context, UpstreamConnection connection, int headLength)
    {
        var head = connection.Head;
        connection.Start += headLength;
        var response = context.Response;
        response.StatusCode = head.Status;
        if (head.ReasonPhrase is not null)
        {
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = head.ReasonPhrase;
        }

        var bodylessStatus = head.Status is 204 or 205 or 304;
        var headers = response.Headers;
        foreach (var (name, value) in head.Fields)
        {
            if (bodylessStatus && value == "0" && name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            headers[name] = headers.TryGetValue(name, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }

        var writer = response.BodyWriter;
        if (bodylessStatus || HttpMethods.IsHead(context.Request.Method))
        {
            return !head.Close && connection.Start == connection.End;
        }

        var reusable = !head.Close;
        if (head.Chunked)
        {
            await CopyChunkedAsync(connection, writer);
        }
        else if (head.ContentLength >= 0)
        {
            await CopyAsync(connection, writer, head.ContentLength);
        }
        else
        {
            await CopyToEndAsync(connection, writer);
            reusable = false;
        }

        // Also when the body is a stream of the caller's (a shadow comparison's tee), whose writer holds bytes until flushed.
        await FlushAsync(writer);
        return reusable && connection.Start == connection.End;
    }

    /// <summary>Copies exactly <paramref name="count"/> body bytes: first what is buffered, then straight from the socket into the response.</summary>
    private async ValueTask CopyAsync(UpstreamConnection connection, PipeWriter writer, long count)
    {
        var buffered = connection.Buffered;
        var take = (int)Math.Min(buffered.Length, count);
        if (take > 0)
        {
            connection.BodyRelayed = true;
            writer.Write(buffered[..take]);
            connection.Start += take;
            count -= take;
        }

        while (count > 0)
        {
            await FlushAsync(connection, writer);
            var memory = writer.GetMemory(BodyChunk);
            if (memory.Length > count)
            {
                memory = memory[..(int)count];
            }

            var read = await connection.Socket.ReceiveAsync(memory, SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("The legacy service closed the connection before the end of the body.");
            }

            writer.Advance(read);
            count -= read;
            _pool.Progressed(connection);
        }
    }

    private async ValueTask CopyChunkedAsync(UpstreamConnection connection, PipeWriter writer)
    {
        while (true)
        {
            var line = await ReadLineAsync(connection, writer);
            var size = ChunkSize(connection.Buffered[..line]);
            connection.Start += line + 2;
            if (size == 0)
            {
                // Trailer fields (not passed on: HTTP/1.1 responses here carry none), then the empty line.
                while ((line = await ReadLineAsync(connection, writer)) > 0)
                {
                    connection.Start += line + 2;
                }

                connection.Start += 2;
                return;
            }

            await CopyAsync(connection, writer, size);
            if (await ReadLineAsync(connection, writer) != 0)
            {
                throw new InvalidDataException("A chunk is longer than its size.");
            }

            connection.Start += 2;
        }
    }

    private async ValueTask CopyToEndAsync(UpstreamConnection connection, PipeWriter writer)
    {
        connection.BodyRelayed = true;
        writer.Write(connection.Buffered);
        connection.Start = connection.End;
        while (true)
        {
            await FlushAsync(connection, writer);
            var memory = writer.GetMemory(BodyChunk);
            var read = await connection.Socket.ReceiveAsync(memory, SocketFlags.None);
            if (read == 0)
            {
                return;
            }

            writer.Advance(read);
            _pool.Progressed(connection);
        }
    }

    /// <returns>The length of the next line in the buffer, without its CRLF.</returns>
    private async ValueTask<int> ReadLineAsync(UpstreamConnection connection, PipeWriter writer)
    {
        int end;
        while ((end = connection.Buffered.IndexOf("\r\n"u8)) < 0)
        {
            // The client gets what has come so far before this waits for the service.
            await FlushAsync(connection, writer);
            if (await connection.FillAsync() == 0)
            {
                throw new IOException("The legacy service closed the connection inside a chunked body.");
            }

            _pool.Progressed(connection);
        }

        return end;
    }

    private static long ChunkSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        var digits = (extension < 0 ? line : line[..extension]).TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15 || !Utf8Parser.TryParse(digits, out long size, out var consumed, 'x') || consumed != digits.Length)
        {
            throw new InvalidDataException("A chunk size is not a hexadecimal number.");
        }

        return size;
    }

    /// <summary>Flushes, then moves the deadline on: a client slow to take the body is not the service falling silent.</summary>
    private async ValueTask FlushAsync(UpstreamConnection connection, PipeWriter writer)
    {
        await FlushAsync(writer);
        _pool.Progressed(connection);
    }

    private static async ValueTask FlushAsync(PipeWriter writer)
    {
        var result = await writer.FlushAsync();
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new OperationCanceledException("The client went away.");
        }
    }

    public void Dispose() => _pool.Dispose();
}
