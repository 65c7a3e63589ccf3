using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Sesame.Core.Saml.Adfs;

/// <summary>
/// An <c>application/x-www-form-urlencoded</c> body written straight from characters into one byte array,
/// so a password never becomes a string; the bytes (and the scratch buffer) are zeroed when the content is
/// disposed. <see cref="FormUrlEncodedContent"/> would build strings.
/// </summary>
internal sealed class SecretFormContent : HttpContent
{
    private byte[] _body;
    private readonly int _length;

    public SecretFormContent(IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<char>>> fields)
    {
        var maxLength = 0;
        foreach (var (name, value) in fields)
        {
            // Every character can become at most four UTF-8 bytes, each written as %XX.
            maxLength += (name.Length + value.Length) * 12 + 2;
        }

        _body = new byte[Math.Max(maxLength, 1)];
        var position = 0;
        var first = true;
        foreach (var (name, value) in fields)
        {
            if (!first)
            {
                _body[position++] = (byte)'&';
            }

            first = false;
            position += Encode(name.AsSpan(), _body.AsSpan(position));
            _body[position++] = (byte)'=';
            position += Encode(value.Span, _body.AsSpan(position));
        }

        _length = position;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
    }

    /// <summary>The encoded body (for tests of the encoding; never for logs).</summary>
    internal ReadOnlySpan<byte> Body => _body.Length == 0 ? [] : _body.AsSpan(0, _length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => stream.WriteAsync(_body, 0, _length);

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_body);
        _body = [];
        base.Dispose(disposing);
    }

    // The HTML form encoding: unreserved characters stay, space becomes '+', every other byte %XX.
    private static int Encode(ReadOnlySpan<char> text, Span<byte> output)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(1, Encoding.UTF8.GetMaxByteCount(text.Length)));
        try
        {
            var count = Encoding.UTF8.GetBytes(text, scratch);
            var p = 0;
            for (var i = 0; i < count; i++)
            {
                var b = scratch[i];
                if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'*')
                {
                    output[p++] = b;
                }
                else if (b == (byte)' ')
                {
                    output[p++] = (byte)'+';
                }
                else
                {
                    output[p++] = (byte)'%';
                    output[p++] = Hex(b >> 4);
                    output[p++] = Hex(b & 15);
                }
            }

            return p;
        }
        finally
        {
            Array.Clear(scratch);
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
