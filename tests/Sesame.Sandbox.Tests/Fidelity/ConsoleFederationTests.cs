using System.Net;
using System.Text.Json;
using Sesame.Sandbox.Tests.Infrastructure;

namespace Sesame.Sandbox.Tests.Fidelity;

/// <summary>Console federation with credentials a real client obtained.</summary>
public sealed class ConsoleFederationTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await Sandbox.StartAsync(Organisation.Demo());

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Role_credentials_sign_in_and_session_token_credentials_do_not()
    {
        using var home = _sandbox.CreateHome();
        var role = await Python.RunAsync(home, "call", "alice", "sts", "assume_role",
            JsonSerializer.Serialize(new { RoleArn = "arn:aws:iam::111111111111:role/Developer", RoleSessionName = "console" }));
        var session = await Python.RunAsync(home, "call", "alice", "sts", "get_session_token", "{}");
        using var http = new HttpClient();

        using var refused = await http.GetAsync(SigninTokenUrl(session.GetProperty("Credentials"), null));
        var token = JsonDocument.Parse(await http.GetStringAsync(SigninTokenUrl(role.GetProperty("Credentials"), 3600))).RootElement.GetProperty("SigninToken").GetString()!;
        var login = $"{_sandbox.Console.FederationEndpoint}?Action=login&Issuer=sesame&Destination={Uri.EscapeDataString("https://console.aws.amazon.com/")}&SigninToken={token}";
        var page = await http.GetStringAsync(login);
        using var replay = await http.GetAsync(login);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("assumed-role/Developer/console", page);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        var signIn = Assert.Single(_sandbox.Console.SignIns);
        Assert.Equal(3600, signIn.SessionDuration);
        Assert.Equal("https://console.aws.amazon.com/", signIn.Destination);
    }

    private string SigninTokenUrl(JsonElement credentials, int? duration)
    {
        var session = JsonSerializer.Serialize(new
        {
            sessionId = credentials.GetProperty("AccessKeyId").GetString(),
            sessionKey = credentials.GetProperty("SecretAccessKey").GetString(),
            sessionToken = credentials.GetProperty("SessionToken").GetString(),
        });
        return $"{_sandbox.Console.FederationEndpoint}?Action=getSigninToken{(duration is null ? string.Empty : $"&SessionDuration={duration}")}&Session={Uri.EscapeDataString(session)}";
    }
}
