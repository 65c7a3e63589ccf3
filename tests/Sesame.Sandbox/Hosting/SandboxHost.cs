using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sesame.Sandbox.Hosting;

/// <summary>
/// One Kestrel server on three loopback ports: the STS front, the identity endpoints (SSO-OIDC, the SSO
/// portal, the OIDC issuer, the SAML IdP, the sandbox's control calls), and the metadata endpoints
/// (IMDS, container credentials). Separate ports keep a client that talks to the wrong service honest.
/// </summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListenOptions[] _listeners;

    private SandboxHost(WebApplication app, ListenOptions[] listeners)
    {
        _app = app;
        _listeners = listeners;
    }

    public int StsPort => _listeners[0].IPEndPoint!.Port;

    public int IdentityPort => _listeners[1].IPEndPoint!.Port;

    public int MetadataPort => _listeners[2].IPEndPoint!.Port;

    public static async Task<SandboxHost> StartAsync((int Sts, int Identity, int Metadata) ports, RequestDelegate sts, RequestDelegate identity,
        RequestDelegate metadata, Action<string>? log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Sesame.Sandbox" });
        var listeners = new ListenOptions[3];
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, ports.Sts, l => listeners[0] = l);
            kestrel.Listen(IPAddress.Loopback, ports.Identity, l => listeners[1] = l);
            kestrel.Listen(IPAddress.Loopback, ports.Metadata, l => listeners[2] = l);
        });
        var app = builder.Build();
        var host = new SandboxHost(app, listeners);
        app.Run(async context =>
        {
            var port = context.Connection.LocalPort;
            var handler = port == host.StsPort ? sts : port == host.IdentityPort ? identity : metadata;
            try
            {
                await handler(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                log?.Invoke($"sandbox: {context.Request.Method} {context.Request.Path} failed: {e.GetType().Name}: {e.Message}");
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync("sandbox internal error: " + e.GetType().Name);
                }
            }
        });
        await app.StartAsync(cancellationToken);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
