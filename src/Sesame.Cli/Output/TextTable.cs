using System.Text;

namespace Sesame.Cli.Output;

/// <summary>
/// A plain column-aligned table (like <c>kubectl get</c>): stable for scripts, grep and golden
/// files, with no terminal probing.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers) => _headers = headers;

    public void Add(params string?[] cells) => _rows.Add([.. cells.Select(c => string.IsNullOrEmpty(c) ? "-" : c)]);

    public void Write(TextWriter output)
    {
        var widths = new int[_headers.Length];
        for (var i = 0; i < _headers.Length; i++)
        {
            widths[i] = Math.Max(_headers[i].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length));
        }

        WriteRow(output, _headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i == cells.Length - 1)
            {
                line.Append(cells[i]);
            }
            else
            {
                line.Append(cells[i].PadRight(widths[i] + 2));
            }
        }

        output.Write(line.ToString().TrimEnd());
        output.Write('\n');
    }
}
