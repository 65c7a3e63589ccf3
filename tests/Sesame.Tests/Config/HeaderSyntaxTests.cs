using System.Text;
using Sesame.Core.Config;

namespace Sesame.Tests.Config;

/// <summary>The one-pass reading of the common header shape agrees with the full header rule wherever it answers.</summary>
public sealed class HeaderSyntaxTests
{
    [Theory]
    [InlineData("[profile dev]\n", true)]
    [InlineData("[profile dev]\r\n", true)]
    [InlineData("[profile dev]", true)]
    [InlineData("[default]\n", true)]
    [InlineData("[sso-session org]\n", true)]
    [InlineData("[profile\tdev]\n", true)]
    [InlineData("[profile  dev]\n", false)]
    [InlineData("[ profile dev ]\n", false)]
    [InlineData("[profile dev ]\n", false)]
    [InlineData("[profile dev] # note\n", false)]
    [InlineData("[profile dev]   \n", false)]
    [InlineData("[profile my dev]\n", false)]
    [InlineData("[profile a]b]\n", false)]
    [InlineData("[a[b]\n", false)]
    [InlineData("[]\n", false)]
    [InlineData("[profile dev]\rx\n", false)]
    [InlineData("[profile dev\n", false)]
    public void The_simple_shape_is_read_in_one_pass_and_everything_else_is_left_to_the_full_rule(string text, bool simple)
    {
        var bytes = Encoding.ASCII.GetBytes("x = 1\n" + text + (text.EndsWith('\n') ? "a = b\n" : string.Empty));
        const int position = 6;

        Assert.Equal(simple, HeaderSyntax.TrySimple(bytes, position, out var fast, out var end));
        if (simple)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', position);
            var lineEnd = newline < 0 ? bytes.Length : newline;
            var line = bytes.AsSpan(position, lineEnd - position).TrimEnd((byte)'\r');
            Assert.True(HeaderSyntax.TryParse(line, out var full));
            Assert.Equal(full with { BodyOffset = end - position }, fast);
            Assert.Equal(newline < 0 ? bytes.Length : newline + 1, end);
        }
    }
}
