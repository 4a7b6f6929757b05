using System.Buffers;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Billing.Host.Strangler.PassThrough;

/// <summary>Writes a bodiless request's HTTP/1.1 head as the client sent it: its method, target and header fields.</summary>
internal static class RequestHead
{
    /// <summary>The request has something the pass-through does not write (a repeated field, a non-ASCII value).</summary>
    public const int NotRepresentable = -1;

    /// <param name="authority">The service's host and port, for a client that sent no Host (HTTP/1.0).</param>
    /// <returns>The bytes written; 0 when <paramref name="into"/> is too small; <see cref="NotRepresentable"/>.</returns>
    public static int Write(HttpRequest request, string basePath, string authority, Span<byte> into)
    {
        // The target exactly as the client sent it, rather than re-encoded from the decoded path.
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            target = UriHelper.BuildRelative(request.PathBase, request.Path, request.QueryString);
        }

        var writer = new HeadWriter(into);
        writer.Ascii(request.Method);
        writer.Bytes(" "u8);
        writer.Ascii(basePath);
        writer.Ascii(target);
        writer.Bytes(" HTTP/1.1\r\n"u8);
        if (StringValues.IsNullOrEmpty(request.Headers.Host))
        {
            writer.Bytes("Host: "u8);
            writer.Ascii(authority);
            writer.Bytes("\r\n"u8);
        }

        foreach (var (name, values) in request.Headers)
        {
            // HTTP/2 pseudo-header fields (":authority") are not fields of an HTTP/1.1 head.
            if (PassThroughHeaders.IsHopByHop(name) || name.StartsWith(':'))
            {
                continue;
            }

            if (values.Count != 1)
            {
                return NotRepresentable;
            }

            writer.Ascii(name);
            writer.Bytes(": "u8);
            writer.Ascii(values[0]);
            writer.Bytes("\r\n"u8);
        }

        writer.Bytes("\r\n"u8);
        return writer.Result;
    }

    private ref struct HeadWriter(Span<byte> into)
    {
        private readonly Span<byte> _into = into;
        private int _written;
        private bool _tooSmall;
        private bool _notAscii;

        public readonly int Result => _notAscii ? NotRepresentable : _tooSmall ? 0 : _written;

        public void Ascii(string? text)
        {
            if (_tooSmall || _notAscii || string.IsNullOrEmpty(text))
            {
                return;
            }

            switch (System.Text.Ascii.FromUtf16(text, _into[_written..], out var written))
            {
                case OperationStatus.Done:
                    _written += written;
                    break;
                case OperationStatus.DestinationTooSmall:
                    _tooSmall = true;
                    break;
                default:
                    _notAscii = true;
                    break;
            }
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            if (_tooSmall || _notAscii)
            {
                return;
            }

            if (!bytes.TryCopyTo(_into[_written..]))
            {
                _tooSmall = true;
                return;
            }

            _written += bytes.Length;
        }
    }
}
