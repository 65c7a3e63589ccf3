using Sesame.Core.Config;
using Sesame.Core.Platform;

namespace Sesame.Core.Doctor;

/// <summary>
/// <c>credential_process = sesame …</c> is run by the AWS CLI and every SDK through a shell, with the
/// caller's <c>PATH</c>: when no <c>sesame</c> is found there, every AWS call with such a profile fails
/// (the SDKs' message names the command, not the cause). Checked against this process's <c>PATH</c>.
/// </summary>
internal static class PathCheck
{
    public static void Run(ProfileSet profiles, IEnvironment environment, List<DoctorFinding> findings)
    {
        var bare = new List<(string Profile, SourceLocation At)>();
        foreach (var profile in profiles.Profiles)
        {
            if (profile.Get(Keys.CredentialProcess) is not { } process || FirstWord(process.Value) is not { } program)
            {
                continue;
            }

            var name = program[(Math.Max(program.LastIndexOf('/'), program.LastIndexOf('\\')) + 1)..];
            if (name is not ("sesame" or "sesame.exe"))
            {
                continue;
            }

            if (program.Contains('/', StringComparison.Ordinal) || program.Contains('\\', StringComparison.Ordinal))
            {
                if (!IsExecutable(program))
                {
                    findings.Add(new(
                        DoctorSeverity.Error,
                        "sesame-not-found",
                        $"profile '{profile.Name}' runs {program} for its credentials, but there is no such program",
                        process.Location,
                        "correct the path in credential_process (or write just 'sesame' and keep it on PATH)"));
                }

                continue;
            }

            bare.Add((profile.Name, process.Location));
        }

        if (bare.Count == 0 || FindOnPath(environment, "sesame") is not null)
        {
            return;
        }

        var names = string.Join(", ", bare.Take(5).Select(b => b.Profile)) + (bare.Count > 5 ? $" and {bare.Count - 5} more" : string.Empty);
        var self = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "sesame" ? Path.GetDirectoryName(path) : null;
        findings.Add(new(
            DoctorSeverity.Error,
            "sesame-not-on-path",
            $"{bare.Count} profile(s) ({names}) have credential_process = sesame …, but no 'sesame' is on PATH: the AWS CLI and SDKs cannot run it",
            bare[0].At,
            self is null
                ? "add the folder that holds sesame to PATH in your shell's start-up file, or write its full path in credential_process"
                : $"export PATH=\"{self}:$PATH\"  # in your shell's start-up file (or write {Path.Combine(self, "sesame")} in credential_process)"));
    }

    /// <summary>The full path of <paramref name="program"/> on the environment's <c>PATH</c>, or <c>null</c>.</summary>
    public static string? FindOnPath(IEnvironment environment, string program)
    {
        var path = environment.GetVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (var folder in path.Split(environment.IsWindows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, environment.IsWindows ? program + ".exe" : program);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        var stat = Posix.Stat(path, followLinks: true);
        if (stat.Kind != FileKind.Regular)
        {
            return OperatingSystem.IsWindows() && File.Exists(path);
        }

        return OperatingSystem.IsWindows() || (stat.Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    private static string? FirstWord(string command)
    {
        var text = command.TrimStart();
        if (text.Length == 0)
        {
            return null;
        }

        if (text[0] is '"' or '\'')
        {
            var end = text.IndexOf(text[0], 1);
            return end < 0 ? text[1..] : text[1..end];
        }

        var space = text.IndexOfAny([' ', '\t']);
        return space < 0 ? text : text[..space];
    }
}
