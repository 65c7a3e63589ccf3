using Microsoft.AspNetCore.Http;
using Sesame.Sandbox.Hosting;

namespace Sesame.Sandbox.Sso;

/// <summary>Routing, fault knobs, throttling and recording for the Identity Center endpoints.</summary>
public sealed partial class IdentityCenterService
{
    /// <summary>Handles the request when it is an OIDC, portal or approval-page call; false otherwise.</summary>
    internal async Task<bool> TryHandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var action = (method, path) switch
        {
            ("POST", "/client/register") => "RegisterClient",
            ("POST", "/device_authorization") => "StartDeviceAuthorization",
            ("POST", "/token") => "CreateToken",
            ("GET", "/authorize") => "Authorize",
            ("POST", "/authorize/decision") => "AuthorizeDecision",
            ("GET", "/device" or "/device/") => "DevicePage",
            ("POST", "/device/decision") => "DeviceDecision",
            ("GET", "/assignment/accounts") => "ListAccounts",
            ("GET", "/assignment/roles") => "ListAccountRoles",
            ("GET", "/federation/credentials") => "GetRoleCredentials",
            ("POST", "/logout") => "Logout",
            _ => null,
        };
        if (action is null)
        {
            return false;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var reply = await AnswerAsync(context, action, parameters);
        if (action is not ("DevicePage" or "AuthorizeDecision" or "DeviceDecision"))
        {
            Calls.Add(new SsoCall(_directory.Clock.GetUtcNow(), action, parameters, reply.User, reply.Status, reply.Error?.Shape));
        }

        await reply.WriteAsync(context);
        return true;
    }

    private async Task<SsoReply> AnswerAsync(HttpContext context, string action, Dictionary<string, string> parameters)
    {
        var portal = action is "ListAccounts" or "ListAccountRoles" or "GetRoleCredentials" or "Logout";
        var (delay, fault) = Faults.Take(action);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (fault is { } kind)
        {
            return SsoReply.Fail(kind switch
            {
                FaultKind.Throttling => SsoError.TooManyRequests(),
                FaultKind.ExpiredToken => portal ? SsoError.Unauthorized() : SsoError.InvalidGrant("Token has expired"),
                _ => portal ? SsoError.PortalServerError() : SsoError.OidcServerError(),
            });
        }

        if (portal)
        {
            TokenBucket? bucket;
            lock (_lock)
            {
                bucket = _buckets.GetValueOrDefault(action);
            }

            if (bucket is not null && !bucket.TryTake())
            {
                return SsoReply.Fail(SsoError.TooManyRequests());
            }

            if (Bearer(context, out var token) is not { } user)
            {
                return SsoReply.Fail(SsoError.Unauthorized());
            }

            var query = context.Request.Query;
            return action switch
            {
                "ListAccounts" => ListAccounts(user, query, parameters),
                "ListAccountRoles" => ListAccountRoles(user, query, parameters),
                "GetRoleCredentials" => await GetRoleCredentialsAsync(user, query, parameters, context.RequestAborted),
                _ => Logout(token, user),
            };
        }

        switch (action)
        {
            case "Authorize":
                var reply = BeginAuthorization(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal), out _);
                parameters["clientId"] = context.Request.Query["client_id"].ToString();
                return reply;
            case "DevicePage":
                return DevicePage(context.Request.Query["user_code"].FirstOrDefault());
            case "AuthorizeDecision":
                return AuthorizeDecision(await context.Request.ReadFormAsync(context.RequestAborted));
            case "DeviceDecision":
                return DeviceDecision(await context.Request.ReadFormAsync(context.RequestAborted));
        }

        if (await SsoReply.ReadJsonAsync(context) is not { } body)
        {
            return SsoReply.Fail(SsoError.InvalidRequest("The request body must be a JSON object"));
        }

        return action switch
        {
            "RegisterClient" => RegisterClient(body, parameters),
            "StartDeviceAuthorization" => StartDeviceAuthorization(body, parameters),
            _ => CreateToken(body, parameters),
        };
    }
}
