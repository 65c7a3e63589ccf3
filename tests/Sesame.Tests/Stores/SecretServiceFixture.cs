using System.Diagnostics;
using Sesame.Testing;

namespace Sesame.Tests.Stores;

/// <summary>
/// A private D-Bus session bus with gnome-keyring's Secret Service on it, unlocked with a known
/// password, under a temporary HOME and XDG folders. Fails (never skips) with install
/// instructions when a program is missing; kills both daemons on dispose (no orphans).
/// </summary>
public sealed class SecretServiceFixture : IDisposable
{
    public const string KeyringPassword = "fixture-keyring-password";
    private readonly TempDirectory _temp = new("sesame-ss");
    private readonly Process _bus;
    private readonly Process? _keyring;

    public SecretServiceFixture()
    {
        var dbus = ExternalTools.Require("dbus-daemon", "dbus dbus-x11");
        var daemon = ExternalTools.Require("gnome-keyring-daemon", "gnome-keyring");
        ExternalTools.Require("secret-tool", "libsecret-tools");
        Home = _temp.Combine("home");
        Runtime = _temp.Combine("run");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Runtime);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        _bus = Start(dbus, ["--session", "--nofork", "--nopidfile", "--print-address=1", "--address=unix:path=" + Path.Combine(Runtime, "bus")], redirectInput: false);
        BusAddress = _bus.StandardOutput.ReadLine() ?? throw new InvalidOperationException("dbus-daemon printed no address: " + _bus.StandardError.ReadToEnd());
        try
        {
            _keyring = Start(daemon, ["--foreground", "--unlock", "--components=secrets"], redirectInput: true);
            _keyring.StandardInput.Write(KeyringPassword);
            _keyring.StandardInput.Close();
            WaitForService();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Home { get; }

    public string Runtime { get; }

    public string BusAddress { get; }

    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["HOME"] = Home,
        ["XDG_RUNTIME_DIR"] = Runtime,
        ["XDG_DATA_HOME"] = Path.Combine(Home, ".local", "share"),
        ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config"),
        ["XDG_CACHE_HOME"] = Path.Combine(Home, ".cache"),
        ["DBUS_SESSION_BUS_ADDRESS"] = BusAddress,
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
    };

    public TestEnvironment Environment_() => new(Variables);

    /// <summary>Locks the login collection, as a screen lock or a timeout would.</summary>
    public void LockCollection() => Call("Lock");

    private void Call(string method)
    {
        var result = ExternalTools.Run("dbus-send", ["--session", "--dest=org.freedesktop.secrets", "--print-reply", "/org/freedesktop/secrets", "org.freedesktop.Secret.Service." + method, "array:objpath:/org/freedesktop/secrets/collection/login"], Variables);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dbus-send {method} failed: {result.Err}");
        }
    }

    private Process Start(string program, string[] arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        CallerEnvironment.Scrub(info);
        foreach (var (name, value) in Variables.Where(v => v.Key != "DBUS_SESSION_BUS_ADDRESS" || BusAddress is not null))
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    private void WaitForService()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var result = ExternalTools.Run("secret-tool", ["search", "application", "sesame-fixture-probe"], Variables, timeoutMs: 10_000);
            if (string.IsNullOrWhiteSpace(result.Err))
            {
                return;
            }

            last = result.Err;
            Thread.Sleep(100);
        }

        throw new InvalidOperationException("gnome-keyring did not come up on the private bus: " + last);
    }

    public void Dispose()
    {
        foreach (var process in new[] { _keyring, _bus })
        {
            if (process is null)
            {
                continue;
            }

            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        _temp.Dispose();
    }
}
