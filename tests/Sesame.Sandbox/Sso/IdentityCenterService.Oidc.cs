using System.Text.Json.Nodes;

namespace Sesame.Sandbox.Sso;

/// <summary>SSO-OIDC: RegisterClient, StartDeviceAuthorization, CreateToken (aws-wire-reference.md §3.2).</summary>
public sealed partial class IdentityCenterService
{
    private const string DeviceGrantType = "urn:ietf:params:oauth:grant-type:device_code";

    private SsoReply RegisterClient(JsonObject body, Dictionary<string, string> parameters)
    {
        var name = (string?)body["clientName"];
        var type = (string?)body["clientType"];
        parameters["clientName"] = name ?? string.Empty;
        var scopes = Strings(body["scopes"]);
        var grants = Strings(body["grantTypes"]);
        var redirects = Strings(body["redirectUris"]);
        if (scopes.Count > 0)
        {
            parameters["scopes"] = string.Join(' ', scopes);
        }

        if (grants.Count > 0)
        {
            parameters["grantTypes"] = string.Join(' ', grants);
        }

        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(type))
        {
            return SsoReply.Fail(SsoError.InvalidRequest("clientName and clientType are required"));
        }

        if (type != "public")
        {
            return SsoReply.Fail(SsoError.InvalidClientMetadata("Invalid client type: only public clients are supported"));
        }

        if (grants.Contains("authorization_code") && (redirects.Count == 0 || body["issuerUrl"] is null))
        {
            return SsoReply.Fail(SsoError.InvalidRequest("authorization_code clients need redirectUris and issuerUrl"));
        }

        var now = _directory.Clock.GetUtcNow();
        var client = new ClientRegistration
        {
            ClientId = Random(22),
            ClientSecret = "eyJraWQiOiJzYW5kYm94In0." + Random(160),
            ClientName = name,
            Scopes = scopes,
            GrantTypes = grants,
            RedirectUris = redirects,
            ExpiresAt = now + _options.ClientRegistrationLifetime,
        };
        lock (_lock)
        {
            _clients[client.ClientId] = client;
        }

