using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Stores.EncryptedFile;

/// <summary>Where the encrypted file store gets its passphrase.</summary>
public interface IPassphraseSource
{
    /// <summary>
    /// The passphrase of the store at <paramref name="location"/>. With <paramref name="isNew"/>
    /// the store is being created, so an interactive source asks twice.
    /// </summary>
    /// <exception cref="InteractionRequiredException">No source can answer.</exception>
    string GetPassphrase(string location, bool isNew);

    /// <summary>True when a passphrase can be had without asking anyone (given through the environment).</summary>
    bool AnswersWithoutAsking => false;
}

/// <summary>
/// <c>SESAME_FILE_PASSPHRASE</c> when set (for scripts and CI), else the controlling terminal
/// with echo off.
/// </summary>
public sealed class PassphrasePrompt : IPassphraseSource
{
    /// <summary>The variable that supplies the passphrase without a prompt.</summary>
    public const string Variable = "SESAME_FILE_PASSPHRASE";

    private readonly IEnvironment _environment;
    private readonly ITerminal _terminal;

    /// <summary>Creates the source.</summary>
    public PassphrasePrompt(IEnvironment environment, ITerminal terminal)
    {
        _environment = environment;
        _terminal = terminal;
    }

    /// <inheritdoc />
    /// <inheritdoc />
    public bool AnswersWithoutAsking => !string.IsNullOrEmpty(_environment.GetVariable(Variable));

    /// <inheritdoc />
    public string GetPassphrase(string location, bool isNew)
    {
        var fromEnvironment = _environment.GetVariable(Variable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        if (!_terminal.IsAvailable)
        {
            throw new InteractionRequiredException(
                $"the encrypted store at {location} is locked and there is no terminal to ask for its passphrase; run 'sesame unlock' in a terminal first, or set {Variable}");
        }

        if (!isNew)
        {
            return _terminal.ReadLine($"Passphrase for Sesame's encrypted store ({location}): ", secret: true);
        }

        _terminal.WriteLine($"Creating Sesame's encrypted store at {location}.");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var first = _terminal.ReadLine("Choose a passphrase: ", secret: true);
            if (first.Length < 8)
            {
                _terminal.WriteLine("The passphrase must have at least 8 characters.");
                continue;
            }

            var second = _terminal.ReadLine("Repeat the passphrase: ", secret: true);
            if (string.Equals(first, second, StringComparison.Ordinal))
            {
                return first;
            }

            _terminal.WriteLine("The two passphrases differ.");
        }

        throw new SesameException("no passphrase chosen; nothing was stored", ExitCodes.ConfigError);
    }
}
