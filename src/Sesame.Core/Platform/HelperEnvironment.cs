namespace Sesame.Core.Platform;

/// <summary>
/// The environment Sesame gives the programs it starts, without Sesame's own secrets. Two kinds:
/// <list type="bullet">
/// <item><see cref="ForConfiguredHelper"/>: <c>credential_process</c> and <c>mfa_process</c> — commands
/// the user configured, which get what the AWS CLI would give them (everything, including AWS
/// variables a helper may legitimately use) minus <see cref="SesameSecrets"/>;</item>
/// <item><see cref="ForTool"/>: the browser, <c>pass</c>/GnuPG, <c>secret-tool</c> — tools that need no
/// AWS credentials either, so <see cref="AwsSecrets"/> are removed too.</item>
/// </list>
/// </summary>
public static class HelperEnvironment
{
    /// <summary>Variables that hold Sesame's own secrets (the file store's passphrase).</summary>
    public static readonly IReadOnlyList<string> SesameSecrets = ["SESAME_FILE_PASSPHRASE"];

    /// <summary>Variables that hold AWS credentials or bearer tokens.</summary>
    public static readonly IReadOnlyList<string> AwsSecrets =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK",
    ];

    /// <summary>
    /// True for a variable that must never reach a helper: one of <see cref="SesameSecrets"/>, or any
    /// <c>SESAME_</c> variable whose name says it holds a secret (<c>_PASSPHRASE</c>, <c>_PASSWORD</c>,
    /// <c>_SECRET</c>, <c>_TOKEN</c>), so a secret added later is covered by its name.
    /// </summary>
    public static bool IsSesameSecret(string name)
    {
        foreach (var secret in SesameSecrets)
        {
            if (string.Equals(name, secret, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return name.StartsWith("SESAME_", StringComparison.Ordinal)
            && (name.EndsWith("_PASSPHRASE", StringComparison.Ordinal) || name.EndsWith("_PASSWORD", StringComparison.Ordinal)
                || name.EndsWith("_SECRET", StringComparison.Ordinal) || name.EndsWith("_TOKEN", StringComparison.Ordinal));
    }

    /// <summary>The whole environment for <c>credential_process</c> / <c>mfa_process</c>, minus Sesame's secrets.</summary>
    public static Dictionary<string, string> ForConfiguredHelper(IEnvironment environment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment.GetAll())
        {
            if (!IsSesameSecret(name))
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>The whole environment for a tool (browser, <c>pass</c>, <c>secret-tool</c>), minus Sesame's secrets and AWS credentials.</summary>
    public static Dictionary<string, string> ForTool(IEnvironment environment)
    {
        var result = ForConfiguredHelper(environment);
        foreach (var name in AwsSecrets)
        {
            result.Remove(name);
        }

        return result;
    }

    /// <summary>
    /// Overrides that remove every secret variable the current process has from a child that
    /// inherits it (<see cref="ProcessSpec.Environment"/> semantics: a <c>null</c> value removes).
    /// </summary>
    /// <param name="includeAws">Also remove <see cref="AwsSecrets"/>.</param>
    public static Dictionary<string, string?> Removals(bool includeAws)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in SesameSecrets)
        {
            result[name] = null;
        }

        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && IsSesameSecret(name))
            {
                result[name] = null;
            }
        }

        if (includeAws)
        {
            foreach (var name in AwsSecrets)
            {
                result[name] = null;
            }
        }

        return result;
    }
}
