using System.Security.Cryptography;
using Sesame.Sandbox.Clients;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs the real <c>sesame</c> (the apphost built from src/Sesame.Cli) in a sandbox client home,
/// with the encrypted-file secret store inside that home, so nothing touches the real home folder.
/// </summary>
public static class SesameCli
{
    /// <summary>The sesame executable under test.</summary>
    public static string Executable => SesameBinary.Path;

    /// <summary>Gives a home its own secret store (the file backend, a random passphrase, a lock folder).</summary>
    public static ClientHome WithStore(this ClientHome home)
    {
        home.Set("SESAME_BACKEND", "file");
        home.Set("SESAME_FILE_PASSPHRASE", Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
        home.Set("SESAME_LOCK_DIR", Path.Combine(home.Path, ".locks"));
        home.Set("XDG_RUNTIME_DIR", null);
        return home;
    }

    /// <summary><c>sesame ARGS…</c> in the home.</summary>
    public static Task<ProcessResult> RunAsync(ClientHome home, params string[] arguments)
        => home.RunAsync(Executable, arguments);

    /// <summary><c>sesame ARGS…</c> with extra environment or input.</summary>
    public static Task<ProcessResult> RunAsync(ClientHome home, IReadOnlyDictionary<string, string>? environment, string? stdin, params string[] arguments)
        => home.RunAsync(Executable, arguments, stdin, environment);
}
