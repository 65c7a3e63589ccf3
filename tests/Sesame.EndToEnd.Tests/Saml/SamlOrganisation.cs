using Sesame.Core.Config;
using Sesame.Core.Saml;
using Sesame.Core.Saml.Secrets;
using Sesame.Sandbox;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests.Saml;

/// <summary>The SAML scenarios' organisation: two SAML roles (8 h and 1 h maximum) and one IdP user per adapter.</summary>
public static class SamlOrganisation
{
    public const string Dev = "111111111111";
    public const string Prod = "222222222222";
    public const string Admin = $"arn:aws:iam::{Prod}:role/SamlAdmin";
    public const string Reader = $"arn:aws:iam::{Dev}:role/SamlReader";
    public const string Chained = $"arn:aws:iam::{Prod}:role/SamlChained";
    public const string Password = "alice-pa$$word with spaces & ümlauts";

    public static Organisation Create() => new()
    {
        Accounts = [new Account(Dev, "dev"), new Account(Prod, "prod")],
        Roles =
        [
            new Role("SamlAdmin", Prod, Trust.Saml()) { MaxSessionDuration = TimeSpan.FromHours(8) },
            new Role("SamlReader", Dev, Trust.Saml()),

            // Assumed from a SAML session (source_profile = the SAML profile): trusts its own account.
            new Role("SamlChained", Prod, Trust.Accounts(Prod)),
        ],
        SamlUsers =
        [
            new SamlUser("alice", Password) { SessionDuration = TimeSpan.FromHours(8) },
            new SamlUser("rsa", "rsa-password") { Mfa = SamlMfa.RsaSecurId() },
            new SamlUser("vip", "vip-password") { Mfa = SamlMfa.SymantecVip() },
            new SamlUser("safenet", "safenet-password") { Mfa = SamlMfa.SafeNet() },
            new SamlUser("azcode", "azcode-password") { Mfa = SamlMfa.AzureCode() },
            new SamlUser("azpush", "azpush-password") { Mfa = SamlMfa.AzurePush() with { ApproveAfterPolls = 2 } },
            new SamlUser("azdeny", "azdeny-password") { Mfa = SamlMfa.AzurePush() with { Deny = true } },
            new SamlUser("duo", "duo-password") { Mfa = SamlMfa.Unsupported() },
        ],
    };

    /// <summary>A SAML profile for <paramref name="user"/> at the sandbox IdP, read as Sesame reads profiles.</summary>
    public static SamlProfileSettings Profile(global::Sesame.Sandbox.Sandbox sandbox, string user, string extra = "")
    {
        var text = $"""
            [profile saml]
            sesame_saml_url = {sandbox.Saml.SignOnUrl}
            sesame_saml_username = EXAMPLE\{user}
            sesame_saml_signin_url = {new Uri(sandbox.Saml.SignOnUrl, "/saml")}
            {extra}
            """;
        return SamlProfileSettings.Read(ProfileSet.Build(ConfigFile.Parse("/h/.aws/config", ConfigFileKind.Config, text), null).GetProfile("saml")!);
    }

    /// <summary>Sign-in seams with an in-memory secret store and scripted answers.</summary>
    public static SamlSignInServices Services(InMemorySecretStore store, ISamlPasswordSource passwords, ISamlMfaCodeSource? codes = null, ISamlSignInPresenter? presenter = null) => new()
    {
        Time = TimeProvider.System,
        Passwords = passwords,
        MfaCodes = codes ?? new NoCodes(),
        Presenter = presenter ?? NullSamlSignInPresenter.Instance,
        Sessions = () => new IdpSessionStore(store),
        PollInterval = TimeSpan.FromMilliseconds(50),
        MfaTimeout = TimeSpan.FromSeconds(20),
    };
}

/// <summary>Passwords from a list; anything more is a test failure (a remembered session must not ask).</summary>
public sealed class ScriptedPasswords(params string[] passwords) : ISamlPasswordSource
{
    public int Asked { get; private set; }

    public bool CanProvideWithoutInteraction(SamlPasswordRequest request) => Asked < passwords.Length;

    public Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken)
    {
        Asked++;
        return Asked <= passwords.Length
            ? Task.FromResult(SamlPassword.FromString(passwords[Asked - 1]))
            : throw new Sesame.Core.Errors.InteractionRequiredException("no terminal (test): the password was asked for once more");
    }
}

/// <summary>Codes from a list; anything more is a test failure.</summary>
public sealed class ScriptedCodes(params string[] codes) : ISamlMfaCodeSource
{
    public List<SamlMfaChallenge> Challenges { get; } = [];

    public Task<string> GetCodeAsync(SamlMfaChallenge challenge, int attempt, CancellationToken cancellationToken)
    {
        Challenges.Add(challenge);
        return Challenges.Count <= codes.Length
            ? Task.FromResult(codes[Challenges.Count - 1])
            : throw new Sesame.Core.Errors.InteractionRequiredException("no terminal (test): a code was asked for once more");
    }
}

/// <summary>A code source that must not be asked.</summary>
public sealed class NoCodes : ISamlMfaCodeSource
{
    public Task<string> GetCodeAsync(SamlMfaChallenge challenge, int attempt, CancellationToken cancellationToken)
        => throw new Sesame.Core.Errors.InteractionRequiredException("no terminal (test): no code was expected");
}

/// <summary>Collects presenter lines.</summary>
public sealed class Shown : ISamlSignInPresenter
{
    public List<string> Lines { get; } = [];

    public void Show(string message)
    {
        lock (Lines)
        {
            Lines.Add(message);
        }
    }
}

/// <summary>One sandbox for the SAML scenarios.</summary>
public sealed class SamlSandboxFixture : IAsyncLifetime
{
    public global::Sesame.Sandbox.Sandbox Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await global::Sesame.Sandbox.Sandbox.StartAsync(SamlOrganisation.Create());

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}
