using System.Text.Json.Nodes;
using Sesame.EndToEnd.Tests.Infrastructure;
using static Sesame.EndToEnd.Tests.Infrastructure.ChainOrganisation;

namespace Sesame.EndToEnd.Tests;

/// <summary>
/// The same files and environment resolved by botocore (in a child process, since it fixes cache
/// folders from HOME when imported) and by <c>sesame whoami</c>, against the sandbox: the identities
/// must match (role and account always; the session name too wherever one is configured), and
/// where botocore fails, Sesame must fail too.
/// </summary>
public sealed class SideBySideTests(ChainSandboxFixture fixture) : IClassFixture<ChainSandboxFixture>
{
    /// <summary>One configuration to resolve both ways.</summary>
    public sealed record Scenario(string Name, string Config, string? Profile = null, Dictionary<string, string>? Environment = null, bool Fails = false)
    {
        public override string ToString() => Name;
    }

    private static string Chain(int depth, string leaf, bool sessionName = false)
    {
        var text = new System.Text.StringBuilder();
        var source = leaf;
        for (var i = 1; i <= depth; i++)
        {
            var account = i == 1 ? Dev : i == 2 ? Prod : Ops;
            text.Append($"[profile hop{i}]\nrole_arn = arn:aws:iam::{account}:role/Hop{i}\nsource_profile = {source}\n");
            if (sessionName)
            {
                text.Append($"role_session_name = side-by-side-{i}\n");
            }

            text.Append('\n');
            source = $"hop{i}";
        }

        return text.ToString();
    }

    public static TheoryData<string> Scenarios() => [.. All.Select(s => s.Name)];

    private static readonly Scenario[] All =
    [
        new("static keys, no role", "", Profile: "bob"),
        new("chain of depth 1 from static keys", Chain(1, "bob"), Profile: "hop1"),
        new("chain of depth 2 from static keys", Chain(2, "bob"), Profile: "hop2"),
        new("chain of depth 3 from static keys", Chain(3, "bob", sessionName: true), Profile: "hop3"),
        new("chain of depth 4 from static keys", Chain(4, "bob"), Profile: "hop4"),
        new("chain of depth 5 from static keys", Chain(5, "bob", sessionName: true), Profile: "hop5"),
        new("chain of depth 2 from a credential_process leaf", "[profile helper]\ncredential_process = sh {home}/bin/bob-keys.sh\n\n" + Chain(2, "helper", sessionName: true), Profile: "hop2"),
        new("credential_process alone", "[profile helper]\ncredential_process = sh {home}/bin/bob-keys.sh\n", Profile: "helper"),
        new("chain of depth 3 from credential_source = Environment", $"[profile envbase]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\ncredential_source = Environment\n\n[profile hop2]\nrole_arn = arn:aws:iam::{Prod}:role/Hop2\nsource_profile = envbase\n\n[profile hop3]\nrole_arn = arn:aws:iam::{Ops}:role/Hop3\nsource_profile = hop2\nrole_session_name = from-env\n", Profile: "hop3", Environment: BobEnvironment),
        new("[default] then [profile default] in the config file", $"[default]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\nsource_profile = bob\n\n[profile default]\nrole_arn = arn:aws:iam::{Prod}:role/Plain\nsource_profile = bob\nrole_session_name = pd\n"),
        new("default profile through the default chain", $"[default]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\nsource_profile = bob\nrole_session_name = dflt\n"),
        new("AWS_PROFILE selects the profile", Chain(2, "bob", sessionName: true), Environment: new() { ["AWS_PROFILE"] = "hop2" }),
        new("environment credentials beat AWS_PROFILE", Chain(2, "bob"), Environment: new(BobEnvironment) { ["AWS_PROFILE"] = "hop2" }),
        new("a named profile ignores environment credentials", Chain(1, "bob", sessionName: true), Profile: "hop1", Environment: UserEnvironment),
        new("self-referencing profile with keys", $"[profile selfie]\naws_access_key_id = {{bob-id}}\naws_secret_access_key = {{bob-secret}}\nrole_arn = arn:aws:iam::{Prod}:role/Plain\nsource_profile = selfie\nrole_session_name = selfie\n", Profile: "selfie"),
        new("source profile with keys and its own role uses its keys", $"[profile mid]\naws_access_key_id = {{bob-id}}\naws_secret_access_key = {{bob-secret}}\nrole_arn = arn:aws:iam::{Ops}:role/Hop3\nsource_profile = bob\n\n[profile top]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\nsource_profile = mid\nrole_session_name = top\n", Profile: "top"),
        new("missing source profile", $"[profile lost]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\nsource_profile = nowhere\n", Profile: "lost", Fails: true),
        new("source profile loop", $"[profile a]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\nsource_profile = b\n\n[profile b]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\nsource_profile = a\n", Profile: "a", Fails: true),
        new("role_arn without a source", $"[profile orphan]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\n", Profile: "orphan", Fails: true),
        new("credential_source = Environment with an empty environment", $"[profile envbase]\nrole_arn = arn:aws:iam::{Dev}:role/Hop1\ncredential_source = Environment\n", Profile: "envbase", Fails: true),
        new("failing credential_process", "[profile helper]\ncredential_process = sh -c 'exit 1'\n", Profile: "helper", Fails: true),
        new("unknown profile", "", Profile: "nope", Fails: true),
        new("role the source may not assume", $"[profile denied]\nrole_arn = arn:aws:iam::{Prod}:role/Team0\nsource_profile = bob\n", Profile: "denied", Fails: true),
    ];

