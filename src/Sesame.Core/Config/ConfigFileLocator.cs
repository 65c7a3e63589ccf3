using System.Text;
using Sesame.Core.Platform;

namespace Sesame.Core.Config;

/// <summary>
/// Where the shared files live, by the AWS rules (cross-SDK file-location suite):
/// <c>AWS_CONFIG_FILE</c> / <c>AWS_SHARED_CREDENTIALS_FILE</c> override the defaults
/// <c>~/.aws/config</c> and <c>~/.aws/credentials</c>; the home folder is HOME first on every
/// platform, then on Windows USERPROFILE, then HOMEDRIVE+HOMEPATH, then the runtime's own answer.
/// Paths from variables get <c>$VAR</c> and <c>~</c> expansion as in botocore.
/// </summary>
public sealed class ConfigFileLocator
{
    private readonly IEnvironment _environment;

    /// <summary>Creates a locator over an environment.</summary>
    public ConfigFileLocator(IEnvironment environment) => _environment = environment;

    /// <summary>The path of the config file.</summary>
    public string ConfigFilePath => FromVariableOrHome("AWS_CONFIG_FILE", "config");

    /// <summary>The path of the credentials file.</summary>
    public string CredentialsFilePath => FromVariableOrHome("AWS_SHARED_CREDENTIALS_FILE", "credentials");

    /// <summary>What named <see cref="ConfigFilePath"/>, for messages: the variable, or "the AWS config file".</summary>
    public string ConfigFileSetting => _environment.GetNonBlank("AWS_CONFIG_FILE") is null ? "the AWS config file" : "AWS_CONFIG_FILE";

    /// <summary>What named <see cref="CredentialsFilePath"/>, for messages.</summary>
    public string CredentialsFileSetting => _environment.GetNonBlank("AWS_SHARED_CREDENTIALS_FILE") is null ? "the AWS credentials file" : "AWS_SHARED_CREDENTIALS_FILE";

    /// <summary>
    /// The profile selected by the environment: <c>AWS_PROFILE</c>, then <c>AWS_DEFAULT_PROFILE</c>
    /// (the AWS CLI v2 order), else <c>default</c>.
    /// </summary>
    public string SelectedProfile => SelectedProfileOrNull ?? "default";

    /// <summary>The profile named by the environment, or <c>null</c> when none is.</summary>
    public string? SelectedProfileOrNull => _environment.GetNonBlank("AWS_PROFILE") ?? _environment.GetNonBlank("AWS_DEFAULT_PROFILE");

    /// <summary>The home folder, or <c>null</c> when nothing names one.</summary>
    public string? HomeDirectory
    {
        get
        {
            var home = _environment.GetNonBlank("HOME");
            if (home is not null)
            {
                return home;
            }

            if (_environment.IsWindows)
            {
                var profile = _environment.GetNonBlank("USERPROFILE");
                if (profile is not null)
                {
                    return profile;
                }

                var drive = _environment.GetVariable("HOMEDRIVE");
                var path = _environment.GetVariable("HOMEPATH");
                if (!string.IsNullOrEmpty(drive) && !string.IsNullOrEmpty(path))
                {
                    return drive + path;
                }
            }

            return _environment.RuntimeHomeDirectory;
        }
    }

    /// <summary>The platform's path separator.</summary>
    public char Separator => _environment.IsWindows ? '\\' : '/';

    /// <summary>Joins <c>~/.aws/</c> with a file or folder name using the platform separator.</summary>
    public string InAwsFolder(params string[] parts)
    {
        var builder = new StringBuilder(HomeDirectory ?? ".");
        builder.Append(Separator).Append(".aws");
        foreach (var part in parts)
        {
            builder.Append(Separator).Append(part);
        }

        return builder.ToString();
    }

    /// <summary>Expands <c>$VAR</c>, <c>${VAR}</c> and a leading <c>~</c> in a path.</summary>
    public string ExpandPath(string path)
    {
        var expanded = ExpandVariables(path);
        if (expanded == "~")
        {
            return HomeDirectory ?? expanded;
        }

        if (expanded.Length >= 2 && expanded[0] == '~' && (expanded[1] == '/' || (_environment.IsWindows && expanded[1] == '\\')))
        {
            var home = HomeDirectory;
            return home is null ? expanded : home + Separator + expanded[2..];
        }

        return expanded;
    }

    private string FromVariableOrHome(string variable, string fileName)
    {
        var value = _environment.GetNonBlank(variable);
        return value is not null ? ExpandPath(value) : InAwsFolder(fileName);
    }

    // Python's os.path.expandvars: $NAME and ${NAME}; unknown variables stay as written.
    private string ExpandVariables(string path)
    {
        if (!path.Contains('$', StringComparison.Ordinal))
        {
            return path;
        }

        var builder = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] != '$')
            {
                builder.Append(path[i]);
                continue;
            }

            var braced = i + 1 < path.Length && path[i + 1] == '{';
            var start = braced ? i + 2 : i + 1;
            var end = start;
            while (end < path.Length && (char.IsAsciiLetterOrDigit(path[end]) || path[end] == '_'))
            {
                end++;
            }

            var closed = !braced || (end < path.Length && path[end] == '}');
            var value = end > start && closed ? _environment.GetVariable(path[start..end]) : null;
            if (value is null)
            {
                builder.Append(path[i]);
                continue;
            }

            builder.Append(value);
            i = braced ? end : end - 1;
        }

        return builder.ToString();
    }
}
