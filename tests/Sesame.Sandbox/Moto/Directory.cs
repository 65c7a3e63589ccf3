using System.Collections.Concurrent;
using Sesame.Sandbox.Sts;

namespace Sesame.Sandbox.Moto;

/// <summary>
/// The sandbox's shared state: the organisation, the users and roles as created in moto, every key seen,
/// the MFA devices, and the broker that mints role credentials for the endpoints moto lacks.
/// </summary>
internal sealed class Directory
{
    private readonly ConcurrentDictionary<string, Role> _roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _createdInMoto = new(StringComparer.Ordinal);

    public Directory(Organisation organisation, MotoClient moto, TimeProvider clock, string oidcProviderHost)
    {
        Organisation = organisation;
        Moto = moto;
        Clock = clock;
        OidcProviderHost = oidcProviderHost;
        Mfa = new MfaDevices(clock);
        foreach (var role in organisation.Roles)
        {
            _roles[role.Arn] = role;
        }
    }

    public Organisation Organisation { get; }

    public MotoClient Moto { get; }

    public TimeProvider Clock { get; }

    /// <summary>Host/path of the sandbox's OIDC issuer as IAM names it (<c>oidc-provider/…</c>).</summary>
    public string OidcProviderHost { get; }

    public CredentialRegistry Credentials { get; } = new();

    public MfaDevices Mfa { get; }

    public Dictionary<string, SandboxUser> Users { get; } = new(StringComparer.Ordinal);

    public SigningCredentials? Broker { get; set; }

    /// <summary>The cap on issued credentials' lifetime (<see cref="SandboxOptions.SessionLifetime"/>), if any.</summary>
    public TimeSpan? SessionLifetime { get; set; }

    /// <summary>An expiry shortened to <see cref="SessionLifetime"/> from now when that is earlier.</summary>
    public DateTimeOffset CapExpiration(DateTimeOffset expiration)
        => SessionLifetime is { } cap && Clock.GetUtcNow() + cap < expiration ? Clock.GetUtcNow() + cap : expiration;

    /// <summary>A role of the organisation, or one the sandbox created since (SSO's reserved roles).</summary>
    public Role? FindRole(string arn) => _roles.GetValueOrDefault(arn);

    /// <summary>Marks a role as existing in moto (done by seeding).</summary>
    public void MarkCreated(Role role)
    {
        _roles[role.Arn] = role;
        _createdInMoto[role.Arn] = new Lazy<Task>(Task.CompletedTask);
    }

    /// <summary>
    /// Creates <paramref name="role"/> in moto unless it exists: done lazily for Identity Center's reserved
    /// roles so that an organisation of thousands of accounts is ready at once. Runs in an
    /// unauthenticated window (moto has authentication on by then; see <see cref="MotoClient.WithoutAuthenticationAsync{T}"/>).
    /// </summary>
    public Task EnsureCreatedAsync(Role role, CancellationToken cancellationToken)
    {
        _roles.TryAdd(role.Arn, role);
        var lazy = _createdInMoto.GetOrAdd(role.Arn, _ => new Lazy<Task>(() => Moto.WithoutAuthenticationAsync(async () =>
        {
            await MotoSeeder.CreateRoleAsync(Moto, role, OidcProviderHost, alreadyInside: true, CancellationToken.None);
            return true;
        }, CancellationToken.None)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Gets real moto credentials for a role through the broker (AssumeRole by the sandbox's internal user),
    /// and remembers them so the front can name their principal.
    /// </summary>
    public async Task<(IssuedCredential Credential, string AssumedRoleId)> BrokerAssumeRoleAsync(
        string roleArn, string sessionName, int durationSeconds, bool mfa, CancellationToken cancellationToken)
    {
        var broker = Broker ?? throw new InvalidOperationException("the sandbox is not seeded yet");
        var response = await Moto.QueryAsync("sts", "AssumeRole",
            [new("RoleArn", roleArn), new("RoleSessionName", sessionName), new("DurationSeconds", durationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            broker, accountId: null, cancellationToken);
        if (!response.Ok)
        {
            throw new InvalidOperationException($"moto refused the broker's AssumeRole for {roleArn}: {response.ErrorCode}");
        }

        var issued = StsResults.ReadAssumedRole(response.Xml(), roleArn);
        var credential = issued with { Mfa = mfa, Expiration = CapExpiration(issued.Expiration!.Value) };
        Credentials.Add(credential);
        return (credential, response.Find("AssumedRoleId") ?? string.Empty);
    }
}
