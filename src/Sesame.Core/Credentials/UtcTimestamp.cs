namespace Sesame.Core.Credentials;

/// <summary>
/// <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC, the form STS, the AWS CLI and <c>credential_process</c> use
/// for expiry times. Written digit by digit: <c>DateTime.ToString(format)</c> starts the culture
/// formatting machinery and compiles part of it at run time, a measurable share of a cached
/// <c>credential_process</c> answer (docs/benchmarks.md).
/// </summary>
public static class UtcTimestamp
{
    /// <summary>
    /// Formats <paramref name="time"/> (converted to UTC, fractions of a second dropped) as
    /// <c>yyyy-MM-ddTHH:mm:ssZ</c>, or with a space for <paramref name="separator"/> as .NET's
    /// <c>u</c> format writes it for people.
    /// </summary>
    public static string Format(DateTimeOffset time, char separator = 'T')
    {
        var utc = time.UtcDateTime;
        Span<char> text = stackalloc char[20];
        Digits(text[..4], utc.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), utc.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), utc.Day);
        text[10] = separator;
        Digits(text.Slice(11, 2), utc.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), utc.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), utc.Second);
        text[19] = 'Z';
        return new string(text);
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
