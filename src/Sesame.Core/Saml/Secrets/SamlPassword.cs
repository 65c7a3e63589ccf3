using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Sesame.Core.Saml.Secrets;

/// <summary>
/// A password held as characters that are zeroed on <see cref="Dispose"/>. It never becomes a string
/// inside Sesame's own code (sources that can only produce strings — a terminal line, a helper's
/// output — hand over a copy; .NET cannot wipe the string they got). <see cref="ToString"/> redacts.
/// </summary>
public sealed class SamlPassword : IDisposable
{
    private char[] _chars;
    private readonly int _length;

    /// <summary>Takes ownership of <paramref name="chars"/> (the first <paramref name="length"/> characters are the password).</summary>
    public SamlPassword(char[] chars, int length)
    {
        _chars = chars;
        _length = length;
    }

    /// <summary>A password copied from <paramref name="text"/>.</summary>
    public static SamlPassword FromString(string text) => new(text.ToCharArray(), text.Length);

    /// <summary>A password copied from <paramref name="text"/> without a trailing CR/LF.</summary>
    public static SamlPassword FromLine(ReadOnlySpan<char> text)
    {
        var line = text.TrimEnd("\r\n");
        var chars = new char[line.Length];
        line.CopyTo(chars);
        return new SamlPassword(chars, chars.Length);
    }

    /// <summary>True when the password is empty.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The characters, valid until disposed.</summary>
    public ReadOnlyMemory<char> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(_chars.Length == 0 && _length > 0, this);
            return _chars.AsMemory(0, _length);
        }
    }

    /// <summary>The password as UTF-8 bytes (the caller zeroes them), for the secret store.</summary>
    public byte[] ToUtf8() => System.Text.Encoding.UTF8.GetBytes(_chars, 0, _length);

    /// <summary>Zeroes the characters.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_chars.AsSpan()));
        _chars = [];
    }

    /// <inheritdoc />
    public override string ToString() => "SamlPassword { ** redacted ** }";
}
