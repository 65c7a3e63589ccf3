using System.Text;
using System.Text.RegularExpressions;
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
public sealed partial class ProfileNameTemplate
{
    /// <summary>The default template.</summary>
    public const string Default = "{account_name}-{role_name}";

    private static readonly string[] Placeholders = ["account_name", "account_id", "role_name", "email", "session"];
    private readonly string _template;

    /// <summary>Checks the template: it must name at least a role and an account, and only known placeholders.</summary>
    public ProfileNameTemplate(string template)
    {
        foreach (Match match in Placeholder().Matches(template))
        {
            if (!Placeholders.Contains(match.Groups[1].Value))
            {
                throw new SesameException($"--name-template: unknown placeholder {match.Value}; use {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}", ExitCodes.ConfigError);
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
        var text = Placeholder().Replace(_template, m => m.Groups[1].Value switch
        {
            "account_name" => account.AccountName,
            "account_id" => account.AccountId,
            "role_name" => roleName,
            "email" => account.EmailAddress ?? string.Empty,
            _ => session,
        });
        return Sanitize(text, account.AccountId);
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

    [GeneratedRegex(@"\{([a-z_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
