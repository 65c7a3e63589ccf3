using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sesame.Sandbox.Hosting;
using Sesame.Sandbox.Identity;
using Sesame.Sandbox.Metadata;
using Sesame.Sandbox.Sso;

namespace Sesame.Sandbox;

/// <summary>The identity and metadata surfaces, and the control calls for out-of-process users (scripts/try, python tests).</summary>
public sealed partial class Sandbox
{
    private IdentityCenterService? _sso;
    private MetadataService? _metadata;
    private WebIdentityIssuer? _webIdentity;
    private SamlIdentityProvider? _saml;
    private ConsoleFederation? _console;

    /// <summary>IAM Identity Center: endpoint, recorder, approvals, throttling.</summary>
    public IdentityCenterService Sso => _sso ??= new IdentityCenterService(_directory, Options);

    /// <summary>Instance metadata (IMDSv2) and container credentials.</summary>
    public MetadataService Metadata => _metadata ??= new MetadataService(_directory, Options.ImdsTokenRequired);

    /// <summary>The OIDC issuer whose tokens AssumeRoleWithWebIdentity accepts.</summary>
    public WebIdentityIssuer WebIdentity => _webIdentity ??= new WebIdentityIssuer(_directory);

    /// <summary>The ADFS-style SAML IdP whose assertions AssumeRoleWithSAML accepts.</summary>
    public SamlIdentityProvider Saml => _saml ??= new SamlIdentityProvider(_directory);

    /// <summary>
    /// Console federation: getSigninToken and login at <c>/federation</c> on the identity host, so clients
    /// following <c>AWS_ENDPOINT_URL_SIGNIN</c> (in <see cref="ClientEnvironment"/>) with the real endpoint's
    /// path reach it; <see cref="ConsoleFederation.FederationEndpoint"/> is the full URL.
    /// </summary>
    public ConsoleFederation Console => _console ??= new ConsoleFederation(_directory);

    partial void OnEndpointsStarted(SandboxHost host)
    {
        Sso.Endpoint = new Uri($"http://127.0.0.1:{host.IdentityPort}");
        Metadata.ImdsEndpoint = new Uri($"http://127.0.0.1:{host.MetadataPort}");
        Metadata.ContainerCredentialsUri = new Uri($"http://127.0.0.1:{host.MetadataPort}{Metadata.ContainerPath}");
        Console.FederationEndpoint = new Uri($"http://127.0.0.1:{host.IdentityPort}/federation");
        Sts.WebIdentity = WebIdentity.AssumeRoleAsync;
        Sts.Saml = Saml.AssumeRoleAsync;
        Saml.SignOnUrl = new Uri($"http://127.0.0.1:{host.IdentityPort}{SamlIdentityProvider.SignOnPath}?loginToRp=urn:amazon:webservices");
    }

    private async Task IdentityAsync(HttpContext context)
    {
        if (await Sso.TryHandleAsync(context) || await Saml.TryHandleAsync(context) || await Console.TryHandleAsync(context))
        {
            return;
        }

        var path = context.Request.Path.Value ?? "/";
        if (path == "/oidc/.well-known/openid-configuration")
        {
            await WriteAsync(context, 200, "application/json", WebIdentityIssuer.Discovery(Sso.Endpoint));
        }
        else if (path == "/oidc/keys")
        {
            await WriteAsync(context, 200, "application/json", WebIdentity.Jwks());
        }
        else if (path.StartsWith("/sandbox/", StringComparison.Ordinal))
        {
            await ControlAsync(context, path);
        }
        else
        {
            await WriteAsync(context, 404, "text/plain", "not found");
        }
    }

    private Task MetadataAsync(HttpContext context) => Metadata.HandleAsync(context);

    /// <summary>
    /// Control calls (loopback only, like everything here): act as the user from another process.
    /// Documented in docs/sandbox.md.
    /// </summary>
    private async Task ControlAsync(HttpContext context, string path)
    {
        var q = context.Request.Query;
        try
        {
            switch (context.Request.Method, path)
            {
                case ("GET", "/sandbox/mfa/code"):
                    await WriteAsync(context, 200, "text/plain", Mfa.UnusedCode(q["serial"].ToString()));
                    return;
                case ("POST", "/sandbox/sso/approve"):
                    if (q["deny"] == "1" || q["deny"] == "true")
                    {
                        Sso.DenyDevice(q["user_code"].ToString());
                    }
                    else
                    {
                        Sso.ApproveDevice(q["user_code"].ToString(), q["user"].FirstOrDefault());
                    }

                    await WriteAsync(context, 200, "text/plain", "ok");
                    return;
                case ("POST", "/sandbox/sso/auto-approve"):
                    Sso.AutoApprove = string.IsNullOrEmpty(q["user"]) ? null : q["user"].ToString();
                    await WriteAsync(context, 200, "text/plain", "ok");
                    return;
                case ("POST", "/sandbox/web-identity/token"):
                    await WriteAsync(context, 200, "text/plain", WebIdentity.IssueToken(
                        q["sub"].FirstOrDefault() ?? "system:serviceaccount:default:app", q["aud"].FirstOrDefault() ?? "sts.amazonaws.com"));
                    return;
                case ("GET", "/sandbox/sts/calls"):
                    var calls = new JsonArray(Sts.Calls.All.Select(c => (JsonNode)new JsonObject
                    {
                        ["service"] = c.Service,
                        ["action"] = c.Action,
                        ["principal"] = c.Principal,
                        ["status"] = c.Status,
                        ["errorCode"] = c.ErrorCode,
                        ["servedMs"] = Math.Round(c.ServedIn.TotalMilliseconds, 3),
                        ["arrivedUnixMs"] = c.Time.ToUnixTimeMilliseconds(),
                        ["parameters"] = new JsonObject(c.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
                    }).ToArray());
                    await WriteAsync(context, 200, "application/json", calls.ToJsonString());
                    return;
                default:
                    await WriteAsync(context, 404, "text/plain", "unknown control call");
                    return;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            await WriteAsync(context, 400, "text/plain", e.Message);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
