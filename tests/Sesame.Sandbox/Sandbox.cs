using Microsoft.AspNetCore.Http;
using Sesame.Sandbox.Hosting;
using Sesame.Sandbox.Moto;
using Sesame.Sandbox.Sts;
using Directory = Sesame.Sandbox.Moto.Directory;

namespace Sesame.Sandbox;

/// <summary>
/// A local AWS for tests: moto's server for STS/IAM (with IAM authentication on) plus what moto lacks: an
/// STS front that enforces MFA, external ids and the role-chaining limit, IAM Identity Center (SSO-OIDC
/// and portal), instance and container credentials, an OIDC issuer and a SAML IdP. Everything listens on
/// 127.0.0.1 and is gone when the sandbox is disposed.
/// <code>
/// await using var sandbox = await Sandbox.StartAsync(Organisation.Demo());
/// var env = sandbox.ClientEnvironment();   // AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSO, … and a region
/// </code>
/// </summary>
public sealed partial class Sandbox : IAsyncDisposable
{
    private readonly MotoServer _moto;
    private readonly MotoClient _motoClient;
    private readonly Directory _directory;
    private SandboxHost? _host;

    private Sandbox(Organisation organisation, SandboxOptions options, MotoServer moto, MotoClient motoClient, Directory directory)
    {
        Organisation = organisation;
        Options = options;
        _moto = moto;
        _motoClient = motoClient;
        _directory = directory;
        Sts = new StsFront(directory);
    }

    /// <summary>The organisation this sandbox was built from.</summary>
    public Organisation Organisation { get; }

    /// <summary>The options it runs with.</summary>
    public SandboxOptions Options { get; }

    /// <summary>The region client environments name.</summary>
    public string Region => Options.Region;

    /// <summary>IAM users as created in moto, by name, with their access keys.</summary>
    public IReadOnlyDictionary<string, SandboxUser> Users => _directory.Users;

    /// <summary>The virtual MFA devices: codes and seeds, to act as the user.</summary>
    public MfaDevices Mfa => _directory.Mfa;

    /// <summary>The STS front: endpoint, call recorder, fault knobs.</summary>
    public StsFront Sts { get; }

    /// <summary>moto's own endpoint (normally reached only through <see cref="Sts"/>).</summary>
    public Uri MotoEndpoint => _moto.Endpoint;

    /// <summary>The moto version running.</summary>
    public string MotoVersion => _moto.Version;

    /// <summary>The IAM user named <paramref name="name"/>.</summary>
    public SandboxUser User(string name) =>
        Users.TryGetValue(name, out var user) ? user : throw new ArgumentException($"no IAM user '{name}' in the organisation; known: {string.Join(", ", Users.Keys)}");

    /// <summary>Starts moto, builds the organisation in it, switches IAM authentication on, and starts the endpoints.</summary>
    /// <exception cref="SandboxUnavailableException">python3 or moto is missing; the message says how to get it.</exception>
    public static async Task<Sandbox> StartAsync(Organisation? organisation = null, SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        organisation ??= Organisation.Demo();
        options ??= new SandboxOptions();
        organisation.Validate();
        var moto = await MotoServer.StartAsync(options.Python, options.Log, cancellationToken);
        MotoClient? client = null;
        Sandbox? sandbox = null;
        try
        {
            client = new MotoClient(moto.Endpoint, options.Clock);
            var directory = new Directory(organisation, client, options.Clock, oidcProviderHost: Identity.WebIdentityIssuer.ProviderHost)
            {
                SessionLifetime = options.SessionLifetime,
            };
            await MotoSeeder.SeedAsync(directory, cancellationToken);
            sandbox = new Sandbox(organisation, options, moto, client, directory);
            await sandbox.StartEndpointsAsync(cancellationToken);
            return sandbox;
        }
        catch
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }
            else
            {
                client?.Dispose();
                await moto.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Stops the endpoints and moto.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _motoClient.Dispose();
        await _moto.DisposeAsync();
        _webIdentity?.Dispose();
        _saml?.Dispose();
    }

    private async Task StartEndpointsAsync(CancellationToken cancellationToken)
    {
        _host = await SandboxHost.StartAsync(Options.Ports, Sts.HandleAsync, HandleIdentityAsync, HandleMetadataAsync, Options.Log, cancellationToken);
        Sts.Endpoint = new Uri($"http://127.0.0.1:{_host.StsPort}");
        OnEndpointsStarted(_host);
    }

    partial void OnEndpointsStarted(SandboxHost host);

    private Task HandleIdentityAsync(HttpContext context) => IdentityAsync(context);

    private Task HandleMetadataAsync(HttpContext context) => MetadataAsync(context);
}
