using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sesame.Sandbox.Hosting;
using Sesame.Sandbox.Sts;
using Directory = Sesame.Sandbox.Moto.Directory;

namespace Sesame.Sandbox.Metadata;

/// <summary>
/// EC2 instance metadata (IMDSv2: token PUT, role listing, credentials JSON) and the ECS/EKS
/// container-credentials endpoint (with an authorization token), both serving real moto credentials for
/// the organisation's instance (or container) role (aws-wire-reference.md §6).
/// </summary>
public sealed class MetadataService
{
    private const string TokenHeader = "X-aws-ec2-metadata-token";
    private const string TtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    private readonly Directory _directory;
    private readonly object _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedCredential> _cached = new(StringComparer.Ordinal);

    internal MetadataService(Directory directory, bool tokenRequired)
    {
        _directory = directory;
        TokenRequired = tokenRequired;
        InstanceId = "i-0" + CredentialMint.RandomString("0123456789abcdef", 16);
        ContainerPath = "/v2/credentials/" + Guid.NewGuid().ToString("D");
        AuthorizationToken = "sandbox-" + CredentialMint.RandomString("abcdefghijklmnopqrstuvwxyz0123456789", 32);
    }

    /// <summary>IMDS base URL, for <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>.</summary>
    public Uri ImdsEndpoint { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>Full container-credentials URI, for <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>.</summary>
    public Uri ContainerCredentialsUri { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>The value <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> must carry.</summary>
    public string AuthorizationToken { get; }

    /// <summary>The instance id (also the role session name of instance credentials).</summary>
    public string InstanceId { get; }

    /// <summary>IMDSv2 "required": calls without a session token get 401. Default from <see cref="SandboxOptions.ImdsTokenRequired"/>.</summary>
    public bool TokenRequired { get; set; }

    /// <summary>Every call, in order.</summary>
    public CallLog<MetadataCall> Calls { get; } = new();

    /// <summary>Fault knobs (ServerError = 500, Throttling = 429, ExpiredToken = 401).</summary>
    public FaultPlan Faults { get; } = new();

    internal string ContainerPath { get; }

    private Role? InstanceRole => _directory.Organisation.InstanceRole is { } arn ? _directory.FindRole(arn) : null;

    private Role? ContainerRole => (_directory.Organisation.ContainerRole ?? _directory.Organisation.InstanceRole) is { } arn ? _directory.FindRole(arn) : null;

    internal async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var withToken = request.Headers.ContainsKey(TokenHeader);
        var action = (request.Method, path) switch
        {
            ("PUT", "/latest/api/token") => "PutToken",
            (_, "/latest/meta-data/iam/security-credentials/" or "/latest/meta-data/iam/security-credentials") => "ListRoles",
            (_, var p) when p.StartsWith("/latest/meta-data/iam/security-credentials/", StringComparison.Ordinal) => "GetRoleCredentials",
            (_, var p) when p == ContainerPath => "GetContainerCredentials",
            _ => "GetMetadata",
        };
        var (status, contentType, body, headers) = await AnswerAsync(context, action, path, withToken);
        Calls.Add(new MetadataCall(_directory.Clock.GetUtcNow(), action, path, withToken, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private async Task<(int, string, string, KeyValuePair<string, string>[])> AnswerAsync(HttpContext context, string action, string path, bool withToken)
    {
        var (delay, fault) = Faults.Take(action);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (fault is { } kind)
        {
            return kind switch
            {
                FaultKind.Throttling => Text(429, "Too Many Requests"),
                FaultKind.ExpiredToken => Text(401, "Unauthorized"),
                _ => Text(500, "Internal Server Error"),
            };
        }

        if (action == "GetContainerCredentials")
        {
            return await ContainerCredentialsAsync(context);
        }

        if (action == "PutToken")
        {
            return PutToken(context.Request);
        }

        if (withToken ? !ValidToken(context.Request.Headers[TokenHeader].ToString()) : TokenRequired)
        {
            return Text(401, string.Empty);
        }

        var role = InstanceRole;
        var region = _directory.Organisation.IdentityCenter?.Region ?? "us-east-1";
        switch (action)
        {
            case "ListRoles":
                return role is null ? Text(404, "Not Found") : Text(200, role.Name);
            case "GetRoleCredentials":
                var name = path[(path.LastIndexOf('/') + 1)..];
                if (role is null || name != role.Name)
                {
                    return Text(404, "Not Found");
                }

                var credential = await CredentialsAsync(role, InstanceId, context.RequestAborted);
                return Json(new JsonObject
                {
                    ["Code"] = "Success",
                    ["LastUpdated"] = StsXml.Iso(_directory.Clock.GetUtcNow()),
                    ["Type"] = "AWS-HMAC",
                    ["AccessKeyId"] = credential.AccessKeyId,
                    ["SecretAccessKey"] = credential.SecretAccessKey,
                    ["Token"] = credential.SessionToken,
                    ["Expiration"] = StsXml.Iso(credential.Expiration!.Value),
                });
        }

        return path.TrimEnd('/') switch
        {
            "/latest/meta-data/instance-id" => Text(200, InstanceId),
            "/latest/meta-data/placement/availability-zone" => Text(200, region + "a"),
            "/latest/meta-data/placement/region" => Text(200, region),
            "/latest/meta-data/iam/info" when role is not null => Json(new JsonObject
            {
                ["Code"] = "Success",
                ["LastUpdated"] = StsXml.Iso(_directory.Clock.GetUtcNow()),
                ["InstanceProfileArn"] = $"arn:aws:iam::{role.AccountId}:instance-profile/{role.Name}",
                ["InstanceProfileId"] = "AIPA" + CredentialMint.RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17),
            }),
            "/latest/dynamic/instance-identity/document" => Json(new JsonObject
            {
                ["accountId"] = role?.AccountId ?? "000000000000",
                ["instanceId"] = InstanceId,
                ["region"] = region,
                ["availabilityZone"] = region + "a",
                ["instanceType"] = "t3.micro",
                ["imageId"] = "ami-0sandbox",
            }),
            _ => Text(404, "Not Found"),
        };
    }

    private (int, string, string, KeyValuePair<string, string>[]) PutToken(HttpRequest request)
    {
        // IMDS refuses token requests that went through a proxy (X-Forwarded-For), and TTLs outside 1..21600.
        if (request.Headers.ContainsKey("X-Forwarded-For"))
        {
            return Text(403, "Forbidden");
        }

        if (!int.TryParse(request.Headers[TtlHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl is < 1 or > 21600)
        {
            return Text(400, "Bad Request");
        }

        var token = "AQAE" + CredentialMint.RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 52);
        lock (_lock)
        {
            _tokens[token] = _directory.Clock.GetUtcNow().AddSeconds(ttl);
        }

        // The Rust SDK fails without the TTL echoed back.
        return (200, "text/plain", token, [new(TtlHeader, ttl.ToString(CultureInfo.InvariantCulture))]);
    }

    private async Task<(int, string, string, KeyValuePair<string, string>[])> ContainerCredentialsAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != AuthorizationToken)
        {
            return Json(new JsonObject { ["code"] = "AccessDenied", ["message"] = "invalid Authorization token" }, 403);
        }

        if (ContainerRole is not { } role)
        {
            return Json(new JsonObject { ["code"] = "NotFound", ["message"] = "no container role in this organisation" }, 404);
        }

        var credential = await CredentialsAsync(role, "ecs-task-" + InstanceId[2..], context.RequestAborted);
        return Json(new JsonObject
        {
            ["RoleArn"] = role.Arn,
            ["AccessKeyId"] = credential.AccessKeyId,
            ["SecretAccessKey"] = credential.SecretAccessKey,
            ["Token"] = credential.SessionToken,
            ["Expiration"] = StsXml.Iso(credential.Expiration!.Value),
            ["AccountId"] = role.AccountId,
        });
    }

    /// <summary>Role credentials, reused until a quarter of their lifetime is left (IMDS rotates well before expiry).</summary>
    private async Task<IssuedCredential> CredentialsAsync(Role role, string sessionName, CancellationToken cancellationToken)
    {
        var lifetime = role.MaxSessionDuration;
        lock (_lock)
        {
            if (_cached.TryGetValue(sessionName, out var cached) && cached.Expiration - DateTimeOffset.UtcNow > lifetime / 4)
            {
                return cached;
            }
        }

        var (credential, _) = await _directory.BrokerAssumeRoleAsync(role.Arn, sessionName, (int)lifetime.TotalSeconds, mfa: false, cancellationToken);
        lock (_lock)
        {
            _cached[sessionName] = credential;
        }

        return credential;
    }

    private bool ValidToken(string token)
    {
        lock (_lock)
        {
            return _tokens.TryGetValue(token, out var expires) && expires > _directory.Clock.GetUtcNow();
        }
    }

    private static (int, string, string, KeyValuePair<string, string>[]) Text(int status, string body) => (status, "text/plain", body, []);

    private static (int, string, string, KeyValuePair<string, string>[]) Json(JsonObject body, int status = 200) => (status, "application/json", body.ToJsonString(), []);
}
