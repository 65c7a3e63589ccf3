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

    [Fact]
    public async Task AWS_ENDPOINT_URL_SIGNIN_plus_the_real_path_reaches_it_and_federation_sessions_sign_in_without_a_duration()
    {
        using var home = _sandbox.CreateHome();
        var endpoint = home.Environment["AWS_ENDPOINT_URL_SIGNIN"] + "/federation";
        var policy = JsonSerializer.Serialize(new { Version = "2012-10-17", Statement = new[] { new { Effect = "Allow", Action = "*", Resource = "*" } } });
        var federated = await Python.RunAsync(home, "call", "alice", "sts", "get_federation_token", JsonSerializer.Serialize(new { Name = "alice", Policy = policy }));
        using var http = new HttpClient();

        using var withDuration = await http.GetAsync(SigninTokenUrl(federated.GetProperty("Credentials"), 3600, endpoint));
        var token = JsonDocument.Parse(await http.GetStringAsync(SigninTokenUrl(federated.GetProperty("Credentials"), null, endpoint))).RootElement.GetProperty("SigninToken").GetString()!;
        var page = await http.GetStringAsync($"{endpoint}?Action=login&Issuer=sesame&Destination={Uri.EscapeDataString("https://console.aws.amazon.com/")}&SigninToken={token}");

        Assert.Equal(_sandbox.Console.FederationEndpoint.ToString(), endpoint);
        Assert.Equal(HttpStatusCode.BadRequest, withDuration.StatusCode);
        Assert.Contains("federated-user/alice", page);
    }

    private string SigninTokenUrl(JsonElement credentials, int? duration, string? endpoint = null)
    {
        var session = JsonSerializer.Serialize(new
        {
            sessionId = credentials.GetProperty("AccessKeyId").GetString(),
            sessionKey = credentials.GetProperty("SecretAccessKey").GetString(),
            sessionToken = credentials.GetProperty("SessionToken").GetString(),
        });
        return $"{endpoint ?? _sandbox.Console.FederationEndpoint.ToString()}?Action=getSigninToken{(duration is null ? string.Empty : $"&SessionDuration={duration}")}&Session={Uri.EscapeDataString(session)}";
    }
}
