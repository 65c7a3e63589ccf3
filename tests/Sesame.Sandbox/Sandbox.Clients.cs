using Sesame.Sandbox.Clients;

namespace Sesame.Sandbox;

/// <summary>What a client process needs to talk to this sandbox.</summary>
public sealed partial class Sandbox
{
    /// <summary>
    /// The environment variables that point AWS clients (botocore, the AWS CLI, SDKs, Sesame) at this
    /// sandbox (aws-wire-reference.md §9.2a): per-service endpoint URLs for STS, IAM, SSO, SSO-OIDC and Signin
    /// (console federation: <c>AWS_ENDPOINT_URL_SIGNIN</c> + <c>/federation</c>), the
    /// region (required with endpoint overrides), and the instance-metadata endpoint, so that no client ever
    /// tries 169.254.169.254. Container-credential variables are included only when asked for, since
    /// they put the container provider into every default chain.
    /// </summary>
    /// <param name="containerCredentials">Add AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN.</param>
    /// <param name="instanceMetadata">Point IMDS here (true) or disable it (false: AWS_EC2_METADATA_DISABLED=true).</param>
    public IReadOnlyDictionary<string, string> ClientEnvironment(bool containerCredentials = false, bool instanceMetadata = true)
    {
        var sts = Trim(Sts.Endpoint);
        var sso = Trim(Sso.Endpoint);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ENDPOINT_URL_STS"] = sts,
            ["AWS_ENDPOINT_URL_IAM"] = sts,
            ["AWS_ENDPOINT_URL_SSO"] = sso,
            ["AWS_ENDPOINT_URL_SSO_OIDC"] = sso,
            // Console federation is served at /federation on the same host, as on signin.aws.amazon.com.
            ["AWS_ENDPOINT_URL_SIGNIN"] = sso,
            ["AWS_REGION"] = Region,
            ["AWS_DEFAULT_REGION"] = Region,
        };
        if (instanceMetadata)
        {
            env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = Trim(Metadata.ImdsEndpoint);
        }
        else
        {
            env["AWS_EC2_METADATA_DISABLED"] = "true";
        }

        if (containerCredentials)
        {
            env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = Metadata.ContainerCredentialsUri.ToString();
            env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = Metadata.AuthorizationToken;
        }

        return env;
    }

    /// <summary>
    /// A throw-away HOME with <c>.aws/config</c> and <c>.aws/credentials</c> and this sandbox's client
    /// environment, for running real clients (the AWS CLI, python, sesame) as a user would. Delete it by
    /// disposing. With <paramref name="profiles"/> true it holds the profiles of <see cref="SandboxProfiles"/>.
    /// </summary>
    public ClientHome CreateHome(bool profiles = true, bool containerCredentials = false)
    {
        var home = new ClientHome(ClientEnvironment(containerCredentials));
        if (profiles)
        {
            var rendered = SandboxProfiles.Render(this, home.Path);
            home.WriteConfig(rendered.Config);
            home.WriteCredentials(rendered.Credentials);
            foreach (var (path, content) in rendered.Files)
            {
                File.WriteAllText(path, content);
            }
        }

        return home;
    }

    private static string Trim(Uri uri) => uri.ToString().TrimEnd('/');
}
