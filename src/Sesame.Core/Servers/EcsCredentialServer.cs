using System.Net;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Servers;

/// <summary>Options of <see cref="EcsCredentialServer"/>.</summary>
public sealed record EcsServerOptions
{
    /// <summary>The port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>When credentials are fetched again.</summary>
    public ServedCredentialsOptions Refresh { get; init; } = new();
}

/// <summary>
/// A container credentials endpoint for the processes of this computer (the ECS agent's protocol,
/// aws-wire-reference §6.1), for SDKs pointed at it with <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>
/// and <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> (see <see cref="EnvironmentVariables"/>). It listens on
/// 127.0.0.1 only and answers <c>GET /</c> with the credentials document when, and only when, the
/// client is on this computer, the <c>Host</c> field is exactly <c>127.0.0.1:PORT</c> (DNS rebinding)
/// and <c>Authorization</c> carries the run's random 256-bit token (compared in constant time).
/// Credentials come from the callback through <see cref="ServedCredentials"/>: renewed ahead of
/// expiry, one fetch however many SDK requests arrive. A fetch that needs a prompt nobody can answer
/// becomes a 503 with a JSON message for the SDK and a line in the server's log. docs/servers.md has
/// the security model.
/// </summary>
public sealed class EcsCredentialServer : IAsyncDisposable
{
    /// <summary>The server's name in log lines.</summary>
    public const string Name = "container credentials server";

    private readonly ServedCredentials _credentials;
    private readonly ILog _log;
    private readonly LoopbackHttpServer _http;
    private readonly string[] _hosts = ["127.0.0.1"];
    private readonly int _port;

    private EcsCredentialServer(Func<CancellationToken, Task<AwsCredentials>> credentials, ILog log, TimeProvider time, EcsServerOptions options)
    {
        _log = log;
        _credentials = new ServedCredentials(credentials, time, log, options.Refresh, Name);
        AuthorizationToken = ServerSecurity.NewToken();
        _http = LoopbackHttpServer.Start(new LoopbackServerOptions { Address = IPAddress.Loopback, Port = options.Port, Name = Name }, HandleAsync, log, time);
        _port = _http.Port;
        FullUri = new Uri($"http://127.0.0.1:{_port}/");
    }

    /// <summary>The value for <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>.</summary>
    public Uri FullUri { get; }

    /// <summary>The value for <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> (a secret: never log it).</summary>
    public string AuthorizationToken { get; }

    /// <summary>The port listened on.</summary>
    public int Port => _port;

    /// <summary>How many times the credentials callback has run.</summary>
    public int Fetches => _credentials.Fetches;

    /// <summary>The two variables that point an SDK at this server (the token is a secret).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Providers.ContainerEndpoint.FullUriVariable] = FullUri.ToString(),
        [Providers.ContainerProvider.TokenVariable] = AuthorizationToken,
    };

    /// <summary>Starts listening on 127.0.0.1 (throws <see cref="ConfigException"/> when the port cannot be bound).</summary>
    /// <param name="credentials">Gets credentials (the engine's chain); must return temporary credentials.</param>
    /// <param name="log">The server's log: refusals and fetch failures (never secrets).</param>
    /// <param name="time">The clock for expiry and timeouts.</param>
    /// <param name="options">Port and refresh rules.</param>
    public static EcsCredentialServer Start(Func<CancellationToken, Task<AwsCredentials>> credentials, ILog log, TimeProvider? time = null, EcsServerOptions? options = null)
        => new(credentials, log, time ?? TimeProvider.System, options ?? new EcsServerOptions());

    /// <summary>Fetches credentials now (before handing out the variables), throwing what the fetch throws.</summary>
    public Task PrimeAsync(CancellationToken cancellationToken) => _credentials.PrimeAsync(cancellationToken);

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync().ConfigureAwait(false);
        _credentials.Dispose();
    }

    private async Task<LoopbackResponse> HandleAsync(LoopbackRequest request, CancellationToken cancellationToken)
    {
        if (request.HeaderCount("Host") != 1 || !ServerSecurity.HostMatches(request.Header("Host"), _hosts, Port))
        {
            _log.Warn($"{Name}: refused {request} from {request.Remote}: the Host field is not 127.0.0.1:{Port} (a web page trying DNS rebinding looks like this)");
            return Error(403, "AccessDenied", $"Host must be 127.0.0.1:{Port}");
        }

        var authorization = request.HeaderCount("Authorization") == 1 ? request.Header("Authorization") : null;
        if (authorization is null)
        {
            _log.Warn($"{Name}: refused {request} from {request.Remote}: no Authorization token");
            return Error(401, "AccessDenied", "the Authorization token is missing (AWS_CONTAINER_AUTHORIZATION_TOKEN)");
        }

        if (!ServerSecurity.TokenEquals(authorization, AuthorizationToken))
        {
            _log.Warn($"{Name}: refused {request} from {request.Remote}: wrong Authorization token");
            return Error(403, "AccessDenied", "invalid Authorization token");
        }

        if (request.Path != "/")
        {
            return Error(404, "NotFound", "credentials are served at /");
        }

        if (request.Method != "GET")
        {
            return Error(405, "MethodNotAllowed", "use GET");
        }

        try
        {
            var (credentials, _) = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
            if (!credentials.IsTemporary || credentials.Expiration is null)
            {
                _log.Warn($"{Name}: {CredentialErrors.NotTemporary}");
                return Error(500, "CredentialsFailed", CredentialErrors.NotTemporary);
            }

            return LoopbackResponse.Json(200, CredentialDocuments.Container(credentials));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (status, code, message) = CredentialErrors.Describe(e);
            return Error(status, code, message);
        }
    }

    private static LoopbackResponse Error(int status, string code, string message)
        => LoopbackResponse.Json(status, CredentialDocuments.ContainerError(code, message));
}
