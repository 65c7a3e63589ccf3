using System.Globalization;
using Sesame.Core.Credentials;

namespace Sesame.Tests.Credentials;

public sealed class UtcTimestampTests
{
    [Theory]
    [InlineData("2026-11-21T21:05:09Z", "2026-11-21T21:05:09Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z")]
    [InlineData("2026-03-01T01:30:00+02:00", "2026-02-28T23:30:00Z")]
    [InlineData("2024-02-29T12:00:00.999-05:00", "2024-02-29T17:00:00Z")]
    public void Formats_in_utc_with_a_z_and_whole_seconds(string input, string expected)
        => Assert.Equal(expected, UtcTimestamp.Format(DateTimeOffset.Parse(input, CultureInfo.InvariantCulture)));

    [Fact]
    public void Matches_the_culture_formatter_it_replaces_over_many_times()
    {
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var time = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero);
            Assert.Equal(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), UtcTimestamp.Format(time));
        }
    }

    [Fact]
    public void With_a_space_it_reads_as_the_u_format_does()
    {
        var time = new DateTimeOffset(2026, 11, 21, 23, 5, 9, TimeSpan.FromHours(1));
        Assert.Equal(time.ToString("u", CultureInfo.InvariantCulture), UtcTimestamp.Format(time, ' '));
        Assert.Equal("2026-11-21 22:05:09Z", UtcTimestamp.Format(time, ' '));
    }
}
