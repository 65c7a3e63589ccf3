using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using Sesame.Core.ShellIntegration;

namespace Sesame.Cli.Shell;

/// <summary>One completion: the word to insert and a short description (may be empty).</summary>
internal sealed record Candidate(string Value, string Description);

/// <summary>
/// TAB completion over the real command tree (<c>sesame shell complete -- WORDS…</c>): subcommands,
/// options and option values come from System.CommandLine (the tree, <see cref="ParseResult"/> and
/// each symbol's <c>GetCompletions</c>); the names in the user's files are added as completion
/// sources to every argument or option that takes them, recognised by name so the commands need not
/// know about completion: an argument named <c>profile</c> (or <c>profile_or_…</c>) and an option
/// <c>--profile</c> take profile names, <c>--sso-session</c> takes <c>[sso-session]</c> names, and
/// a <c>--format</c> option without completions of its own takes the export formats.
/// </summary>
/// <remarks>
/// System.CommandLine offers every positional argument's values wherever the cursor is; which
/// argument the cursor is on is worked out here from how many tokens each one has taken, so
/// <c>sesame exec prod &lt;TAB&gt;</c> does not offer profiles again. After <c>--</c> nothing is
/// offered: the shell completes the command line that follows.
/// </remarks>
internal static class ShellCompleter
{
    /// <summary>The formats of <c>sesame export --format</c> (CredentialFormats.TryParse accepts each; a test checks).</summary>
    public static readonly string[] ExportFormats = ["env", "fish", "powershell", "dotenv", "json", "ini", "process"];

    private const int MaxDescription = 72;

    /// <summary>Completions for the last of <paramref name="words"/> (the words after <c>sesame</c>; the last may be empty).</summary>
    public static IReadOnlyList<Candidate> Complete(RootCommand root, IReadOnlyList<string> words, Func<ProfileCatalog?> catalog)
    {
        var current = words.Count == 0 ? string.Empty : words[^1];
        var preceding = JoinEquals(words.Take(Math.Max(0, words.Count - 1)).ToList());
        if (preceding.Contains("--") || (preceding.Length > 0 && preceding[^1] == "=") || current == "=")
        {
            // After "--" the shell completes the command that follows. A lone "=" is bash splitting
            // --opt=value at the cursor: bash would replace only the part after it, so nothing fits.
            return [];
        }

        AddNameSources(root, new Lazy<ProfileCatalog?>(catalog));
        var parse = root.Parse(preceding);
        var command = parse.CommandResult;
        var context = root.Parse([.. preceding, current]).GetCompletionContext();

        if (current.StartsWith("--", StringComparison.Ordinal) && current.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
        {
            var prefix = current[..(equals + 1)];
            return FindOption(command, current[..equals]) is { } withValue && TakesValue(withValue)
                ? Values(withValue.GetCompletions(context), current[(equals + 1)..]).Select(c => c with { Value = prefix + c.Value }).ToList()
                : [];
        }

        if (preceding.Length > 0 && FindOption(command, preceding[^1]) is { } option && TakesValue(option))
        {
            return Values(option.GetCompletions(context), current);
        }

        if (current.StartsWith('-'))
        {
            return Options(command, current);
        }

        var found = new List<Candidate>();
        if (!HasArgumentTokens(command))
        {
            foreach (var subcommand in command.Command.Subcommands)
            {
                if (!subcommand.Hidden && subcommand.Name.StartsWith(current, StringComparison.Ordinal))
                {
                    found.Add(new Candidate(subcommand.Name, FirstLine(subcommand.Description)));
                }
            }
        }

        if (NextArgument(command) is { } argument)
        {
            found.AddRange(Values(argument.GetCompletions(context), current));
        }

        return found;
    }

    // bash splits "--format=json" into "--format", "=", "json" (COMP_WORDBREAKS); put them back together.
    private static string[] JoinEquals(List<string> words)
    {
        var joined = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "=" && i + 1 < words.Count && joined.Count > 0 && joined[^1].StartsWith("--", StringComparison.Ordinal))
            {
                joined[^1] += "=" + words[++i];
            }
            else
            {
                joined.Add(words[i]);
            }
        }