        return SsoReply.Json(new JsonObject
        {
            ["clientId"] = client.ClientId,
            ["clientSecret"] = client.ClientSecret,
            ["clientIdIssuedAt"] = now.ToUnixTimeSeconds(),
            ["clientSecretExpiresAt"] = client.ExpiresAt.ToUnixTimeSeconds(),
        });
    }

    private SsoReply StartDeviceAuthorization(JsonObject body, Dictionary<string, string> parameters)
    {
        var startUrl = (string?)body["startUrl"];
        parameters["startUrl"] = startUrl ?? string.Empty;
        if (Authenticate(body, parameters) is not { } client)
        {
            return SsoReply.Fail(SsoError.InvalidClient("Invalid client credentials"));
        }

        if (startUrl != StartUrl)
        {
            return SsoReply.Fail(SsoError.InvalidRequest($"Invalid start URL: this Identity Center's is {StartUrl}"));
        }

        var now = _directory.Clock.GetUtcNow();
        var grant = new DeviceGrant
        {
            DeviceCode = Random(64),
            UserCode = $"{Sts.CredentialMint.RandomString("BCDFGHJKLMNPQRSTVWXZ", 4)}-{Sts.CredentialMint.RandomString("BCDFGHJKLMNPQRSTVWXZ", 4)}",
            Client = client,
            ExpiresAt = now + _options.DeviceCodeLifetime,
            Status = AutoApprove is null ? ApprovalStatus.Pending : ApprovalStatus.Approved,
            User = AutoApprove,
        };
        TaskCompletionSource started;
        lock (_lock)
        {
            _devices[grant.DeviceCode] = grant;
            started = _deviceStarted;
            _deviceStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        started.TrySetResult();
        var verification = new Uri(Endpoint, "device").ToString();
        return SsoReply.Json(new JsonObject
        {
            ["deviceCode"] = grant.DeviceCode,
            ["userCode"] = grant.UserCode,
            ["verificationUri"] = verification,
            ["verificationUriComplete"] = $"{verification}?user_code={grant.UserCode}",
            ["expiresIn"] = (int)_options.DeviceCodeLifetime.TotalSeconds,
            ["interval"] = (int)Math.Max(1, _options.DeviceCodeInterval.TotalSeconds),
        });
    }

    private SsoReply CreateToken(JsonObject body, Dictionary<string, string> parameters)
    {
        var grantType = (string?)body["grantType"] ?? string.Empty;
        parameters["grantType"] = grantType;
        if (Authenticate(body, parameters) is not { } client)
        {
            return SsoReply.Fail(SsoError.InvalidClient("Invalid client credentials"));
        }

        return grantType switch
        {
            DeviceGrantType => RedeemDeviceCode(client, (string?)body["deviceCode"]),
            "authorization_code" => RedeemAuthorizationCode(client, (string?)body["code"], (string?)body["redirectUri"], (string?)body["codeVerifier"]),
            "refresh_token" => Refresh(client, (string?)body["refreshToken"]),
            _ => SsoReply.Fail(SsoError.UnsupportedGrant(grantType)),
        };
    }

    private SsoReply RedeemDeviceCode(ClientRegistration client, string? deviceCode)
    {
        var now = _directory.Clock.GetUtcNow();
        lock (_lock)
        {
            if (deviceCode is null || !_devices.TryGetValue(deviceCode, out var grant) || grant.Client != client || grant.Status == ApprovalStatus.Redeemed)
            {
                return SsoReply.Fail(SsoError.InvalidGrant("Invalid device code provided"));
            }

            if (grant.ExpiresAt <= now)
            {
                return SsoReply.Fail(SsoError.ExpiredDeviceCode());
            }

            // slow_down when polled faster than the announced interval (20% slack for timer jitter).
            var tooFast = grant.LastPoll is { } last && now - last < _options.DeviceCodeInterval * 0.8;
            grant.LastPoll = now;
            if (_forcedSlowDowns > 0)
            {
                _forcedSlowDowns--;
                return SsoReply.Fail(SsoError.SlowDown());
            }

            if (tooFast && grant.Status == ApprovalStatus.Pending)
            {
                return SsoReply.Fail(SsoError.SlowDown());
            }

            switch (grant.Status)
            {
                case ApprovalStatus.Pending:
                    return SsoReply.Fail(SsoError.Pending());
                case ApprovalStatus.Denied:
                    return SsoReply.Fail(SsoError.Denied());
                default:
                    grant.Status = ApprovalStatus.Redeemed;
                    return IssueTokens(client, grant.User!);
            }
        }
    }

    private SsoReply RedeemAuthorizationCode(ClientRegistration client, string? code, string? redirectUri, string? verifier)
    {
        lock (_lock)
        {
            var grant = _authorizations.Values.FirstOrDefault(a => a.Code is not null && a.Code == code);
            if (grant is null || grant.Client != client || grant.Status != ApprovalStatus.Approved || grant.CodeExpiresAt <= _directory.Clock.GetUtcNow())
            {
                return SsoReply.Fail(SsoError.InvalidGrant("Invalid authorization code provided"));
            }

            if (redirectUri != grant.RedirectUri)
            {
                return SsoReply.Fail(SsoError.InvalidGrant("redirectUri does not match the authorization request"));
            }

            // RFC 7636 S256: base64url(SHA-256(verifier)) without padding must equal the challenge.
            if (verifier is null || PkceChallenge(verifier) != grant.CodeChallenge)
            {
                return SsoReply.Fail(SsoError.InvalidGrant("Code verifier does not match the code challenge"));
            }

            grant.Status = ApprovalStatus.Redeemed;
            return IssueTokens(client, grant.User!);
        }
    }

    private SsoReply Refresh(ClientRegistration client, string? refreshToken)
    {
        lock (_lock)
        {
            if (refreshToken is null || !_refreshTokens.TryGetValue(refreshToken, out var grant) || grant.Used || grant.Client != client)
            {
                return SsoReply.Fail(SsoError.InvalidGrant("Invalid refresh token provided"));
            }

            // Rotation: a refresh token works once; the answer carries its successor.
            grant.Used = true;
            return IssueTokens(client, grant.User);
        }
    }

    private SsoReply IssueTokens(ClientRegistration client, string user)
    {
        var token = "aoa" + Random(96);
        var body = new JsonObject
        {
            ["accessToken"] = token,
            ["tokenType"] = "Bearer",
            ["expiresIn"] = (int)_options.SsoAccessTokenLifetime.TotalSeconds,
        };
        lock (_lock)
        {
            _accessTokens[token] = new AccessToken(user, client.ClientId, _directory.Clock.GetUtcNow() + _options.SsoAccessTokenLifetime);
            if (client.GetsRefreshTokens)
            {
                var refresh = "aor" + Random(96);
                _refreshTokens[refresh] = new RefreshToken(user, client);
                body["refreshToken"] = refresh;
            }
        }

        return SsoReply.Json(body, user);
    }

    private ClientRegistration? Authenticate(JsonObject body, Dictionary<string, string> parameters)
    {
        var id = (string?)body["clientId"];
        parameters["clientId"] = id ?? string.Empty;
        lock (_lock)
        {
            return id is not null && _clients.TryGetValue(id, out var client) && client.ClientSecret == (string?)body["clientSecret"]
                && client.ExpiresAt > _directory.Clock.GetUtcNow()
                ? client
                : null;
        }
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n).Where(s => s is not null).Select(s => s!).ToList() : [];
}
