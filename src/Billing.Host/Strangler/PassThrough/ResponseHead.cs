using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Billing.Host.Strangler.PassThrough;

/// <summary>
/// The status line and header fields of a legacy service's HTTP/1.1 response (RFC 9112), and how its
/// body is framed. One instance per connection, reset for every response.
/// </summary>
internal sealed class ResponseHead
{
    // Field values may hold visible ASCII, spaces and tabs; anything else (controls, a bare LF, non-ASCII) is refused.
    private static readonly SearchValues<byte> NotFieldValue = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b != '\t').Select(b => (byte)b), .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)]);

    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    public int Status { get; private set; }

    /// <summary>The service's reason phrase when it is not the standard one for the status, else null.</summary>
    public string? ReasonPhrase { get; private set; }

    public List<KeyValuePair<string, string>> Fields { get; } = [];

    /// <summary>-1 when the response has no Content-Length.</summary>
    public long ContentLength { get; private set; }

    public bool Chunked { get; private set; }

    /// <summary>A Transfer-Encoding other than chunked: the body runs to the end of the connection.</summary>
    public bool DelimitedByClose { get; private set; }

    /// <summary>The service said <c>Connection: close</c> (or spoke HTTP/1.0): the connection is not reused.</summary>
    public bool Close { get; private set; }

    /// <summary>
    /// Parses a complete head at the start of <paramref name="data"/>.
    /// </summary>
    /// <returns>The head's length including its final empty line, or 0 when the head is not complete yet.</returns>
    /// <exception cref="InvalidDataException">The bytes are not an HTTP/1.1 response head.</exception>
    public int Parse(ReadOnlySpan<byte> data, NameCache names)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return 0;
        }

        Reset();
        var lines = data[..(end + 2)];
        var lineEnd = lines.IndexOf("\r\n"u8);
        ParseStatusLine(lines[..lineEnd]);
        lines = lines[(lineEnd + 2)..];
        while (!lines.IsEmpty)
        {
            lineEnd = lines.IndexOf("\r\n"u8);
            ParseField(lines[..lineEnd], names);
            lines = lines[(lineEnd + 2)..];
        }

        if (DelimitedByClose)
        {
            Close = true;
        }

        if (ContentLength >= 0 && (Chunked || DelimitedByClose))
        {
            // A length next to a transfer coding is ignored (RFC 9112 6.3) and not passed on; such a message
            // may be an attempt at response splitting, so the connection is not reused either.
            ContentLength = -1;
            Close = true;
            Fields.RemoveAll(f => f.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
        }

        return end + 4;
    }

    private void Reset()
    {
        Status = 0;
        ReasonPhrase = null;
        Fields.Clear();
        ContentLength = -1;
        Chunked = false;
        DelimitedByClose = false;
        Close = false;
    }

    private void ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP/1.1 200 OK
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != ' ' || (line.Length > 12 && line[12] != ' ')
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var consumed) || consumed != 3 || status < 100)
        {
            throw new InvalidDataException("The status line is not HTTP/1.x.");
        }

        Status = status;
        Close = line[7] == '0';
        if (line.Length > 13)
        {
            var reason = line[13..];
            if (reason.IndexOfAny(NotFieldValue) >= 0)
            {
                throw new InvalidDataException("The reason phrase has a character a field may not have.");
            }

            var standard = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
            if (!Ascii.Equals(reason, standard))
            {
                ReasonPhrase = Encoding.ASCII.GetString(reason);
            }
        }
    }

    private void ParseField(ReadOnlySpan<byte> line, NameCache names)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].IndexOfAnyExcept(TokenBytes) >= 0)
        {
            // Also a line folded onto the previous one (obsolete, RFC 9112 5.2): it starts with a space.
            throw new InvalidDataException("A header field line is malformed.");
        }

        var rawValue = line[(colon + 1)..].Trim(" \t"u8);
        if (rawValue.IndexOfAny(NotFieldValue) >= 0)
        {
            throw new InvalidDataException("A header field value has a character it may not have.");
        }

        var name = NameCache.Name(line[..colon], out var hopByHop);
        switch (name.Length)
        {
            case 10 when name.Equals("Connection", StringComparison.OrdinalIgnoreCase):
                Close |= HasToken(rawValue, "close"u8);
                return;
            case 14 when name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase):
                if (!Utf8Parser.TryParse(rawValue, out long length, out var consumed) || consumed != rawValue.Length || length < 0
                    || (ContentLength >= 0 && ContentLength != length))
                {
                    throw new InvalidDataException("The Content-Length is not one non-negative number.");
                }

                ContentLength = length;
                break;
            case 17 when name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase):
                // Chunked must be the last coding; any other ending means the body ends when the connection does.
                var lastComma = rawValue.LastIndexOf((byte)',');
                var last = lastComma < 0 ? rawValue : rawValue[(lastComma + 1)..].Trim(" \t"u8);
                Chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
                DelimitedByClose = !Chunked;
                return;
        }

        if (!hopByHop)
        {
            Fields.Add(new(name, names.Value(name, rawValue)));
        }
    }

    private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(list[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }
}