    private static Dictionary<string, string> BobEnvironment => new() { ["AWS_ACCESS_KEY_ID"] = "{bob-id}", ["AWS_SECRET_ACCESS_KEY"] = "{bob-secret}" };

    private static Dictionary<string, string> UserEnvironment => new() { ["AWS_ACCESS_KEY_ID"] = "{user-id}", ["AWS_SECRET_ACCESS_KEY"] = "{user-secret}" };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Sesame_and_botocore_resolve_the_same_identity(string name)
    {
        var scenario = All.Single(s => s.Name == name);
        using var test = fixture.NewHome(scenario.Config);
        var home = test.Home;
        var bob = fixture.Sandbox.User("bob");
        var user = fixture.Sandbox.Users.Values.First(u => u.MfaSerial is not null);
        home.WriteConfig(File.ReadAllText(home.ConfigFile)
            .Replace("{bob-id}", bob.AccessKeyId, StringComparison.Ordinal)
            .Replace("{bob-secret}", bob.SecretAccessKey, StringComparison.Ordinal)
            .Replace("{home}", home.Path, StringComparison.Ordinal));
        home.WriteFile("bin/bob-keys.sh", $"echo '{{\"Version\": 1, \"AccessKeyId\": \"{bob.AccessKeyId}\", \"SecretAccessKey\": \"{bob.SecretAccessKey}\"}}'\n");
        var environment = (scenario.Environment ?? []).ToDictionary(
            p => p.Key,
            p => p.Value.Replace("{bob-id}", bob.AccessKeyId, StringComparison.Ordinal).Replace("{bob-secret}", bob.SecretAccessKey, StringComparison.Ordinal)
                .Replace("{user-id}", user.AccessKeyId, StringComparison.Ordinal).Replace("{user-secret}", user.SecretAccessKey, StringComparison.Ordinal));

        var botocore = await home.RunAsync("python3", [Path.Combine(AppContext.BaseDirectory, "Python", "botocore_whoami.py"), scenario.Profile ?? string.Empty], extraEnvironment: environment);
        Assert.True(botocore.ExitCode == 0, "python3 with botocore must be installed: " + botocore);
        var expected = JsonNode.Parse(botocore.Stdout.Trim().Split('\n')[^1])!;
        string[] arguments = scenario.Profile is null ? ["whoami", "--json"] : ["whoami", "--json", scenario.Profile];
        var sesame = await SesameCli.RunAsync(home, environment, null, arguments);

        if (scenario.Fails)
        {
            Assert.True(expected["error"] is not null, $"botocore was expected to fail but answered {expected.ToJsonString()}");
            Assert.True(sesame.ExitCode != 0, $"botocore failed ({expected["error"]}: {expected["message"]}) but sesame succeeded:\n{sesame}");
            Assert.StartsWith("sesame: error: ", sesame.Stderr, StringComparison.Ordinal);
            Assert.Single(sesame.Stderr.Trim().Split('\n'));
            return;
        }

        Assert.True(expected["arn"] is not null, $"botocore failed: {expected.ToJsonString()}");
        Assert.True(sesame.ExitCode == 0, sesame.ToString());
        var actual = JsonNode.Parse(sesame.Stdout)!["Arn"]!.GetValue<string>();
        Assert.Equal(Comparable(expected["arn"]!.GetValue<string>()), Comparable(actual));
    }

    /// <summary>
    /// Without a configured role_session_name each tool generates its own (botocore-session-N,
    /// sesame-N); everything else must be identical.
    /// </summary>
    private static string Comparable(string arn)
    {
        var parts = arn.Split('/');
        return parts.Length == 3 && parts[0].Contains(":assumed-role", StringComparison.Ordinal) && (parts[2].StartsWith("botocore-session-", StringComparison.Ordinal) || parts[2].StartsWith("sesame-", StringComparison.Ordinal))
            ? $"{parts[0]}/{parts[1]}/<generated>"
            : arn;
    }
}
