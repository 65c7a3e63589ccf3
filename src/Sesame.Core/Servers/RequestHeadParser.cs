using System.Text;

namespace Sesame.Core.Servers;

/// <summary>The parsed request line and header fields, or why they were refused.</summary>
internal readonly record struct RequestHead(
    string Method,
    string Target,
    List<KeyValuePair<string, string>> Headers,
    long ContentLength,
    int ErrorStatus,
    string? Error)
{
    public bool IsValid => Error is null;

    public static RequestHead Refused(int status, string error) => new(string.Empty, string.Empty, [], 0, status, error);
}

/// <summary>
/// A strict HTTP/1.1 request-head parser (RFC 9112 §3, §5, §6). Strict on purpose: these servers hand
/// out credentials, so anything a proxy or a smuggling attempt could read two ways is refused rather than
/// guessed — bare LF line endings, whitespace before a field's colon, obsolete line folding, control
/// characters, several <c>Content-Length</c> fields that disagree, any <c>Transfer-Encoding</c>, and
/// request targets that are not in origin form (<c>/path?query</c>).
/// </summary>
internal static class RequestHeadParser
{
    /// <summary>Parses <paramref name="head"/>: the bytes before the blank line that ends the head (without it).</summary>
    public static RequestHead Parse(ReadOnlySpan<byte> head, long maxBodyBytes)
    {
        // Latin-1 keeps one char per byte, so obs-text in values survives and offsets stay simple.
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        foreach (var line in lines)
        {
            if (line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal))
            {
                return RequestHead.Refused(400, "bare CR or LF in the request head");
            }
        }

        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || !IsToken(requestLine[0]))
        {
            return RequestHead.Refused(400, "malformed request line");
        }

        var (method, target, version) = (requestLine[0], requestLine[1], requestLine[2]);
        if (version is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return RequestHead.Refused(version.StartsWith("HTTP/", StringComparison.Ordinal) ? 505 : 400, "unsupported HTTP version");
        }

        // Origin form only: an absolute URL would mean someone uses this as a proxy.
        if (!target.StartsWith('/') || !IsTargetText(target))
        {
            return RequestHead.Refused(400, "the request target must be a path");
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        long contentLength = 0;
        var sawLength = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                return RequestHead.Refused(400, "obsolete line folding in a header field");
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IsToken(line.AsSpan(0, colon)))
            {
                return RequestHead.Refused(400, "malformed header field");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (!IsFieldValue(value))
            {
                return RequestHead.Refused(400, "control character in a header field");
            }

            if (string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                return RequestHead.Refused(501, "request bodies with Transfer-Encoding are not supported");
            }

            if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                    || (sawLength && length != contentLength))
                {
                    return RequestHead.Refused(400, "invalid Content-Length");
                }

                contentLength = length;
                sawLength = true;
            }

            headers.Add(new(name, value));
        }

        if (contentLength > maxBodyBytes)
        {
            return RequestHead.Refused(413, "the request body is too large");
        }

        return new RequestHead(method, target, headers, contentLength, 0, null);
    }

    // RFC 9110 §5.6.2 tchar.
    private static bool IsToken(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static bool IsTargetText(string target)
    {
        foreach (var c in target)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    // Visible characters, space, tab and obs-text; no other control characters (NUL, DEL, …).
    private static bool IsFieldValue(string value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
