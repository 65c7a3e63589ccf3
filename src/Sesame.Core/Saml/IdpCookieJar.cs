using System.Net;

namespace Sesame.Core.Saml;

/// <summary>One cookie of an IdP session, as exported for the secret store. A secret: never log the value.</summary>
/// <param name="Name">The cookie's name.</param>
/// <param name="Value">Its value.</param>
/// <param name="Domain">The domain it was set for.</param>
/// <param name="Path">The path it was set for.</param>
/// <param name="Expires">When it expires, or <c>null</c> for a session cookie (kept until the IdP session is forgotten).</param>
/// <param name="Secure">Only sent over https.</param>
/// <param name="HttpOnly">Not visible to scripts (kept for the browser path).</param>
public sealed record IdpCookie(string Name, string Value, string Domain, string Path, DateTimeOffset? Expires, bool Secure, bool HttpOnly)
{
    /// <inheritdoc />
    public override string ToString() => $"IdpCookie {{ {Name} for {Domain}{Path}, value ** redacted ** }}";
}

/// <summary>
/// The cookies of a sign-in at an IdP (the AD FS session, MFA "remember me"), in a <see cref="CookieContainer"/>
/// that can be exported to the secret store and imported again, so a later sign-in within the IdP's
/// session needs no password and no second factor.
/// </summary>
public sealed class IdpCookieJar
{
    /// <summary>An empty jar.</summary>
    public IdpCookieJar()
    {
    }

    /// <summary>A jar holding <paramref name="cookies"/> (expired ones at <paramref name="now"/> are dropped).</summary>
    public IdpCookieJar(IEnumerable<IdpCookie> cookies, DateTimeOffset now) => Import(cookies, now);

    /// <summary>The container the HTTP client reads and writes.</summary>
    public CookieContainer Container { get; } = new() { PerDomainCapacity = 100 };

    /// <summary>True when the jar holds no cookie.</summary>
    public bool IsEmpty => Container.Count == 0;

    /// <summary>Adds cookies, skipping those expired at <paramref name="now"/> and those the container refuses.</summary>
    public void Import(IEnumerable<IdpCookie> cookies, DateTimeOffset now)
    {
        foreach (var cookie in cookies)
        {
            if (cookie.Expires is { } expires && expires <= now)
            {
                continue;
            }

            try
            {
                var c = new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain) { Secure = cookie.Secure, HttpOnly = cookie.HttpOnly };
                if (cookie.Expires is { } at)
                {
                    c.Expires = at.UtcDateTime;
                }

                Container.Add(c);
            }
            catch (CookieException)
            {
                // A cookie the container will not hold (bad domain) is simply not remembered.
            }
        }
    }

    /// <summary>Every cookie not expired at <paramref name="now"/>.</summary>
    public IReadOnlyList<IdpCookie> Export(DateTimeOffset now)
    {
        var result = new List<IdpCookie>();
        foreach (Cookie cookie in Container.GetAllCookies())
        {
            DateTimeOffset? expires = cookie.Expires == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(cookie.Expires.ToUniversalTime(), DateTimeKind.Utc));
            if (cookie.Expired || expires <= now)
            {
                continue;
            }

            result.Add(new IdpCookie(cookie.Name, cookie.Value, cookie.Domain, cookie.Path, expires, cookie.Secure, cookie.HttpOnly));
        }

        return result;
    }

    /// <summary>Forgets every cookie.</summary>
    public void Clear()
    {
        foreach (Cookie cookie in Container.GetAllCookies())
        {
            cookie.Expired = true;
        }
    }
}
