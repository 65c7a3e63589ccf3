namespace Sesame.Core.Servers;

/// <summary>
/// The environment of a program that should get its credentials from a Sesame server
/// (<c>exec --server</c>): the server's variables added, and every variable removed that SDKs would
/// read before them. SDK default chains (botocore, the AWS SDKs) try, in order: keys in the
/// environment, the profile named by <c>AWS_PROFILE</c> (roles, SSO, keys, <c>credential_process</c>),
/// web identity from <c>AWS_ROLE_ARN</c>/<c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, the container provider
/// (where <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> beats the full URI and
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> beats the token), then instance metadata. What this
/// cannot remove: a <c>[default]</c> profile with credentials in the user's files, which botocore uses
/// before the container provider when no profile is named — the caller should warn about it.
/// </summary>
public static class ServerEnvironment
{
    /// <summary>Variables removed for both servers.</summary>
    public static readonly IReadOnlyList<string> Shadowing =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    ];

    /// <summary>Variables also removed for the instance metadata server (the container provider comes first, and this one would switch it off).</summary>
    public static readonly IReadOnlyList<string> ShadowingInstanceMetadata =
    [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    ];

    /// <summary>The child's environment for <see cref="EcsCredentialServer"/>.</summary>
    public static Dictionary<string, string> ForContainerServer(IReadOnlyDictionary<string, string> parent, EcsCredentialServer server)
        => With(parent, Shadowing, server.EnvironmentVariables);

    /// <summary>The child's environment for <see cref="ImdsCredentialServer"/>.</summary>
    public static Dictionary<string, string> ForInstanceMetadataServer(IReadOnlyDictionary<string, string> parent, ImdsCredentialServer server)
        => With(parent, [.. Shadowing, .. ShadowingInstanceMetadata], server.EnvironmentVariables);

    /// <summary><paramref name="parent"/> without <paramref name="removed"/>, plus <paramref name="added"/>.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> parent, IEnumerable<string> removed, IReadOnlyDictionary<string, string> added)
    {
        var result = new Dictionary<string, string>(parent, StringComparer.Ordinal);
        foreach (var name in removed)
        {
            result.Remove(name);
        }

        foreach (var (name, value) in added)
        {
            result[name] = value;
        }

        return result;
    }
}
