using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Settings;

namespace Sesame.Core.Saml;

/// <summary>How a SAML profile signs in.</summary>
public enum SamlProviderKind
{
    /// <summary>AD FS over HTTP: forms or integrated Windows authentication, then its MFA adapters.</summary>
    Adfs,

    /// <summary>Any IdP, in the user's Chromium, Chrome or Edge (DevTools protocol).</summary>
    Browser,
}

/// <summary>
/// A SAML profile's settings (<see cref="SamlKeys"/>), read from its config section. Invalid values are
/// <see cref="ConfigException"/>s naming file and line.
/// </summary>
public sealed record SamlProfileSettings
{
    /// <summary>The default for <see cref="SessionLifetime"/>: AD FS's default web SSO lifetime.</summary>
    public static readonly TimeSpan DefaultSessionLifetime = TimeSpan.FromHours(8);

    /// <summary>The profile name.</summary>
    public required string Profile { get; init; }

    /// <summary>The IdP sign-in URL as configured.</summary>
    public required string Url { get; init; }

    /// <summary>The user name, when configured.</summary>
    public string? Username { get; init; }

    /// <summary>The role to assume, when configured.</summary>
    public string? RoleArn { get; init; }

    /// <summary>The SAML provider, when configured.</summary>
    public string? PrincipalArn { get; init; }

    /// <summary>The requested duration in seconds, when configured.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>The profile's <c>region</c> (for STS), when configured.</summary>
    public string? Region { get; init; }

    /// <summary>AD FS or browser.</summary>
    public SamlProviderKind Provider { get; init; }

    /// <summary>True for integrated Windows authentication at AD FS.</summary>
    public bool IntegratedAuthentication { get; init; }

    /// <summary>The password command, when configured.</summary>
    public string? PasswordProcess { get; init; }

    /// <summary>The profile's <c>mfa_process</c>, which also answers IdP one-time-code adapters.</summary>
    public string? MfaProcess { get; init; }

    /// <summary>The AD FS relying party, when not AWS's default.</summary>
    public string? RelyingParty { get; init; }

    /// <summary>The TOTP device id for the IdP's one-time-code adapter; default <c>saml:HOST:USER</c>.</summary>
    public string? MfaDevice { get; init; }

    /// <summary>The browser executable, when configured.</summary>
    public string? BrowserPath { get; init; }

    /// <summary>How long a remembered IdP session is trusted.</summary>
    public TimeSpan SessionLifetime { get; init; } = DefaultSessionLifetime;

    /// <summary>The AWS SAML sign-in endpoint for account names, when overridden.</summary>
    public string? SignInUrl { get; init; }

    /// <summary>The TOTP device id used for one-time codes: <see cref="MfaDevice"/>, else <c>saml:HOST:USER</c>.</summary>
    public string EffectiveMfaDevice
        => MfaDevice ?? $"saml:{(Uri.TryCreate(Url.Contains("://", StringComparison.Ordinal) ? Url : "https://" + Url, UriKind.Absolute, out var u) ? u.Host : Url)}:{Username}";

    /// <summary>True when the section is a SAML profile (it has <see cref="SamlKeys.Url"/>).</summary>
    public static bool IsSaml(ConfigSection section) => section.Has(SamlKeys.Url);

    /// <summary>Reads a SAML profile's settings; throws <see cref="ConfigException"/> for a missing URL or an invalid value.</summary>
    public static SamlProfileSettings Read(ConfigSection section)
    {
        var url = section.Get(SamlKeys.Url);
        if (url is null || string.IsNullOrWhiteSpace(url.Value))
        {
            var header = section.Headers.FirstOrDefault();
            throw new ConfigException($"profile '{section.Name}' has no {SamlKeys.Url}", header.File, header.Line);
        }

        return new SamlProfileSettings
        {
            Profile = section.Name,
            Url = url.Value.Trim(),
            Username = NonBlank(section, SamlKeys.Username),
            RoleArn = Arn(section, SamlKeys.RoleArn, ":role/"),
            PrincipalArn = Arn(section, SamlKeys.PrincipalArn, ":saml-provider/"),
            DurationSeconds = Duration(section, SamlKeys.Duration, 900, 43200) is { } d ? (int)d.TotalSeconds : null,
            Region = NonBlank(section, Keys.Region),
            Provider = OneOf(section, SamlKeys.Provider, "adfs", "browser") == "browser" ? SamlProviderKind.Browser : SamlProviderKind.Adfs,
            IntegratedAuthentication = OneOf(section, SamlKeys.Authentication, "forms", "iwa") == "iwa",
            PasswordProcess = NonBlank(section, SamlKeys.PasswordProcess),
            MfaProcess = NonBlank(section, Keys.MfaProcess),
            RelyingParty = NonBlank(section, SamlKeys.RelyingParty),
            MfaDevice = NonBlank(section, SamlKeys.MfaDevice),
            BrowserPath = NonBlank(section, SamlKeys.BrowserPath),
            SessionLifetime = Duration(section, SamlKeys.SessionLifetime, 60, 30 * 86400) ?? DefaultSessionLifetime,
            SignInUrl = NonBlank(section, SamlKeys.SignInUrl),
        };
    }

    private static string? NonBlank(ConfigSection section, string key)
        => section.GetString(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string? Arn(ConfigSection section, string key, string kind)
    {
        var value = NonBlank(section, key);
        if (value is not null && (!value.StartsWith("arn:", StringComparison.Ordinal) || !value.Contains(kind, StringComparison.Ordinal)))
        {
            throw Invalid(section, key, $"'{value}' is not an ARN containing '{kind}'");
        }

        return value;
    }

    private static TimeSpan? Duration(ConfigSection section, string key, int minSeconds, int maxSeconds)
    {
        var value = NonBlank(section, key);
        if (value is null)
        {
            return null;
        }

        if (!SettingParsers.TryParseDuration(value, out var duration) || duration.TotalSeconds < minSeconds || duration.TotalSeconds > maxSeconds)
        {
            throw Invalid(section, key, $"'{value}' is not a duration from {minSeconds} to {maxSeconds} seconds (e.g. 3600, 90m, 8h)");
        }

        return duration;
    }

    private static string? OneOf(ConfigSection section, string key, params string[] allowed)
    {
        var value = NonBlank(section, key)?.ToLowerInvariant();
        // Array.IndexOf, not LINQ: this runs on every cached credential_process call of a SAML profile.
        if (value is not null && Array.IndexOf(allowed, value) < 0)
        {
            throw Invalid(section, key, $"'{value}' is not one of {string.Join(", ", allowed)}");
        }

        return value;
    }

    private static ConfigException Invalid(ConfigSection section, string key, string reason)
    {
        var location = section.Get(key)!.Location;
        return new ConfigException($"profile '{section.Name}': {key}: {reason}", location.File, location.Line);
    }
}
