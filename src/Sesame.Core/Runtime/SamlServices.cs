using Sesame.Core.Engine;
using Sesame.Core.Mfa;
using Sesame.Core.Platform;
using Sesame.Core.Saml;
using Sesame.Core.Saml.Browser;
using Sesame.Core.Saml.Secrets;

namespace Sesame.Core.Runtime;

/// <summary>Choices a caller makes for one SAML sign-in's seams.</summary>
/// <param name="PasswordInput">Standard input, when the password is piped in (<c>--password-stdin</c>; one attempt).</param>
/// <param name="MfaToken">A one-time code (<c>--mfa-token</c>); else the runtime's.</param>
/// <param name="Presenter">Where push instructions go; else the terminal (or warnings on standard error without one).</param>
/// <param name="Capture">Keeps a copy of the password handed to the IdP, for <c>--store-password</c>.</param>
/// <param name="ReadOnly">Never create a secret store (read paths: <c>status</c>, <c>logout</c>).</param>
public sealed record SamlSignInOptions(
    TextReader? PasswordInput = null,
    string? MfaToken = null,
    ISamlSignInPresenter? Presenter = null,
    SamlPasswordCapture? Capture = null,
    bool ReadOnly = false)
{
    /// <summary>What credential commands use.</summary>
    public static SamlSignInOptions Default { get; } = new();
}

/// <summary>
/// SAML sign-in for the runtime (docs/saml.md): the seams of <see cref="SamlSignIn"/> built from the runtime's —
/// the password sources (<c>--password-stdin</c>, <c>sesame_saml_password_process</c>, a password stored on
/// request, the terminal without echo), the one-time-code sources (<c>--mfa-token</c>, <c>mfa_process</c>, a
/// stored TOTP seed, the terminal), the remembered IdP sessions in the secret store (never creating one that
/// would need a person), the user's Chromium for browser profiles, and the HTTP seam. Nothing is built until a
/// SAML profile is used.
/// </summary>
public sealed class SamlServices
{
    private readonly RuntimeSeams _seams;
    private readonly StoreServices _stores;
    private readonly RuntimeOptions _options;

    internal SamlServices(RuntimeSeams seams, StoreServices stores, RuntimeOptions options)
    {
        _seams = seams;
        _stores = stores;
        _options = options;
    }

    /// <summary>The sign-in of a profile.</summary>
    public SamlSignIn SignIn(SamlProfileSettings settings, SamlSignInOptions? options = null) => new(For(settings, options ?? SamlSignInOptions.Default));

    /// <summary>The seams of a profile's sign-in.</summary>
    public SamlSignInServices For(SamlProfileSettings settings, SamlSignInOptions options)
    {
        var passwordSources = new List<ISamlPasswordSource>(4);
        if (options.PasswordInput is { } input)
        {
            passwordSources.Add(new StreamPasswordSource(input));
        }

        if (settings.PasswordProcess is { } command)
        {
            passwordSources.Add(new ProcessPasswordSource(command, _seams.Processes, _seams.Environment));
        }

        passwordSources.Add(new StoredPasswordSource(ExistingPasswords));
        passwordSources.Add(new TerminalPasswordSource(_seams.Terminal));
        ISamlPasswordSource passwords = new SamlPasswordChain(passwordSources);
        if (options.Capture is { } capture)
        {
            passwords = new CapturingPasswordSource(passwords, capture);
        }

        var codeSources = new List<IMfaCodeSourceCandidate>(3);
        if ((options.MfaToken ?? _options.MfaToken) is { } token)
        {
            codeSources.Add(new FixedMfaCode(token));
        }

        codeSources.Add(new MfaProcessSource(_ => settings.MfaProcess, _seams.Processes, _seams.Environment));
        codeSources.Add(new StoredTotpSource(_stores.Accessors, _seams.Time));

        return new SamlSignInServices
        {
            Time = _seams.Time,
            Passwords = passwords,
            MfaCodes = new SamlMfaCodeChain(codeSources, _seams.Terminal, settings.Profile),
            Presenter = options.Presenter ?? new TerminalSamlPresenter(_seams.Terminal, _seams.Log),
            Sessions = options.ReadOnly ? ExistingSessions : SessionsForSignIn,
            Http = _seams.Http?.Handler,
            Browser = Browser(settings),
            Log = _seams.Log,
        };
    }

    /// <summary>The remembered IdP sessions when a secret store is in use (never creates one).</summary>
    public IdpSessionStore? ExistingSessions() => _stores.Accessors.Existing() is { } store ? new IdpSessionStore(store, _seams.Time) : null;

    /// <summary>The stored IdP passwords when a secret store is in use (never creates one).</summary>
    public SamlPasswordStore? ExistingPasswords() => _stores.Accessors.Existing() is { } store ? new SamlPasswordStore(store) : null;

    /// <summary>The stored IdP passwords, creating the store if need be (<c>--store-password</c>).</summary>
    public SamlPasswordStore Passwords() => new(_stores.Open());

    // Remembered sessions live where cached sessions do, by the same rule: a store that is in use, or one
    // that can be created without asking anyone (never a new passphrase, never a locked store without a terminal).
    private IdpSessionStore? SessionsForSignIn()
    {
        var store = _stores.Accessors.ForSessions is { } forSessions ? forSessions().Store : _stores.Accessors.Existing();
        return store is null ? null : new IdpSessionStore(store, _seams.Time);
    }

    private ChromiumSamlSource? Browser(SamlProfileSettings settings)
    {
        if (settings.Provider != SamlProviderKind.Browser || ChromiumLocator.Find(_seams.Environment, _seams.FileSystem, settings.BrowserPath) is not { } executable)
        {
            return null;
        }

        return new ChromiumSamlSource(
            new ChromiumOptions
            {
                ExecutablePath = executable,

                // A profile that names its ACS (a regional or private AWS sign-in page, a test's stand-in) is captured there too.
                ExtraAcsPatterns = settings.SignInUrl is { } acs ? [acs.TrimEnd('*') + "*"] : [],
            },
            _seams.Time);
    }
}

/// <summary>Keeps a copy of the last password handed to the IdP (zeroed on <see cref="Dispose"/>), for <c>--store-password</c>.</summary>
public sealed class SamlPasswordCapture : IDisposable
{
    private SamlPassword? _last;

    /// <summary>The last password handed out, or <c>null</c>.</summary>
    public SamlPassword? Last => _last;

    internal void Keep(SamlPassword password)
    {
        _last?.Dispose();
        var chars = password.Memory.ToArray();
        _last = new SamlPassword(chars, chars.Length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _last?.Dispose();
        _last = null;
    }
}

internal sealed class CapturingPasswordSource(ISamlPasswordSource inner, SamlPasswordCapture capture) : ISamlPasswordSource
{
    public bool CanProvideWithoutInteraction(SamlPasswordRequest request) => inner.CanProvideWithoutInteraction(request);

    public async Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken)
    {
        var password = await inner.GetPasswordAsync(request, cancellationToken).ConfigureAwait(false);
        capture.Keep(password);
        return password;
    }
}

/// <summary>Push instructions on the terminal (never standard output); without one, as warnings on standard error.</summary>
internal sealed class TerminalSamlPresenter(ITerminal terminal, ILog log) : ISamlSignInPresenter
{
    public void Show(string message)
    {
        if (terminal.IsAvailable)
        {
            terminal.WriteLine(message);
        }
        else
        {
            log.Warn(message);
        }
    }
}
