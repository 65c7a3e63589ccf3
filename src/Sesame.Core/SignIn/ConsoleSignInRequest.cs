using Sesame.Core.Aws;
using Sesame.Core.Credentials;

namespace Sesame.Core.SignIn;

/// <summary>
/// Where the credentials for a console sign-in came from, which decides what the federation endpoint
/// accepts (aws-wire-reference §7).
/// </summary>
public enum ConsoleSessionSource
{
    /// <summary>Long-term IAM user (or root) keys: made a federation session with GetFederationToken first, since the endpoint refuses them.</summary>
    LongTermKeys,

    /// <summary>Role credentials from a source that is not a role (AssumeRole with user keys or a session, SSO, SAML, web identity): <c>SessionDuration</c> may be sent.</summary>
    RoleSession,

    /// <summary>Role credentials obtained with role credentials (role chaining): <c>SessionDuration</c> is left out, AWS refuses it.</summary>
    ChainedRoleSession,

    /// <summary>GetFederationToken credentials: <c>SessionDuration</c> is left out, AWS refuses it.</summary>
    FederationSession,

    /// <summary>GetSessionToken credentials: the federation endpoint refuses them.</summary>
    SessionToken,
}

/// <summary>One console sign-in: the credentials, where they came from, and where to land.</summary>
public sealed record ConsoleSignInRequest
{
    /// <summary>The credentials to sign in with (never sent anywhere but STS and the federation endpoint).</summary>
    public required AwsCredentials Credentials { get; init; }

    /// <summary>Where the credentials came from.</summary>
    public required ConsoleSessionSource Source { get; init; }

    /// <summary>The federation endpoint (<see cref="ConsoleUrls.FederationEndpoint(AwsSettings, string?)"/>).</summary>
    public required Uri FederationEndpoint { get; init; }

    /// <summary>The console region (destination host and query), if any.</summary>
    public string? Region { get; init; }

    /// <summary>The console service to open (<c>ec2</c>, <c>s3</c>), if any.</summary>
    public string? Service { get; init; }

    /// <summary>An explicit console URL to open instead of a service page.</summary>
    public string? Destination { get; init; }

    /// <summary>
    /// The console session's length: <c>SessionDuration</c> for a <see cref="ConsoleSessionSource.RoleSession"/>
    /// (15 minutes to 12 hours), the federation token's lifetime for <see cref="ConsoleSessionSource.LongTermKeys"/>
    /// (15 minutes to 36 hours; default one hour); ignored, with a warning, where AWS refuses it.
    /// </summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The <c>Issuer</c> of the login URL (where the console sends the user when the session ends; tools put their name).</summary>
    public string Issuer { get; init; } = "sesame";

    /// <summary>The STS endpoint for GetFederationToken (needed with <see cref="ConsoleSessionSource.LongTermKeys"/>).</summary>
    public AwsEndpoint? StsEndpoint { get; init; }

    /// <summary>The federated user's name; by default the IAM user's name from GetCallerIdentity.</summary>
    public string? FederatedUserName { get; init; }
}

/// <summary>A console login URL.</summary>
/// <param name="Url">The <c>Action=login</c> URL: it signs in whoever opens it, once, for 15 minutes — treat it as a secret.</param>
/// <param name="Destination">The console page it lands on.</param>
/// <param name="ExpiresAt">When the URL stops working.</param>
/// <param name="SessionDurationSent">Whether <c>SessionDuration</c> went to the federation endpoint.</param>
/// <param name="FederatedUserArn">The federated user, when long-term keys were federated first.</param>
public sealed record ConsoleLogin(Uri Url, string Destination, DateTimeOffset ExpiresAt, bool SessionDurationSent, string? FederatedUserArn)
{
    /// <inheritdoc />
    public override string ToString() => $"ConsoleLogin {{ Destination = {Destination}, ExpiresAt = {ExpiresAt:O}, Url = ** redacted ** }}";
}
