using Sesame.Sandbox.Clients;

namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An <c>mfa_process</c> for tests: prints the code the test put in a file, and counts its runs —
/// so "how many times was the user asked" becomes a number.
/// </summary>
public sealed class MfaHelper
{
    private readonly ClientHome _home;

    public MfaHelper(ClientHome home)
    {
        _home = home;
        Script = home.WriteFile("bin/mfa-helper", "#!/bin/sh\necho run >> \"$HOME/mfa-runs\"\ncat \"$HOME/mfa-code\"\n");
        File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Script { get; }

    /// <summary>The config line that makes a profile use this helper.</summary>
    public string ConfigLine => $"mfa_process = {Script}";

    public void SetCode(string code) => _home.WriteFile("mfa-code", code + "\n");

    public int Runs => File.Exists(Path.Combine(_home.Path, "mfa-runs")) ? File.ReadAllLines(Path.Combine(_home.Path, "mfa-runs")).Length : 0;
}
