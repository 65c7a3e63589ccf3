using System.Text;

namespace Sesame.Cli.Shell;

/// <summary>The shells <c>sesame shell init</c> supports (direnv is a bash library, handled apart).</summary>
internal enum ShellKind
{
    Bash,
    Zsh,
    Fish,
    Pwsh,
}

/// <summary>Writes statements in a shell's syntax, quoting every value so that any text survives <c>eval</c> unchanged.</summary>
internal static class ShellSyntax
{
    /// <summary>The names <c>shell init</c> accepts, in the order help lists them.</summary>
    public static readonly string[] InitNames = ["bash", "zsh", "fish", "pwsh", "direnv"];

    public static bool TryParse(string text, out ShellKind shell)
    {
        (var known, shell) = text switch
        {
            "bash" => (true, ShellKind.Bash),
            "zsh" => (true, ShellKind.Zsh),
            "fish" => (true, ShellKind.Fish),
            "pwsh" or "powershell" => (true, ShellKind.Pwsh),
            _ => (false, ShellKind.Bash),
        };
        return known;
    }

    /// <summary>A statement that exports <paramref name="name"/> = <paramref name="value"/>.</summary>
    public static string Set(ShellKind shell, string name, string value) => shell switch
    {
        ShellKind.Fish => $"set -gx {name} {QuoteFish(value)}",
        ShellKind.Pwsh => $"$Env:{name} = {QuotePwsh(value)}",
        _ => $"export {name}={QuotePosix(value)}",
    };

    /// <summary>A statement that removes <paramref name="names"/> from the environment (no error when one is unset).</summary>
    public static string Unset(ShellKind shell, IReadOnlyList<string> names)
    {
        var builder = new StringBuilder();
        switch (shell)
        {
            case ShellKind.Fish:
                // Erases every name it can; a name that is not set only makes the status non-zero.
                builder.Append("set -e");
                foreach (var name in names)
                {
                    builder.Append(' ').Append(name);
                }

                break;
            case ShellKind.Pwsh:
                for (var i = 0; i < names.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : "; ").Append("Remove-Item Env:").Append(names[i]).Append(" -ErrorAction SilentlyContinue");
                }

                break;
            default:
                builder.Append("unset");
                foreach (var name in names)
                {
                    builder.Append(' ').Append(name);
                }

                break;
        }

        return builder.ToString();
    }

    /// <summary>A call of a shell function with one quoted argument.</summary>
    public static string Call(ShellKind shell, string function, string argument) => shell switch
    {
        ShellKind.Fish => $"{function} {QuoteFish(argument)}",
        ShellKind.Pwsh => $"{function} {QuotePwsh(argument)}",
        _ => $"{function} {QuotePosix(argument)}",
    };

    public static string QuotePosix(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string QuoteFish(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static string QuotePwsh(string value)
    {
        // PowerShell also ends a single-quoted string at the typographic quotes U+2018..U+201B.
        var builder = new StringBuilder("'");
        foreach (var c in value)
        {
            builder.Append(c);
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                builder.Append(c);
            }
        }

        return builder.Append('\'').ToString();
    }
}