        return [.. joined];
    }

    /// <summary>Which names an argument or option takes, from its name alone.</summary>
    public static NameKind Classify(string name)
    {
        var bare = name.TrimStart('-');
        return bare switch
        {
            "profile" => NameKind.Profile,
            "sso-session" or "sso_session" => NameKind.SsoSession,
            "format" => NameKind.Format,
            _ when bare.StartsWith("profile_or_", StringComparison.Ordinal) => NameKind.Profile,
            _ => NameKind.None,
        };
    }

    // Adds the name sources to the whole tree (the root is built for this one run).
    private static void AddNameSources(Command command, Lazy<ProfileCatalog?> catalog)
    {
        foreach (var argument in command.Arguments)
        {
            if (Source(Classify(argument.Name), catalog) is { } source)
            {
                argument.CompletionSources.Add(source);
            }
        }

        foreach (var option in command.Options)
        {
            var kind = Classify(option.Name);
            if (kind == NameKind.Format && option.GetCompletions(CompletionContext.Empty).Any())
            {
                continue;
            }

            if (Source(kind, catalog) is { } source)
            {
                option.CompletionSources.Add(source);
            }
        }

        foreach (var subcommand in command.Subcommands)
        {
            AddNameSources(subcommand, catalog);
        }
    }

    private static Func<CompletionContext, IEnumerable<CompletionItem>>? Source(NameKind kind, Lazy<ProfileCatalog?> catalog) => kind switch
    {
        NameKind.Profile => _ => (catalog.Value?.Profiles ?? []).Select(name => new CompletionItem(name, detail: "profile")),
        NameKind.SsoSession => _ => (catalog.Value?.SsoSessions ?? []).Select(name => new CompletionItem(name, detail: "sso-session")),
        NameKind.Format => _ => ExportFormats.Select(name => new CompletionItem(name)),
        _ => null,
    };

    private static List<Candidate> Values(IEnumerable<CompletionItem> items, string word)
    {
        var found = new List<Candidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Label.StartsWith(word, StringComparison.Ordinal) && seen.Add(item.Label))
            {
                found.Add(new Candidate(item.Label, item.Detail ?? string.Empty));
            }
        }

        return found;
    }

    // The long options of the command and the recursive ones of its parents, minus those already given once.
    private static List<Candidate> Options(CommandResult command, string word)
    {
        var found = new List<Candidate>();
        var given = new HashSet<Option>();
        foreach (var child in command.Children)
        {
            if (child is OptionResult { Implicit: false } result && result.Option.Arity.MaximumNumberOfValues <= 1)
            {
                given.Add(result.Option);
            }
        }

        for (var at = command; at is not null; at = at.Parent as CommandResult)
        {
            foreach (var option in at.Command.Options)
            {
                if (option.Hidden || given.Contains(option) || (at != command && !option.Recursive))
                {
                    continue;
                }

                foreach (var name in option.Aliases.Prepend(option.Name))
                {
                    if (name.StartsWith("--", StringComparison.Ordinal) && name.StartsWith(word, StringComparison.Ordinal))
                    {
                        found.Add(new Candidate(name, FirstLine(option.Description)));
                    }
                }
            }
        }

        return found;
    }

    private static Option? FindOption(CommandResult command, string token)
    {
        for (var at = command; at is not null; at = at.Parent as CommandResult)
        {
            foreach (var option in at.Command.Options)
            {
                if ((at == command || option.Recursive) && (option.Name == token || option.Aliases.Contains(token)))
                {
                    return option;
                }
            }
        }

        return null;
    }

    // A flag (bool) takes no value on the command line, although its arity allows one.
    private static bool TakesValue(Option option) => option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);

    private static bool HasArgumentTokens(CommandResult command)
        => command.Children.OfType<ArgumentResult>().Any(result => result.Tokens.Count > 0);

    // The first visible positional argument that can still take a token.
    private static Argument? NextArgument(CommandResult command)
    {
        foreach (var argument in command.Command.Arguments)
        {
            if (argument.Hidden)
            {
                continue;
            }

            var taken = command.Children.OfType<ArgumentResult>().FirstOrDefault(r => r.Argument == argument)?.Tokens.Count ?? 0;
            if (taken < argument.Arity.MaximumNumberOfValues)
            {
                return argument;
            }
        }

        return null;
    }

    // The first sentence of the first paragraph, on one line and short enough for a completion menu.
    private static string FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var paragraph = text.ReplaceLineEndings("\n");
        var blank = paragraph.IndexOf("\n\n", StringComparison.Ordinal);
        var line = string.Join(' ', (blank < 0 ? paragraph : paragraph[..blank]).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var sentence = line.IndexOf(". ", StringComparison.Ordinal);
        if (sentence > 0)
        {
            line = line[..sentence];
        }

        line = line.TrimEnd('.', ':');
        if (line.Length <= MaxDescription)
        {
            return line;
        }

        var cut = line.LastIndexOf(' ', MaxDescription - 1);
        return line[..(cut > MaxDescription / 2 ? cut : MaxDescription - 1)].TrimEnd(' ', ',', ':') + "…";
    }
}

/// <summary>The kinds of names completion fills in from the user's files.</summary>
internal enum NameKind
{
    None,
    Profile,
    SsoSession,
    Format,
}
