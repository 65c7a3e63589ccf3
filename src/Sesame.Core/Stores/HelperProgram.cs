using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Stores;

/// <summary>
/// Runs a store's helper program (<c>pass</c>, <c>secret-tool</c>) with the environment the
/// store was given: the listed variables are copied from <see cref="IEnvironment"/> and removed
/// when it lacks them, so a helper never reaches a keyring or GnuPG home the caller did not name;
/// Sesame's secrets and AWS credentials are removed (<see cref="HelperEnvironment"/>).
/// </summary>
internal sealed class HelperProgram
{
    private readonly IEnvironment _environment;
    private readonly IProcessRunner _runner;
    private readonly string[] _variables;

    public HelperProgram(string name, IEnvironment environment, IProcessRunner runner, params string[] variables)
    {
        Name = name;
        _environment = environment;
        _runner = runner;
        _variables = ["HOME", "PATH", "LANG", "LC_ALL", .. variables];
    }

    public string Name { get; }

    /// <summary>The program's full path on PATH, or <c>null</c>.</summary>
    public string? Locate() => Locate(_environment, Name);

    public static string? Locate(IEnvironment environment, string name)
    {
        var path = environment.GetVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public ProcessResult Run(IReadOnlyList<string> arguments, string? input = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var program = Locate() ?? throw new SecretStoreException(SecretStoreFailure.Unavailable, $"'{Name}' is not installed or not on PATH");
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in _variables)
        {
            variables[name] = _environment.GetVariable(name);
        }

        // Helpers convert arguments through the locale; without a UTF-8 one, glib refuses non-ASCII keys.
        variables["LC_ALL"] = "C.UTF-8";

        // Inherited or not, Sesame's secrets and AWS credentials are none of a store tool's business.
        foreach (var (name, value) in HelperEnvironment.Removals(includeAws: true))
        {
            variables[name] = value;
        }
        if (extra is not null)
        {
            foreach (var (name, value) in extra)
            {
                variables[name] = value;
            }
        }

        var spec = new ProcessSpec(program, arguments)
        {
            Environment = variables,
            StandardInput = input,
            CaptureStandardError = true,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
        ProcessResult result;
        try
        {
            result = _runner.RunAsync(spec).GetAwaiter().GetResult();
        }
        catch (SesameException e) when (e is not SecretStoreException)
        {
            throw new SecretStoreException(SecretStoreFailure.Unavailable, e.Message, e);
        }

        if (result.TimedOut)
        {
            throw new SecretStoreException(SecretStoreFailure.Failed, $"'{Name}' did not answer within {spec.Timeout!.Value.TotalSeconds:0} seconds");
        }

        return result;
    }

    /// <summary>The first line of a helper's error output, for one-line messages.</summary>
    public static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no error output";
        return line.Length > 200 ? line[..200] : line;
    }
}
