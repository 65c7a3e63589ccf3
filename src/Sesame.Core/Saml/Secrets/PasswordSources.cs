using Sesame.Core.Errors;
using Sesame.Core.Mfa;
using Sesame.Core.Platform;

namespace Sesame.Core.Saml.Secrets;

/// <summary>Asks on the controlling terminal, without echo.</summary>
public sealed class TerminalPasswordSource : ISamlPasswordSource
{
    private readonly ITerminal _terminal;

    /// <summary>Creates the source.</summary>
    public TerminalPasswordSource(ITerminal terminal) => _terminal = terminal;

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(SamlPasswordRequest request) => false;

    /// <inheritdoc />
    public Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken)
    {
        if (!_terminal.IsAvailable)
        {
            throw new InteractionRequiredException($"the identity provider at {Host(request.IdpUrl)} asks for the password of {request.Username}, but there is no terminal to ask on (a {SamlKeys.PasswordProcess} could give it without one)");
        }

        if (request.Refusal is { } refusal)
        {
            _terminal.WriteLine($"The identity provider said: {refusal}");
        }

        // ITerminal returns a string; it is copied into a SamlPassword and the reference dropped at once.
        var line = _terminal.ReadLine($"Password for {request.Username} at {Host(request.IdpUrl)}: ", secret: true);
        return Task.FromResult(SamlPassword.FromLine(line));
    }

    internal static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "the identity provider";
}

/// <summary>Reads one line from a stream given once (<c>--password-stdin</c>): usable for one attempt.</summary>
public sealed class StreamPasswordSource : ISamlPasswordSource
{
    private readonly TextReader _input;
    private bool _used;

    /// <summary>Creates the source over standard input (or any reader).</summary>
    public StreamPasswordSource(TextReader input) => _input = input;

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(SamlPasswordRequest request) => !_used;

    /// <inheritdoc />
    public async Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken)
    {
        if (_used || request.Attempt > 1)
        {
            throw new SamlSignInException(SamlFailure.Refused, $"the identity provider at {TerminalPasswordSource.Host(request.IdpUrl)} refused the password read from standard input{Said(request)}");
        }

        _used = true;
        var line = await _input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(line))
        {
            throw new SamlSignInException(SamlFailure.Refused, "--password-stdin: standard input had no password line");
        }

        return SamlPassword.FromLine(line);
    }

    // The IdP's own words (already cleaned of control characters), when it gave any.
    internal static string Said(SamlPasswordRequest request) => request.Refusal is { } text ? $": {text}" : string.Empty;
}

/// <summary>
/// Runs <c>sesame_saml_password_process</c> through the shell (like <c>credential_process</c>) and uses the first
/// line it prints. Its standard error reaches the user (a helper may ask to touch a key); its output is never shown.
/// </summary>
public sealed class ProcessPasswordSource : ISamlPasswordSource
{
    private readonly string _command;
    private readonly IProcessRunner _processes;
    private readonly IEnvironment _environment;

    /// <summary>Creates the source.</summary>
    public ProcessPasswordSource(string command, IProcessRunner processes, IEnvironment environment)
    {
        _command = command;
        _processes = processes;
        _environment = environment;
    }

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(SamlPasswordRequest request) => true;

    /// <inheritdoc />
    public async Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken)
    {
        if (request.Attempt > 1)
        {
            throw new SamlSignInException(SamlFailure.Refused, $"the identity provider at {TerminalPasswordSource.Host(request.IdpUrl)} refused the password {SamlKeys.PasswordProcess} printed for {request.Username}{StreamPasswordSource.Said(request)}");
        }

        // The helper gets the environment every configured helper gets (Shell.Command), plus who is signing in where.
        var spec = Shell.Command(_command, _environment);
        var variables = new Dictionary<string, string?>(spec.Environment ?? new Dictionary<string, string?>(), StringComparer.Ordinal)
        {
            ["SESAME_SAML_USERNAME"] = request.Username,
            ["SESAME_SAML_URL"] = request.IdpUrl,
        };
        spec = spec with { Environment = variables };
        var result = await _processes.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (result.TimedOut)
        {
            throw new SamlSignInException(SamlFailure.Refused, $"{SamlKeys.PasswordProcess} did not finish within {Shell.HelperTimeout.TotalSeconds:F0} s", exitCode: ExitCodes.Timeout);
        }

        if (result.ExitCode != 0)
        {
            throw new SamlSignInException(SamlFailure.Refused, $"{SamlKeys.PasswordProcess} exited with code {result.ExitCode}");
        }

        var output = result.StandardOutput.AsSpan();
        var newline = output.IndexOfAny('\r', '\n');
        var line = newline < 0 ? output : output[..newline];
        if (line.IsEmpty)
        {
            throw new SamlSignInException(SamlFailure.Refused, $"{SamlKeys.PasswordProcess} printed no password");
        }

        return SamlPassword.FromLine(line);
    }
}

/// <summary>The password kept in the secret store by <c>sesame saml login --store-password</c> (never unless asked).</summary>
public sealed class StoredPasswordSource : ISamlPasswordSource
{
    private readonly Func<SamlPasswordStore?> _store;

    /// <summary>Creates the source; <paramref name="store"/> gives the store only if one is already in use.</summary>
    public StoredPasswordSource(Func<SamlPasswordStore?> store) => _store = store;

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(SamlPasswordRequest request) => _store()?.Has(request.IdpUrl, request.Username) == true;

    /// <inheritdoc />
    public Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken)
    {
        if (request.Attempt > 1)
        {
            // A stored password that was refused is wrong now (changed at the IdP): forget it.
            _store()?.Remove(request.IdpUrl, request.Username);
            throw new SamlSignInException(SamlFailure.Refused, $"the identity provider at {TerminalPasswordSource.Host(request.IdpUrl)} refused the stored password of {request.Username}{StreamPasswordSource.Said(request)}; it was removed from the secret store; sign in again with 'sesame saml login'");
        }

        return Task.FromResult(_store()?.Get(request.IdpUrl, request.Username)
            ?? throw new SamlSignInException(SamlFailure.Refused, $"no password is stored for {request.Username}"));
    }
}

/// <summary>The first source that can answer without a person, else the last (interactive) one.</summary>
public sealed class SamlPasswordChain : ISamlPasswordSource
{
    private readonly IReadOnlyList<ISamlPasswordSource> _sources;
    private ISamlPasswordSource? _chosen;

    /// <summary>Creates the chain, in order of preference; put an interactive source last.</summary>
    public SamlPasswordChain(IReadOnlyList<ISamlPasswordSource> sources) => _sources = sources;

    /// <inheritdoc />
    public bool CanProvideWithoutInteraction(SamlPasswordRequest request) => _sources.Any(s => s.CanProvideWithoutInteraction(request));

    /// <inheritdoc />
    public Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken)
    {
        // A retry goes to the same source, which decides whether it can offer another password.
        _chosen ??= _sources.FirstOrDefault(s => s.CanProvideWithoutInteraction(request)) ?? (_sources.Count > 0 ? _sources[^1] : null)
            ?? throw new InteractionRequiredException($"no way to get the password of {request.Username}");
        return _chosen.GetPasswordAsync(request, cancellationToken);
    }
}
