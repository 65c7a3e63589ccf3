using System.Globalization;
using System.Net.Sockets;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.SignIn;

namespace Sesame.Core.Servers;

/// <summary>
/// An EC2 instance metadata endpoint for the processes of this computer (aws-wire-reference §6.2),
/// for SDKs pointed at it with <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c> (see
/// <see cref="EnvironmentVariables"/>). IMDSv2: <c>PUT /latest/api/token</c> with
/// <c>X-aws-ec2-metadata-token-ttl-seconds</c> (1 to 21600, echoed back) issues a session token that
/// every <c>GET</c> must carry; requests without one get 401 unless <see cref="ImdsServerOptions.AllowImdsV1"/>.
/// Served: the role name and its credentials (<c>iam/security-credentials[-extended]/</c>),
/// <c>iam/info</c>, <c>instance-id</c>, <c>placement/region</c> and <c>placement/availability-zone</c>, and
/// <c>dynamic/instance-identity/document</c> with the region. Refused: clients not on this computer,
/// a <c>Host</c> other than a loopback name or 169.254.169.254 with the right port (DNS rebinding), and
/// any request with <c>X-Forwarded-For</c> (as IMDS refuses token requests that went through a proxy).
/// docs/servers.md has the security model.
/// </summary>
public sealed class ImdsCredentialServer : IAsyncDisposable
{
    /// <summary>The server's name in log lines.</summary>
    public const string Name = "instance metadata server";

    internal const string TokenHeader = "X-aws-ec2-metadata-token";
    internal const string TtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    private const string CredentialsPath = "/latest/meta-data/iam/security-credentials";
    private const string ExtendedPath = "/latest/meta-data/iam/security-credentials-extended";
    private const int MaxTtlSeconds = 21600;

    private readonly ImdsServerOptions _options;
    private readonly ServedCredentials _credentials;
    private readonly ImdsSessionTokens _tokens;
    private readonly ILog _log;
    private readonly TimeProvider _time;
    private readonly LoopbackHttpServer _http;
    private readonly int _port;
    private readonly string[] _loopbackNames;

    private ImdsCredentialServer(Func<CancellationToken, Task<AwsCredentials>> credentials, ILog log, TimeProvider time, ImdsServerOptions options)
    {
        options.Validate();
        _options = options;
        _log = log;
        _time = time;
        _tokens = new ImdsSessionTokens(time);
        _credentials = new ServedCredentials(credentials, time, log, options.Refresh, Name);
        var address = options.Address.IsIPv4MappedToIPv6 ? options.Address.MapToIPv4() : options.Address;
        _loopbackNames = ["127.0.0.1", "localhost", "::1", address.ToString()];
        _http = LoopbackHttpServer.Start(new LoopbackServerOptions { Address = address, Port = options.Port, Name = Name }, HandleAsync, log, time);
        _port = _http.Port;
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        Endpoint = new Uri(_port == 80 ? $"http://{host}" : $"http://{host}:{_port}");
    }

    /// <summary>The value for <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c> (no trailing slash; SDKs add the paths).</summary>
    public Uri Endpoint { get; }

    /// <summary>The port listened on.</summary>
    public int Port => _port;

    /// <summary>How many times the credentials callback has run.</summary>
    public int Fetches => _credentials.Fetches;

