using System.Text.RegularExpressions;
using Sesame.Core.Json;

namespace Sesame.Tests.Credentials;

/// <summary>
/// The hand-written check of a zoned ISO 8601 time accepts exactly what the regular expression it
/// replaced accepted (kept here as the specification), on listed cases and on random mutations of them.
/// </summary>
public sealed partial class TimestampShapeTests
{
    private static readonly string[] Cases =
    [
        "2024-01-15T13:00:00Z", "2024-01-15t13:00:00z", "2024-01-15 13:00:00UTC", "2024-01-15T13:00Z", "2024-01-15T13:00:00.611Z",
        "2024-01-15T13:00:00+00:00", "2024-01-15T13:00:00-0530", "2024-01-15T13:00:00+05", "2024-01-15T13:00:00", "2024-01-15T13:00:00.Z",
        "2024-01-15T13:00:00+5:00", "2024-1-15T13:00:00Z", "2024-01-15X13:00:00Z", "2024-01-15T13:00:00ZZ", "2024-01-15T13:00:00+00:0",
        "2024-01-15T13:00:00 UTC", "2024-01-15T13:00:00.123456789+01:00", "２０２４-01-15T13:00:00Z", "", "Z",
    ];

    public static TheoryData<string> Listed() => [.. Cases];

    [Theory]
    [MemberData(nameof(Listed))]
    public void Agrees_with_the_regular_expression(string text)
        => Assert.Equal(Specification().IsMatch(text), Timestamps.HasZonedShape(text));

    [Fact]
    public void Agrees_with_the_regular_expression_on_random_mutations()
    {
        var random = new Random(20261204);
        const string alphabet = "0123456789-:.+TtZzUC ";
        for (var n = 0; n < 20000; n++)
        {
            var text = Cases[random.Next(Cases.Length)].ToCharArray().ToList();
            for (var edits = random.Next(1, 4); edits > 0 && text.Count > 0; edits--)
            {
                var at = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0: text.RemoveAt(at); break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }

            var mutated = new string([.. text]);
            Assert.True(Specification().IsMatch(mutated) == Timestamps.HasZonedShape(mutated), mutated);
        }
    }

    // The replaced expression with \d read as ASCII digits, as RFC 3339 means them (.NET's \d also takes other scripts' digits).
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|UTC|[+-][0-9]{2}(:?[0-9]{2})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Specification();
}
