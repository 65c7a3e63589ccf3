using System.Text;
using Sesame.Core.Platform;

namespace Sesame.Cli.Shell;

/// <summary>
/// The shell code that <c>sesame use</c> evaluates in the user's shell: the program cannot change
/// its parent's environment, so the <c>sesame</c> shell function runs <c>sesame shell use</c> and
/// evaluates what it prints (the pattern of direnv and granted's <c>assume</c>).
/// </summary>
internal static class UseCode
{
    /// <summary>
    /// The marker <c>sesame export</c> sets in a shell's formats (env, fish, powershell): the profile
    /// whose credentials it exported. Its presence says the variables in <see cref="Exported"/> came
    /// from Sesame and may be removed when another profile is chosen.
    /// </summary>
    public const string ExportedMarker = "SESAME_EXPORTED";

    /// <summary>Set by <c>sesame exec</c> in the command it runs (the nested-exec guard).</summary>
    public const string ExecMarker = "SESAME_PROFILE";

    /// <summary>
    /// Every variable <c>sesame export</c> may print (CredentialFormats.Variables): they would shadow
    /// <c>AWS_PROFILE</c> (environment credentials come first in every SDK's chain) or its region.
    /// </summary>
    public static readonly string[] Exported =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
        "AWS_REGION", "AWS_DEFAULT_REGION",
    ];

    /// <summary>The environment credentials that would shadow <c>AWS_PROFILE</c>.</summary>
    private static readonly string[] Shadowing = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

    /// <summary>Code that switches the shell to <paramref name="profile"/> (and signs in, with <paramref name="login"/>).</summary>
    public static string Switch(ShellKind shell, IEnvironment environment, string profile, bool login)
    {
        var code = new StringBuilder();
        AppendStale(code, shell, environment, []);
        code.Append(ShellSyntax.Set(shell, "AWS_PROFILE", profile)).Append('\n');
        if (login)
        {
            code.Append(ShellSyntax.Call(shell, "__sesame_login", profile)).Append('\n');
        }

        return code.ToString();
    }

    /// <summary>Code that leaves every profile: <c>AWS_PROFILE</c> (and the legacy <c>AWS_DEFAULT_PROFILE</c>) and what export set.</summary>
    public static string Off(ShellKind shell, IEnvironment environment)
    {
        var code = new StringBuilder();
        AppendStale(code, shell, environment, ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"]);
        return code.ToString();
    }

    /// <summary>
    /// A warning for credentials in the environment that Sesame did not put there: they win over
    /// <c>AWS_PROFILE</c>, so the switch would silently not take effect. <c>null</c> when there are none.
    /// </summary>
    public static string? ForeignCredentialsWarning(IEnvironment environment)
    {
        if (environment.GetNonBlank(ExportedMarker) is not null)
        {
            return null;
        }

        var set = Shadowing.Where(name => environment.GetNonBlank(name) is not null).ToList();
        return set.Count == 0
            ? null
            : $"sesame: warning: {string.Join(", ", set)} {(set.Count == 1 ? "is" : "are")} set in this shell, not by Sesame, and take{(set.Count == 1 ? "s" : string.Empty)} precedence over AWS_PROFILE; run 'unset {string.Join(' ', Shadowing)}' to use the profile";
    }

    // Removes what export put in this shell (when its marker is there) plus `always`, naming only variables that are set.
    private static void AppendStale(StringBuilder code, ShellKind shell, IEnvironment environment, IReadOnlyList<string> always)
    {
        var names = new List<string>();
        foreach (var name in always)
        {
            if (environment.GetVariable(name) is not null)
            {
                names.Add(name);
            }
        }

        if (environment.GetVariable(ExportedMarker) is not null)
        {
            foreach (var name in Exported)
            {
                if (environment.GetVariable(name) is not null)
                {
                    names.Add(name);
                }
            }

            names.Add(ExportedMarker);
        }

        if (names.Count > 0)
        {
            code.Append(ShellSyntax.Unset(shell, names)).Append('\n');
        }
    }
}