    /// <summary>The variable that points an SDK at this server.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Providers.ImdsEndpoint.EndpointVariable] = Endpoint.OriginalString,
    };

    /// <summary>Starts listening (throws <see cref="ConfigException"/> for a bad address or role name, or a port that cannot be bound).</summary>
    /// <param name="credentials">Gets credentials (the engine's chain); must return temporary credentials.</param>
    /// <param name="log">The server's log: refusals and fetch failures (never secrets).</param>
    /// <param name="time">The clock for expiry, tokens and timeouts.</param>
    /// <param name="options">Address, port, IMDSv1, role name, region.</param>
    public static ImdsCredentialServer Start(Func<CancellationToken, Task<AwsCredentials>> credentials, ILog log, TimeProvider? time = null, ImdsServerOptions? options = null)
        => new(credentials, log, time ?? TimeProvider.System, options ?? new ImdsServerOptions());

    /// <summary>Fetches credentials now, throwing what the fetch throws.</summary>
    public Task PrimeAsync(CancellationToken cancellationToken) => _credentials.PrimeAsync(cancellationToken);

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync().ConfigureAwait(false);
        _credentials.Dispose();
    }

    private async Task<LoopbackResponse> HandleAsync(LoopbackRequest request, CancellationToken cancellationToken)
    {
        if (request.HeaderCount("Host") != 1 || !HostAllowed(request.Header("Host")))
        {
            _log.Warn($"{Name}: refused {request} from {request.Remote}: unexpected Host field (a web page trying DNS rebinding looks like this)");
            return LoopbackResponse.Text(403, "Forbidden: unexpected Host\n");
        }

        if (request.HeaderCount("X-Forwarded-For") > 0)
        {
            // IMDS refuses token requests that came through a proxy; here nothing legitimate sends one.
            _log.Warn($"{Name}: refused {request} from {request.Remote}: it carries X-Forwarded-For (sent through a proxy)");
            return LoopbackResponse.Text(403, "Forbidden\n");
        }

        if (request.Method == "PUT")
        {
            return request.Path == "/latest/api/token" ? IssueToken(request) : LoopbackResponse.Text(405, "Method Not Allowed\n");
        }

        if (request.Method != "GET")
        {
            return LoopbackResponse.Text(405, "Method Not Allowed\n");
        }

        if (request.Path == "/latest/api/token")
        {
            return LoopbackResponse.Text(405, "Method Not Allowed\n");
        }

        var token = request.HeaderCount(TokenHeader) == 1 ? request.Header(TokenHeader) : null;
        if (token is null ? !_options.AllowImdsV1 : !_tokens.IsValid(token))
        {
            if (token is null)
            {
                _log.Debug($"{Name}: refused {request}: no session token (IMDSv1 is off; SDKs fetch one with PUT /latest/api/token)");
            }

            return LoopbackResponse.Text(401, "Unauthorized\n");
        }

        return await AnswerAsync(request.Path, cancellationToken).ConfigureAwait(false);
    }

    private bool HostAllowed(string? value)
    {
        if (!ServerSecurity.TryParseHost(value, out var host, out var port))
        {
            return false;
        }

        // 169.254.169.254 is what SDKs send when the alias is used (port 80); loopback names carry our port.
        return host == ImdsServerOptions.LinkLocalAddress.ToString()
            ? (port ?? 80) == 80 || port == _port
            : _loopbackNames.Contains(host, StringComparer.Ordinal) && (port ?? 80) == _port;
    }

    private LoopbackResponse IssueToken(LoopbackRequest request)
    {
        var ttlText = request.HeaderCount(TtlHeader) == 1 ? request.Header(TtlHeader) : null;
        if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl is < 1 or > MaxTtlSeconds)
        {
            return LoopbackResponse.Text(400, $"Bad Request: {TtlHeader} must be 1 to {MaxTtlSeconds}\n");
        }

        var token = _tokens.Issue(ttl);
        // The Rust SDK fails without the TTL echoed back.
        return LoopbackResponse.Text(200, token, [new(TtlHeader, ttl.ToString(CultureInfo.InvariantCulture))]);
    }

    private async Task<LoopbackResponse> AnswerAsync(string path, CancellationToken cancellationToken)
    {
        var trimmed = path.Length > 1 && path.EndsWith('/') ? path[..^1] : path;
        switch (trimmed)
        {
            case CredentialsPath or ExtendedPath:
                return LoopbackResponse.Text(200, _options.RoleName);
            case "/latest/meta-data/iam/info":
                return await InfoAsync(cancellationToken).ConfigureAwait(false);
            case "/latest/meta-data/instance-id":
                return LoopbackResponse.Text(200, _options.InstanceId);
            case "/latest/meta-data/placement/region" when _options.Region is { } region:
                return LoopbackResponse.Text(200, region);
            case "/latest/meta-data/placement/availability-zone" when _options.Region is { } region:
                return LoopbackResponse.Text(200, region + "a");
            case "/latest/dynamic/instance-identity/document":
                return await IdentityDocumentAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (prefix, extended) in new[] { (CredentialsPath + "/", false), (ExtendedPath + "/", true) })
        {
            if (trimmed.StartsWith(prefix, StringComparison.Ordinal))
            {
                return trimmed[prefix.Length..] == _options.RoleName
                    ? await CredentialsAsync(extended, cancellationToken).ConfigureAwait(false)
                    : LoopbackResponse.Text(404, "Not Found\n");
            }
        }

        return LoopbackResponse.Text(404, "Not Found\n");
    }

    private async Task<LoopbackResponse> CredentialsAsync(bool extended, CancellationToken cancellationToken)
    {
        try
        {
            var (credentials, fetchedAt) = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
            if (!credentials.IsTemporary || credentials.Expiration is null)
            {
                _log.Warn($"{Name}: {CredentialErrors.NotTemporary}");
                return LoopbackResponse.Json(200, CredentialDocuments.InstanceFailure("CredentialsFailed", CredentialErrors.NotTemporary, _time.GetUtcNow()));
            }

            return LoopbackResponse.Json(200, CredentialDocuments.Instance(credentials, fetchedAt, extended));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // As IMDS reports a role it cannot get credentials for: 200 with a Code and a Message.
            var (_, code, message) = CredentialErrors.Describe(e);
            return LoopbackResponse.Json(200, CredentialDocuments.InstanceFailure(code, message, _time.GetUtcNow()));
        }
    }

    private async Task<LoopbackResponse> InfoAsync(CancellationToken cancellationToken)
    {
        var account = await AccountAsync(cancellationToken).ConfigureAwait(false);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Code", "Success"),
            new("LastUpdated", UtcTimestamp.Format(_credentials.LastUpdated ?? _time.GetUtcNow())),
        };
        if (account is not null)
        {
            fields.Add(new("InstanceProfileArn", $"arn:{AwsPartition.ForRegion(_options.Region).Name}:iam::{account}:instance-profile/{_options.RoleName}"));
        }

        // A stable id in IAM's shape (AIPA + 17 characters), derived from the role name.
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(_options.RoleName)))[..17];
        fields.Add(new("InstanceProfileId", "AIPA" + id));
        return LoopbackResponse.Json(200, CredentialDocuments.Object(fields));
    }

    private async Task<LoopbackResponse> IdentityDocumentAsync(CancellationToken cancellationToken)
    {
        var account = await AccountAsync(cancellationToken).ConfigureAwait(false);
        var fields = new List<KeyValuePair<string, string>>();
        if (account is not null)
        {
            fields.Add(new("accountId", account));
        }

        if (_options.Region is { } region)
        {
            fields.Add(new("availabilityZone", region + "a"));
            fields.Add(new("region", region));
        }

        fields.Add(new("instanceId", _options.InstanceId));
        fields.Add(new("version", "2017-09-30"));
        return LoopbackResponse.Json(200, CredentialDocuments.Object(fields));
    }

    /// <summary>The account of the served credentials, when known (fetching them if needed; a failure just leaves it out).</summary>
    private async Task<string?> AccountAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _credentials.GetAsync(cancellationToken).ConfigureAwait(false)).Credentials.AccountId;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
