using System.Diagnostics;
using Sesame.Core.Platform;
using Sesame.Core.Stores.EncryptedFile;
using Sesame.Core.Stores.Typed;
using Sesame.Core.Stores.Unlock;
using Sesame.Testing;
using Sesame.Tests.Stores;

namespace Sesame.Tests.Cli.Secrets;

/// <summary>
/// The real sesame binary in a real terminal (tmux), with stdin from /dev/null and stdout into a
/// pipe, as under credential_process: prompts must reach /dev/tty, and secrets must not be echoed.
/// </summary>
public sealed class RealTerminalTests : IDisposable
{
    private const string KeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "tty-secret-wJalrXUtnFEMI/K7MDENG";
    private const string Passphrase = "tty passphrase 42";
    private readonly TempDirectory _temp = new("sesame-tty");
    private readonly string _socket;

    public RealTerminalTests() => _socket = _temp.Combine("tmux.sock");

    public void Dispose()
    {
        try
        {
            Tmux("kill-server");
        }
        catch (InvalidOperationException)
        {
        }

        _temp.Dispose();
    }

    [Fact]
    public void Keys_add_prompts_on_the_terminal_without_echo_while_stdio_are_pipes()
    {
        ExternalTools.Require("tmux", "tmux");
        var home = _temp.Combine("home");
        var store = _temp.Combine("store");
        Directory.CreateDirectory(Path.Combine(home, ".aws"));
        var sesame = Path.Combine(AppContext.BaseDirectory, "sesame.dll");
        var dotnet = Process.GetCurrentProcess().MainModule?.FileName is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var script = _temp.Write("run.sh", $"""
            export HOME='{home}' AWS_CONFIG_FILE='{home}/.aws/config' AWS_SHARED_CREDENTIALS_FILE='{home}/.aws/credentials'
            export SESAME_BACKEND=file SESAME_FILE_DIR='{store}' SESAME_UNLOCK_TIMEOUT=0
            unset SESAME_FILE_PASSPHRASE
            '{dotnet}' '{sesame}' keys add prod < /dev/null 2>'{_temp.Combine("err.txt")}' | cat > '{_temp.Combine("out.txt")}'
            echo "exit=$PIPESTATUS" > '{_temp.Combine("done.txt")}'
            sleep 30
            """);

        Tmux("new-session", "-d", "-x", "200", "-y", "50", "bash", script);
        WaitForScreen("Access key ID for profile 'prod':");
        Tmux("send-keys", "-l", KeyId);
        Tmux("send-keys", "Enter");
        WaitForScreen("Secret access key:");
        Tmux("send-keys", "-l", Secret);
        Tmux("send-keys", "Enter");
        WaitForScreen("Choose a passphrase:");
        Tmux("send-keys", "-l", Passphrase);
        Tmux("send-keys", "Enter");
        WaitForScreen("Repeat the passphrase:");
        Tmux("send-keys", "-l", Passphrase);
        Tmux("send-keys", "Enter");
        var done = _temp.Combine("done.txt");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(done) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        var screen = Tmux("capture-pane", "-p", "-S", "-100");
        Assert.True(File.Exists(done), "sesame did not finish; screen:\n" + screen);
        Assert.Equal("exit=0", File.ReadAllText(done).Trim());
        Assert.Contains(KeyId, screen, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, screen, StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret access key", File.ReadAllText(_temp.Combine("out.txt")), StringComparison.Ordinal);
        Assert.Contains("Stored access key ****MPLE", File.ReadAllText(_temp.Combine("out.txt")), StringComparison.Ordinal);

        var opened = new EncryptedFileStore(store, PhysicalFileSystem.Instance, new FixedPassphrase(Passphrase), new NoUnlockCache("test"), TimeSpan.Zero);
        Assert.Equal(Secret, new AccessKeyStore(opened).Get("prod")!.SecretAccessKey);
    }

    private void WaitForScreen(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var screen = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            screen = Tmux("capture-pane", "-p");
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"'{text}' never appeared; screen:\n{screen}\nstderr: {(File.Exists(_temp.Combine("err.txt")) ? File.ReadAllText(_temp.Combine("err.txt")) : "")}");
    }

    private string Tmux(params string[] arguments)
    {
        var result = ExternalTools.Run("tmux", ["-S", _socket, .. arguments], timeoutMs: 10_000);
        if (result.ExitCode != 0 && arguments[0] != "kill-server")
        {
            throw new InvalidOperationException($"tmux {arguments[0]} failed: {result.Err}");
        }

        return result.Out;
    }
}
