using Sesame.Cli.Interactive;

namespace Sesame.Tests.Cli.Sso;

public sealed class QrCodeTextTests
{
    [Fact]
    public void A_device_url_becomes_a_square_of_half_blocks_two_module_rows_a_line()
    {
        var lines = QrCodeText.Render("https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH");

        // Version 4 at level L (33 modules) plus a 4-module quiet zone on each side: 41 × 41 modules.
        Assert.Equal(21, lines.Count);
        Assert.All(lines, l => Assert.Equal(41, l.Length));
        Assert.All(lines, l => Assert.Matches("^[ █▀▄]+$", l));

        // The quiet zone is light: the first line and the edges are full blocks.
        Assert.Equal(new string('█', 41), lines[0]);
        Assert.All(lines, l => Assert.Equal("████", l[..4]));
        Assert.Equal(lines, QrCodeText.Render("https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH"));
    }
}
