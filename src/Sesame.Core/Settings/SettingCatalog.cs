namespace Sesame.Core.Settings;

/// <summary>
/// Every setting Sesame reads through <see cref="SettingsSource"/>, by name. docs/settings.md documents
/// each of them (a test checks it), with the grammar of its type.
/// </summary>
public static class SettingCatalog
{
    // AWS settings: the names and precedence of the AWS CLI v2 (aws-wire-reference §9).

    /// <summary>The region (first choice): <c>AWS_REGION</c>.</summary>
    public static readonly Setting Region = new("AWS_REGION", null);

    /// <summary>The region (then): <c>AWS_DEFAULT_REGION</c>, then the profile's <c>region</c>.</summary>
    public static readonly Setting DefaultRegion = new("AWS_DEFAULT_REGION", "region");

    /// <summary>FIPS endpoints.</summary>
    public static readonly Setting UseFips = new("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");

    /// <summary>Dual-stack endpoints.</summary>
    public static readonly Setting UseDualStack = new("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");

    /// <summary>Ignore every configured endpoint URL.</summary>
    public static readonly Setting IgnoreConfiguredEndpointUrls = new("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls");

    /// <summary>The global endpoint URL (after the per-service variable).</summary>
    public static readonly Setting EndpointUrl = new("AWS_ENDPOINT_URL", null);

    /// <summary>The profile's own endpoint URL (after the <c>[services]</c> section).</summary>
    public static readonly Setting ProfileEndpointUrl = new(null, "endpoint_url");

    /// <summary>A service's endpoint URL: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>.</summary>
    public static Setting ServiceEndpointUrl(string environmentSuffix) => new("AWS_ENDPOINT_URL_" + environmentSuffix, null);

    /// <summary>Instance metadata off altogether (variable only, as in botocore).</summary>
    public static readonly Setting ImdsDisabled = new("AWS_EC2_METADATA_DISABLED", null);

    /// <summary>Never fall back to IMDSv1.</summary>
    public static readonly Setting ImdsV1Disabled = new("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled");

    /// <summary>Seconds each metadata request may take.</summary>
    public static readonly Setting ImdsTimeout = new("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout");

    /// <summary>Attempts per metadata request.</summary>
    public static readonly Setting ImdsAttempts = new("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts");

    /// <summary>The metadata endpoint.</summary>
    public static readonly Setting ImdsEndpoint = new("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint");

    /// <summary>The metadata endpoint mode (IPv4 / IPv6).</summary>
    public static readonly Setting ImdsEndpointMode = new("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode");

    // Sesame's own settings: SESAME_* variables, sesame_* keys.

    /// <summary>Refresh cached credentials when less than this remains.</summary>
    public static readonly Setting RefreshWindow = new("SESAME_REFRESH_WINDOW", "sesame_refresh_window");

    /// <summary>One MFA session (GetSessionToken) for every role behind an MFA device.</summary>
    public static readonly Setting MfaSession = new("SESAME_MFA_SESSION", "sesame_mfa_session");

    /// <summary>How long that MFA session lasts.</summary>
    public static readonly Setting SessionDuration = new("SESAME_SESSION_DURATION", "sesame_session_duration");

    /// <summary>How long to wait for another process fetching the same credentials.</summary>
    public static readonly Setting LockTimeout = new("SESAME_LOCK_TIMEOUT", "sesame_lock_timeout");

    /// <summary>How long credential_process and mfa_process may run.</summary>
    public static readonly Setting HelperTimeout = new("SESAME_HELPER_TIMEOUT", "sesame_helper_timeout");

    /// <summary>Whether credential commands may start an IAM Identity Center sign-in.</summary>
    public static readonly Setting SsoAutoLogin = new("SESAME_SSO_AUTO_LOGIN", null);

    /// <summary>The secret-store backend (from the <c>[default]</c> profile).</summary>
    public static readonly Setting Backend = new("SESAME_BACKEND", "sesame_backend");

    /// <summary>The encrypted file store's folder (from the <c>[default]</c> profile).</summary>
    public static readonly Setting FileDirectory = new("SESAME_FILE_DIR", "sesame_file_dir");

    /// <summary>How long an unlocked file store stays unlocked (from the <c>[default]</c> profile).</summary>
    public static readonly Setting UnlockTimeout = new("SESAME_UNLOCK_TIMEOUT", "sesame_unlock_timeout");

    /// <summary>Every setting above (for the documentation test).</summary>
    public static IReadOnlyList<Setting> All { get; } =
    [
        Region, DefaultRegion, UseFips, UseDualStack, IgnoreConfiguredEndpointUrls, EndpointUrl, ProfileEndpointUrl,
        ImdsDisabled, ImdsV1Disabled, ImdsTimeout, ImdsAttempts, ImdsEndpoint, ImdsEndpointMode,
        RefreshWindow, MfaSession, SessionDuration, LockTimeout, HelperTimeout, SsoAutoLogin,
        Backend, FileDirectory, UnlockTimeout,
    ];
}
