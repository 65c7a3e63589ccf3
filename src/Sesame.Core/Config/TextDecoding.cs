using System.Text;

namespace Sesame.Core.Config;

/// <summary>
/// UTF-8 decoding that is cheap for ASCII text. The files Sesame reads on every call are almost
/// always ASCII, which Latin-1 decodes exactly as UTF-8 does but without the UTF-8 transcoder's
/// first-use cost (about 1.5 ms: more than parsing a normal config file).
/// </summary>
public static class TextDecoding
{
    /// <summary>Decodes UTF-8; with <paramref name="strict"/>, invalid bytes throw <see cref="DecoderFallbackException"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> content, bool strict)
        => Ascii.IsValid(content) ? Encoding.Latin1.GetString(content)
            : strict ? Strict.Utf8.GetString(content)
            : Encoding.UTF8.GetString(content);

    /// <summary>Decodes valid UTF-8, or returns <c>null</c> when <paramref name="content"/> is not valid UTF-8.</summary>
    public static string? DecodeOrNull(ReadOnlySpan<byte> content)
        => Ascii.IsValid(content) ? Encoding.Latin1.GetString(content)
            : System.Text.Unicode.Utf8.IsValid(content) ? Encoding.UTF8.GetString(content)
            : null;

    // A holder, so the strict encoder (another assembly) is created only for non-ASCII text.
    private static class Strict
    {
        // Typed Encoding, not UTF8Encoding, so code that only mentions this field does not load
        // the assembly that UTF8Encoding is referenced through.
        public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    }
}
