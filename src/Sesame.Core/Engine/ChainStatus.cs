using Sesame.Core.Credentials;
using Sesame.Core.Caching;
using Sesame.Core.Errors;

namespace Sesame.Core.Engine;

/// <summary>What <c>status</c> reports about a profile.</summary>
public enum ChainState
{
    /// <summary>The profile uses long-term or external credentials; nothing is cached.</summary>
    NoSession,

    /// <summary>Cached credentials are fresh.</summary>
    Valid,

    /// <summary>Cached credentials are inside the refresh window.</summary>
    Expiring,

    /// <summary>Nothing fresh is cached, and renewing needs nobody.</summary>
    Renewable,

    /// <summary>Renewing will ask for an MFA code.</summary>
    NeedsMfa,

    /// <summary>Renewing needs an IAM Identity Center login.</summary>
    NeedsSsoLogin,

    /// <summary>Fresh credentials are cached in a store that is locked.</summary>
    StoreLocked,

    /// <summary>Renewing needs a SAML sign-in by a person (password, browser).</summary>
    NeedsSamlLogin,
}

/// <summary>The state of a profile's cached credentials, from metadata only (no unlock, no network).</summary>
/// <param name="State">The state.</param>
/// <param name="Expiration">When the top credentials expire, when cached.</param>
/// <param name="Detail">What will happen or what is needed, in words.</param>
public sealed record ChainStatus(ChainState State, DateTimeOffset? Expiration, string Detail)
{
    /// <summary>The exit code <c>status</c> uses for this state.</summary>
    public int ExitCode => State switch
    {
        ChainState.Expiring => ExitCodes.StatusExpiring,
        ChainState.Renewable => ExitCodes.StatusRenewable,
        ChainState.NeedsMfa => ExitCodes.StatusNeedsMfa,
        ChainState.NeedsSsoLogin => ExitCodes.StatusNeedsSsoLogin,
        ChainState.StoreLocked => ExitCodes.StatusStoreLocked,
        ChainState.NeedsSamlLogin => ExitCodes.StatusNeedsSamlLogin,
        _ => ExitCodes.Success,
    };

    /// <summary>Fresh cached credentials expiring at <paramref name="expiration"/>.</summary>
    public static ChainStatus ValidUntil(DateTimeOffset expiration) => new(ChainState.Valid, expiration, "valid until " + UtcTimestamp.Format(expiration, ' '));

    /// <summary>Fresh credentials cached in a locked store.</summary>
    public static ChainStatus LockedStore(DateTimeOffset expiration, string backend)
        => new(ChainState.StoreLocked, expiration, $"valid until {UtcTimestamp.Format(expiration, ' ')}, but the {backend} store holding them is locked: the next use asks for its passphrase (run 'sesame unlock')");

    /// <summary>
    /// Works out the status of a built chain: the top cached link decides validity; when it is not
    /// fresh, the links that would be renewed (down to the first fresh one) decide what renewing needs.
    /// <paramref name="samlSignInNeeded"/> says what a SAML base's sign-in needs from a person, or <c>null</c> when it needs nobody.
    /// </summary>
    public static ChainStatus Of(BuiltChain chain, ICredentialCache cache, DateTimeOffset now, Func<string, string, bool> mfaWithoutInteraction, Func<bool>? ssoTokenValid = null, Func<string?>? samlSignInNeeded = null)
    {
        var top = chain.Links[^1];
        if (top.CacheKey is null)
        {
            return new ChainStatus(ChainState.NoSession, null, $"{top.Description}: no temporary session to cache");
        }

        var expiration = cache.PeekExpiration(top.CacheKey);
        if (expiration is { } at && Freshness.IsFresh(at, now, top.Layout.RefreshWindow))
        {
            return ValidUntil(at);
        }

        // Which links would be renewed: from the top down to the first fresh one.
        for (var i = chain.Links.Count - 1; i >= 0; i--)
        {
            var link = chain.Links[i];
            if (i < chain.Links.Count - 1 && link.CacheKey is not null && Freshness.IsFresh(cache.PeekExpiration(link.CacheKey), now, link.Layout.RefreshWindow))
            {
                break;
            }

            if (link.MfaSerial is { } serial && !mfaWithoutInteraction(serial, link.Profile))
            {
                return new ChainStatus(ChainState.NeedsMfa, expiration, $"the next use asks for an MFA code for {serial}");
            }

            if (i == 0 && chain.Plan.Base is Config.Chain.SsoSource && ssoTokenValid is not null && !ssoTokenValid())
            {
                return new ChainStatus(ChainState.NeedsSsoLogin, expiration, "the IAM Identity Center session has expired: run 'sesame sso login'");
            }

            if (i == 0 && chain.Plan.Base is Config.Chain.SamlSource saml && samlSignInNeeded?.Invoke() is { } need)
            {
                return new ChainStatus(ChainState.NeedsSamlLogin, expiration, $"{need}: run 'sesame saml login {saml.Profile}'");
            }
        }

        return expiration is { } soon && soon > now
            ? new ChainStatus(ChainState.Expiring, soon, "expires at " + UtcTimestamp.Format(soon, ' ') + "; the next use renews it")
            : new ChainStatus(ChainState.Renewable, expiration, "no fresh session cached; the next use gets one without asking");
    }
}
