using System.Text;

namespace Sesame.Core.Config;

/// <summary>
/// UTF-8 decoding that is cheap for ASCII text. The files Sesame reads on every call are almost
/// always ASCII, which Latin-1 decodes exactly as UTF-8 does but without the UTF-8 transcoder's
/// first-use cost (about 1.5 ms: more than parsing a normal config file).
/// </summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8; with <paramref name="strict"/>, invalid bytes throw <see cref="DecoderFallbackException"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> content, bool strict)
        => Ascii.IsValid(content) ? Encoding.Latin1.GetString(content)
            : strict ? StrictUtf8.GetString(content)
            : Encoding.UTF8.GetString(content);
}
