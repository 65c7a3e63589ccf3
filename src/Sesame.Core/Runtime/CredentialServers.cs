using System.Net;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Platform;
using Sesame.Core.Servers;

namespace Sesame.Core.Runtime;

/// <summary>How <c>serve --imds</c> listens.</summary>
/// <param name="Port">The port; 0 picks a free one.</param>
/// <param name="AllowImdsV1">Answer requests without a session token.</param>
/// <param name="Address">127.0.0.1 unless the administrator aliased 169.254.169.254 to loopback (docs/servers.md).</param>
public sealed record ImdsServeOptions(int Port = 0, bool AllowImdsV1 = false, IPAddress? Address = null);

/// <summary>
/// The local credential servers over one runtime (docs/servers.md): the container credentials server
/// for <c>exec --server</c> and <c>serve --ecs</c>, the instance metadata server for <c>serve --imds</c>.
/// Each serves one profile's temporary credentials (<see cref="TemporaryCredentials"/>), fetched at start
/// — so an MFA prompt happens on the terminal before any program runs — and renewed ahead of expiry.
/// </summary>
public sealed class CredentialServers
{
    /// <summary>How much life the servers want left in what they get from the engine (above the 15 minutes at which SDKs ask again).</summary>
    public static readonly TimeSpan MinimumRemaining = TimeSpan.FromMinutes(20);

    /// <summary>What the child of <c>exec --server</c> must not inherit (it would compete with the server, or is Sesame's own).</summary>
    private static readonly string[] NotInherited = ["SESAME_EXPORTED", "AWS_EC2_METADATA_SERVICE_ENDPOINT"];

    private readonly SesameRuntime _runtime;
    private readonly TemporaryCredentials _credentials;

    /// <summary>Creates the servers' wiring over a runtime.</summary>
    public CredentialServers(SesameRuntime runtime)
    {
        _runtime = runtime;
        _credentials = new TemporaryCredentials(runtime);
    }

    /// <summary>The credentials callback a server uses for <paramref name="profile"/>.</summary>
    public Func<CancellationToken, Task<AwsCredentials>> Source(string profile)
        => cancellationToken => _credentials.GetAsync(profile, MinimumRemaining, cancellationToken);

    /// <summary>Starts the container credentials server for a profile and fetches its credentials once (throws what that fetch throws, after stopping the server).</summary>
    public async Task<EcsCredentialServer> StartContainerAsync(string profile, int port, CancellationToken cancellationToken)
    {
        _ = _runtime.Engine.Layout(profile);
        var server = EcsCredentialServer.Start(Source(profile), _runtime.Seams.Log, _runtime.Seams.Time, new EcsServerOptions { Port = port });
        return await PrimedAsync(server, server.PrimeAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the instance metadata server for a profile (role name: the profile's name made IAM-safe; region: the profile's) and fetches its credentials once.</summary>
    public async Task<ImdsCredentialServer> StartInstanceMetadataAsync(string profile, ImdsServeOptions options, CancellationToken cancellationToken)
    {
        _ = _runtime.Engine.Layout(profile);
        var server = ImdsCredentialServer.Start(Source(profile), _runtime.Seams.Log, _runtime.Seams.Time, new ImdsServerOptions
        {
            Port = options.Port,
            AllowImdsV1 = options.AllowImdsV1,
            Address = options.Address ?? IPAddress.Loopback,
            RoleName = RoleName(profile),
            Region = _runtime.AwsSettings(profile).Region,
        });
        return await PrimedAsync(server, server.PrimeAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>exec --server</c>: starts the container credentials server for <paramref name="profile"/>, runs
    /// <paramref name="command"/> as a child pointed only at it (no keys in its environment, and nothing an
    /// SDK would read before the container provider), waits for it, stops the server, and returns the
    /// child's exit code. Warns when the user's files give <c>[default]</c> credentials, which botocore
    /// reads before the container provider.
    /// </summary>
    public async Task<int> RunWithContainerServerAsync(string profile, IReadOnlyList<string> command, int port, IProcessExecutor executor, CancellationToken cancellationToken)
    {
        if (DefaultProfileWarning() is { } warning)
        {
            _runtime.Seams.Log.Warn(warning);
        }

        var server = await StartContainerAsync(profile, port, cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            var environment = ServerEnvironment.ForContainerServer(ParentEnvironment(), server);
            foreach (var name in NotInherited)
            {
                environment.Remove(name);
            }

            if (_runtime.AwsSettings(profile).Region is { } region)
            {
                environment["AWS_REGION"] = region;
                environment["AWS_DEFAULT_REGION"] = region;
            }

            environment["SESAME_PROFILE"] = profile;
            return await executor.RunAsync(command[0], [.. command.Skip(1)], environment, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A warning when the user's files give the <c>[default]</c> profile credentials: SDKs resolve a profile
    /// (<c>default</c> when <c>AWS_PROFILE</c> is unset) before the container and instance metadata providers,
    /// so a program would use those instead of the server. <c>null</c> when there is nothing to say.
    /// </summary>
    public string? DefaultProfileWarning()
    {
        if (_runtime.Profiles.GetProfile("default") is not { } section)
        {
            return null;
        }

        string[] credentialKeys = [Keys.AwsAccessKeyId, Keys.RoleArn, Keys.CredentialProcess, Keys.SsoSession, Keys.SsoStartUrl, Keys.SsoAccountId, Keys.WebIdentityTokenFile];
        return credentialKeys.FirstOrDefault(section.Has) is { } key
            ? $"the [default] profile has {key}: SDKs that read the AWS config files use [default] before the credentials server; remove or rename it for the server to be used"
            : null;
    }

    /// <summary>The role name instance metadata shows for a profile: IAM role-name characters (others become '-'), at most 64.</summary>
    public static string RoleName(string profile)
    {
        var cleaned = new string([.. profile.Select(c => char.IsAsciiLetterOrDigit(c) || "+=,.@_-".Contains(c, StringComparison.Ordinal) ? c : '-')]);
        return cleaned.Length == 0 ? "sesame" : cleaned.Length > 64 ? cleaned[..64] : cleaned;
    }

    private Dictionary<string, string> ParentEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in _runtime.Seams.Environment.GetAll())
        {
            // Sesame's own secrets (the store's passphrase, …) are never the command's.
            if (!HelperEnvironment.IsSesameSecret(name))
            {
                result[name] = value;
            }
        }

        return result;
    }

    private static async Task<T> PrimedAsync<T>(T server, Func<CancellationToken, Task> prime, CancellationToken cancellationToken)
        where T : IAsyncDisposable
    {
        try
        {
            await prime(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
