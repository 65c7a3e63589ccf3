using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Runtime;

namespace Sesame;

/// <summary>How <see cref="SesameCredentials"/> may reach the user.</summary>
public enum SesameInteraction
{
    /// <summary>
    /// Prompts go to the controlling terminal (<c>/dev/tty</c>): an MFA code, the encrypted store's
    /// passphrase, an IAM Identity Center sign-in (URL and code, a browser where one opens). Without a
    /// terminal this behaves like <see cref="None"/>.
    /// </summary>
    Terminal,

    /// <summary>
    /// Never prompt: when a prompt would be needed, fail at once with a <see cref="SesameException"/>
    /// (<see cref="InteractionRequiredException"/>, or <c>SsoLoginRequiredException</c>) whose message names the
    /// <c>sesame</c> command that sets things up (for example <c>sesame sso login --sso-session corp</c>).
    /// </summary>
    None,
}

/// <summary>Options of <see cref="SesameCredentials"/>.</summary>
public sealed class SesameOptions
{
    /// <summary>How the user may be reached (default: the terminal).</summary>
    public SesameInteraction Interaction { get; init; } = SesameInteraction.Terminal;

    /// <summary>
    /// A prompter of your own (a GUI dialog, say) for MFA codes, the store's passphrase and sign-in
    /// messages; it replaces the terminal. <see cref="ITerminal.ReadLine"/> with <c>secret</c> must not echo.
    /// </summary>
    public ITerminal? Prompter { get; init; }

    /// <summary>An MFA code to use once, before any other source.</summary>
    public string? MfaToken { get; init; }

    /// <summary>Warnings and debug detail (never secrets); default: none.</summary>
    public ILog Log { get; init; } = NullLog.Instance;

    /// <summary>The environment to read (default: this process's); for tests and hosts that run on behalf of another environment.</summary>
    public IEnvironment Environment { get; init; } = SystemEnvironment.Instance;

    /// <summary>The clock (default: the system clock).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal RuntimeSeams ToSeams() => new()
    {
        FileSystem = PhysicalFileSystem.Instance,
        Environment = Environment,
        Time = Time,
        Log = Log,
        Terminal = Prompter ?? (Interaction == SesameInteraction.None ? NoTerminal.Instance : SystemTerminal.Instance),
    };
}

/// <summary>A terminal that is never available: every prompt fails fast with the command to run instead.</summary>
public sealed class NoTerminal : ITerminal
{
    /// <summary>The shared instance.</summary>
    public static NoTerminal Instance { get; } = new();

    /// <inheritdoc />
    public bool IsAvailable => false;

    /// <inheritdoc />
    public string ReadLine(string prompt, bool secret = false)
        => throw new InteractionRequiredException("Sesame may not prompt here (SesameInteraction.None); run the sesame command the other messages name in a terminal first");

    /// <inheritdoc />
    public void WriteLine(string message)
    {
    }
}
