namespace Billing.Host.Strangler;

/// <summary>
/// Writes through to the client while keeping a copy (up to 4 MiB) for the shadow comparison; the
/// client's stream is never delayed by the copy.
/// </summary>
internal sealed class TeeStream(Stream inner) : Stream
{
    private const int MaxCaptured = 4 * 1024 * 1024;
    private readonly MemoryStream _copy = new();

    public bool Overflowed { get; private set; }

    public byte[] Captured() => _copy.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _copy.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (Overflowed || _copy.Length + data.Length > MaxCaptured)
        {
            Overflowed = true;
            return;
        }

        _copy.Write(data);
    }
}
