using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Errors;

namespace Sesame.Core.Sso.Populate;

/// <summary>
/// Turns an account and role into a profile name with a template such as
/// <c>{account_name}-{role_name}</c>. Placeholders: <c>{account_name}</c>, <c>{account_id}</c>,
/// <c>{role_name}</c>, <c>{email}</c>, <c>{session}</c>. The result is sanitised to a name every
/// SDK accepts (<c>[A-Za-z0-9_\-/.%@:+]</c>; anything else becomes <c>-</c>, runs collapse, ends are
/// trimmed), because the SDKs silently ignore a profile with any other character.
/// </summary>
public sealed class ProfileNameTemplate
{
    /// <summary>The default template.</summary>
    public const string Default = "{account_name}-{role_name}";

    private static readonly string[] Placeholders = ["account_name", "account_id", "role_name", "email", "session"];
    private readonly string _template;

    /// <summary>Checks the template: it must name at least a role and an account, and only known placeholders.</summary>
    public ProfileNameTemplate(string template)
    {
        foreach (var (start, length) in PlaceholdersIn(template))
        {
            if (!Placeholders.Contains(template.Substring(start + 1, length - 2)))
            {
                throw new SesameException($"--name-template: unknown placeholder {template.Substring(start, length)}; use {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}", ExitCodes.ConfigError);
            }
        }

        if (!template.Contains("{role_name}", StringComparison.Ordinal) || !(template.Contains("{account_name}", StringComparison.Ordinal) || template.Contains("{account_id}", StringComparison.Ordinal)))
        {
            throw new SesameException("--name-template must contain {role_name} and {account_name} or {account_id}, so every profile gets its own name", ExitCodes.ConfigError);
        }

        _template = template;
    }

    /// <summary>The sanitised name for an account and role.</summary>
    public string Render(SsoAccountInfo account, string roleName, string session)
    {
        var text = new StringBuilder(_template.Length + 32);
        var done = 0;
        foreach (var (start, length) in PlaceholdersIn(_template))
        {
            text.Append(_template, done, start - done).Append(_template.Substring(start + 1, length - 2) switch
            {
                "account_name" => account.AccountName,
                "account_id" => account.AccountId,
                "role_name" => roleName,
                "email" => account.EmailAddress ?? string.Empty,
                _ => session,
            });
            done = start + length;
        }

        return Sanitize(text.Append(_template, done, _template.Length - done).ToString(), account.AccountId);
    }

    /// <summary>Replaces characters profile names cannot have with <c>-</c>, collapses runs, trims the ends.</summary>
    public static string Sanitize(string name, string fallback)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or '.' or '%' or '@' or ':' or '+';
            var next = valid ? c : '-';
            var previous = builder.Length > 0 ? builder[^1] : '\0';
            if (next == '-' && (previous == '-' || IsSeparator(previous)))
            {
                continue;
            }

            if (IsSeparator(next) && previous == '-')
            {
                // "Data Lake (EU).ReadOnly" reads better as Data-Lake-EU.ReadOnly than Data-Lake-EU-.ReadOnly.
                builder.Length--;
            }

            builder.Append(next);
        }

        var result = builder.ToString().Trim('-');
        return result.Length == 0 ? fallback : result;
    }

    private static bool IsSeparator(char c) => c is '_' or '/' or '.' or '%' or '@' or ':' or '+';

    // Every "{name}" with a name of a-z and '_' (what the regular expression \{([a-z_]+)\} matches), left to right.
    private static IEnumerable<(int Start, int Length)> PlaceholdersIn(string template)
    {
        for (var open = template.IndexOf('{', StringComparison.Ordinal); open >= 0; open = template.IndexOf('{', open + 1))
        {
            var end = open + 1;
            while (end < template.Length && template[end] is (>= 'a' and <= 'z') or '_')
            {
                end++;
            }

            if (end > open + 1 && end < template.Length && template[end] == '}')
            {
                yield return (open, end - open + 1);
                open = end;
            }
        }
    }
}
