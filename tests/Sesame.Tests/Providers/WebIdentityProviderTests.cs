using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Providers;
using Sesame.Testing;

namespace Sesame.Tests.Providers;

public sealed class WebIdentityProviderTests : IDisposable
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/ci";
    private readonly TempDirectory _temp = new("sesame-web-identity");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingSts _sts = new();

    public void Dispose() => _temp.Dispose();

    private WebIdentityProvider Provider(string tokenFile, string? sessionName = null)
        => new("ci", RoleArn, tokenFile, sessionName, () => _sts, PhysicalFileSystem.Instance, _time);

    [Fact]
    public async Task Reads_the_token_file_again_on_every_fetch_so_a_rotated_token_is_used()
    {
        var file = _temp.Write("token", "first-token");
        var provider = Provider(file, "deploy");

        await provider.GetAsync();
        File.WriteAllText(file, "second-token");
        await provider.GetAsync();

        Assert.Equal(["first-token", "second-token"], _sts.Calls.Select(c => c.Token));
        Assert.All(_sts.Calls, c => Assert.Equal((RoleArn, "deploy"), (c.RoleArn, c.SessionName)));
    }

    [Fact]
    public async Task Without_a_configured_session_name_a_generated_one_is_used()
    {
        await Provider(_temp.Write("token", "t")).GetAsync();

        Assert.Equal($"sesame-{_time.GetUtcNow().ToUnixTimeSeconds()}", _sts.Calls.Single().SessionName);
    }

    [Fact]
    public async Task The_token_is_sent_exactly_as_the_file_holds_it()
    {
        await Provider(_temp.Write("token", "header.payload.signature\n"), "s").GetAsync();

        Assert.Equal("header.payload.signature\n", _sts.Calls.Single().Token);
    }

    [Fact]
    public async Task A_missing_token_file_fails_before_calling_sts()
    {
        var missing = _temp.Combine("nope", "token");

        var error = await Assert.ThrowsAsync<CredentialsException>(() => Provider(missing).GetAsync());

        Assert.Equal($"profile 'ci': cannot read the web identity token file {missing}: the file does not exist", error.Message);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public async Task An_empty_token_file_fails_before_calling_sts()
    {
        var error = await Assert.ThrowsAsync<CredentialsException>(() => Provider(_temp.Write("token", "  \n")).GetAsync());

        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public async Task An_sts_refusal_names_the_role_and_code_keeps_the_exit_code_and_never_shows_the_token()
    {
        _sts.Failure = new AwsServiceException("STS", "AssumeRoleWithWebIdentity", "InvalidIdentityToken", "No OpenIDConnect provider found", 400, retryable: false);
        const string token = "eyJhbGciOiJSUzI1NiJ9.secret-claims.signature";

        var error = await Assert.ThrowsAsync<CredentialsException>(() => Provider(_temp.Write("token", token)).GetAsync());

        Assert.Contains($"could not assume {RoleArn}", error.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidIdentityToken: No OpenIDConnect provider found", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CredentialsFailed, error.ExitCode);
        SecretScan.AssertNoSecrets(error.Message, token);
    }

    private sealed class RecordingSts : IStsClient
    {
        public List<(string RoleArn, string SessionName, string Token)> Calls { get; } = [];

        public AwsServiceException? Failure { get; set; }

        public Task<StsResult> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, CancellationToken cancellationToken)
        {
            Calls.Add((roleArn, sessionName, webIdentityToken));
            return Failure is not null
                ? Task.FromException<StsResult>(Failure)
                : Task.FromResult(new StsResult(new AwsCredentials("ASIAWEB", "web-secret", "web-token", DateTimeOffset.UnixEpoch.AddYears(100), "123456789012"), null));
        }

        public Task<StsResult> AssumeRoleAsync(AwsCredentials caller, AssumeRoleRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StsResult> GetSessionTokenAsync(AwsCredentials caller, int? durationSeconds, string? serialNumber, string? tokenCode, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
