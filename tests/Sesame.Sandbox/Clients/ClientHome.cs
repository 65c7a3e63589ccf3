using System.Diagnostics;

namespace Sesame.Sandbox.Clients;

/// <summary>
/// A user's home for one scenario: its own HOME (so ~/.aws/sso/cache and ~/.aws/cli/cache start empty),
/// AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and the sandbox's endpoints. Runs client processes with
/// exactly that environment: ambient AWS_* variables of the test host are dropped.
/// </summary>
public sealed class ClientHome : IDisposable
{
    private readonly Dictionary<string, string> _environment;

    internal ClientHome(IReadOnlyDictionary<string, string> sandboxEnvironment)
    {
        Path = System.IO.Directory.CreateTempSubdirectory("sesame-sandbox-home-").FullName;
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Path, ".aws"));
        ConfigFile = System.IO.Path.Combine(Path, ".aws", "config");
        CredentialsFile = System.IO.Path.Combine(Path, ".aws", "credentials");
        File.WriteAllText(ConfigFile, string.Empty);
        File.WriteAllText(CredentialsFile, string.Empty);
        _environment = new Dictionary<string, string>(sandboxEnvironment, StringComparer.Ordinal)
        {
            ["HOME"] = Path,
            ["USERPROFILE"] = Path,
            ["AWS_CONFIG_FILE"] = ConfigFile,
            ["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsFile,
            ["AWS_PAGER"] = string.Empty,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
    }

    /// <summary>The HOME folder.</summary>
    public string Path { get; }

    /// <summary>AWS_CONFIG_FILE.</summary>
    public string ConfigFile { get; }

    /// <summary>AWS_SHARED_CREDENTIALS_FILE.</summary>
    public string CredentialsFile { get; }

    /// <summary>The variables a client gets (on top of PATH and the like from the test host, minus its AWS_* variables).</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>Sets (or, with null, removes) a variable for every process run from this home.</summary>
    public void Set(string name, string? value)
    {
        if (value is null)
        {
            _environment.Remove(name);
        }
        else
        {
            _environment[name] = value;
        }
    }

    /// <summary>Replaces the config file.</summary>
    public void WriteConfig(string text) => File.WriteAllText(ConfigFile, text);

    /// <summary>Replaces the credentials file.</summary>
    public void WriteCredentials(string text) => File.WriteAllText(CredentialsFile, text);

    /// <summary>Writes a file under HOME and returns its full path.</summary>
    public string WriteFile(string relativePath, string text)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    /// <summary>
    /// Runs a program with this home's environment; <paramref name="stdin"/> is written to it and closed.
    /// Kills it (and its children) after <paramref name="timeout"/> (default 2 minutes).
    /// </summary>
    public async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string? stdin = null,
        IReadOnlyDictionary<string, string>? extraEnvironment = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the caller's AWS, XDG, Sesame, keyring or browser settings reaches a client.
        foreach (var key in start.Environment.Keys.Where(IsCallerSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in _environment.Concat(extraEnvironment ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time; output so far:\n{await stdout}\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>True for a variable of the test host that must never reach a client process.</summary>
    public static bool IsCallerSetting(string name)
        => name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("XDG_", StringComparison.Ordinal) || name.StartsWith("SESAME_", StringComparison.Ordinal)
        || name is "BOTO_CONFIG" or "DBUS_SESSION_BUS_ADDRESS" or "PASSWORD_STORE_DIR" or "GNUPGHOME" or "BROWSER" or "DISPLAY" or "WAYLAND_DISPLAY";

    /// <summary>Deletes the home.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
