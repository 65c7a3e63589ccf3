using System.Text;
using QRCoder;

namespace Sesame.Cli.Interactive;

/// <summary>
/// A QR code as text: two module rows per line with the half-block characters, so a phone can scan
/// the device-code URL straight from the terminal. Dark modules are drawn as spaces on a light
/// block background, which scans on dark and light terminal themes alike.
/// </summary>
internal static class QrCodeText
{
    public static IReadOnlyList<string> Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var lines = new List<string>((size + 1) / 2);
        for (var row = 0; row < size; row += 2)
        {
            var line = new StringBuilder(size);
            for (var column = 0; column < size; column++)
            {
                var top = matrix[row][column];
                var bottom = row + 1 < size && matrix[row + 1][column];
                line.Append((top, bottom) switch
                {
                    (true, true) => ' ',
                    (true, false) => '▄',
                    (false, true) => '▀',
                    _ => '█',
                });
            }

            lines.Add(line.ToString());
        }

        return lines;
    }
}
