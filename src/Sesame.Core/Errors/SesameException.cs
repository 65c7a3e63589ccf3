namespace Sesame.Core.Errors;

/// <summary>
/// Base of every error Sesame expects and explains. The command-line edge prints
/// <see cref="Exception.Message"/> as one line (<c>sesame: error: …</c>) and exits with
/// <see cref="ExitCode"/>; any other exception is a bug.
/// </summary>
public class SesameException : Exception
{
    /// <summary>Creates an error with a message that says what went wrong and what to do next.</summary>
    public SesameException(string message, int exitCode = ExitCodes.InternalError, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code for this error (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }
}

/// <summary>A configuration problem that can be pinned to a file and line.</summary>
public class ConfigException : SesameException
{
    /// <summary>Creates a configuration error.</summary>
    public ConfigException(string message, string? file = null, int line = 0)
        : base(Format(message, file, line), ExitCodes.ConfigError)
    {
        File = file;
        Line = line;
        Reason = message;
    }

    /// <summary>The file the problem is in, when known.</summary>
    public string? File { get; }

    /// <summary>The 1-based line of the problem, or 0 when not known.</summary>
    public int Line { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    private static string Format(string message, string? file, int line)
        => file is null ? message : line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}";
}

/// <summary>A file that cannot be parsed (structure, encoding).</summary>
public sealed class ConfigParseException : ConfigException
{
    /// <summary>Creates a parse error at a file and line.</summary>
    public ConfigParseException(string message, string? file, int line)
        : base(message, file, line)
    {
    }
}

/// <summary>A named profile does not exist.</summary>
public sealed class ProfileNotFoundException : ConfigException
{
    /// <summary>Creates the error, with an optional close match to suggest.</summary>
    public ProfileNotFoundException(string profile, string? suggestion)
        : base(suggestion is null
            ? $"profile '{profile}' not found in the AWS config or credentials file; run 'sesame list' to see the profiles"
            : $"profile '{profile}' not found; did you mean '{suggestion}'?")
    {
        Profile = profile;
        Suggestion = suggestion;
    }

    /// <summary>The name that was asked for.</summary>
    public string Profile { get; }

    /// <summary>The closest existing name, if any is close.</summary>
    public string? Suggestion { get; }
}
