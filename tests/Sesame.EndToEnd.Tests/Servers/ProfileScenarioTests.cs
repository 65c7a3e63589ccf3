using System.Net;
using System.Web;
using Sesame.EndToEnd.Tests.Infrastructure;
using Sesame.Testing;
using static Sesame.EndToEnd.Tests.Infrastructure.ChainOrganisation;

namespace Sesame.EndToEnd.Tests.Servers;

/// <summary>
/// Console sign-in, written profiles kept fresh, <c>refresh --install</c> and <c>exec</c>'s defaults,
/// through the real binary against the sandbox.
/// </summary>
public sealed class ProfileScenarioTests(ChainSandboxFixture fixture) : IClassFixture<ChainSandboxFixture>, IDisposable
{
    private const string Comment = "# my notes about these keys: keep them\n";

    private static readonly string PlainArn = $"arn:aws:sts::{Prod}:assumed-role/Plain/plain-e2e";

    private global::Sesame.Sandbox.Sandbox Sandbox => fixture.Sandbox;

    public void Dispose() => Sandbox.Sts.AssumedRoleLifetime = null;

    [Fact]
    public async Task Login_print_gives_a_url_whose_signin_token_came_from_the_role_session_and_the_sandbox_signs_in_with_it()
    {
        using var test = fixture.NewHome();
        var earlier = Sandbox.Console.SessionIds.Count;

        var run = await SesameCli.RunAsync(test.Home, "login", "plain", "--print", "--service", "ec2", "--duration", "1h");

        Assert.True(run.ExitCode == 0, run.ToString());
        var url = new Uri(run.Stdout.Trim());
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("login", query["Action"]);
        Assert.Equal($"https://{Sandbox.Region}.console.aws.amazon.com/ec2/home?region={Sandbox.Region}", query["Destination"]);
        Assert.Equal(1, Sandbox.Sts.Calls.Count("AssumeRole"));
        Assert.StartsWith("ASIA", Assert.Single(Sandbox.Console.SessionIds.Skip(earlier)), StringComparison.Ordinal);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        using var page = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(PlainArn, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var signIn = Sandbox.Console.SignIns[^1];
        Assert.Equal(PlainArn, signIn.Principal);
        Assert.Equal(3600, signIn.SessionDuration);
        Assert.Equal("sesame", signIn.Issuer);
        SecretScan.AssertNoSecrets(run.Stderr, [query["SigninToken"]!]);
    }

    [Fact]
    public async Task Login_of_an_iam_user_profile_sends_no_long_term_key_to_the_federation_endpoint()
    {
        using var test = fixture.NewHome();
        var bob = Sandbox.User("bob");
        var earlier = Sandbox.Console.SessionIds.Count;

        var run = await SesameCli.RunAsync(test.Home, "login", "bob", "--print");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(bob.AccessKeyId, Assert.Single(Sandbox.Sts.Calls.Of("GetFederationToken")).AccessKeyId);
        var sent = Assert.Single(Sandbox.Console.SessionIds.Skip(earlier));
        Assert.StartsWith("ASIA", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(Sandbox.Console.SessionIds, id => id.StartsWith("AKIA", StringComparison.Ordinal));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        using var page = await http.GetAsync(new Uri(run.Stdout.Trim()));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.EndsWith(":federated-user/bob", Sandbox.Console.SignIns[^1].Principal, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(run.Stdout + run.Stderr, [bob.SecretAccessKey]);
    }

    [Fact]
    public async Task A_written_profile_is_read_by_the_aws_cli_and_boto3_and_refresh_renews_it_near_expiry_keeping_comments_and_other_sections()
    {
        using var test = fixture.NewHome();
        File.WriteAllText(test.Home.CredentialsFile, Comment + File.ReadAllText(test.Home.CredentialsFile));
        var before = File.ReadAllText(test.Home.CredentialsFile);

        // Ten-minute sessions: inside refresh's 30-minute window from the start.
        Sandbox.Sts.AssumedRoleLifetime = TimeSpan.FromMinutes(10);
        var export = await SesameCli.RunAsync(test.Home, "export", "plain", "--to-profile", "plain-session");
        Assert.True(export.ExitCode == 0, export.ToString());
        var written = File.ReadAllText(test.Home.CredentialsFile);
        Assert.StartsWith(before, written, StringComparison.Ordinal);
        Assert.Equal(default, File.GetUnixFileMode(test.Home.CredentialsFile) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.UserExecute));

        var cli = await test.Home.RunAsync(AwsCli.Path, ["sts", "get-caller-identity", "--profile", "plain-session", "--query", "Arn", "--output", "text"]);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(PlainArn, cli.Stdout.Trim());
        var boto3 = await test.Home.RunAsync("python3", ["-c", "import boto3; print(boto3.Session(profile_name='plain-session').client('sts').get_caller_identity()['Arn'])"]);
        Assert.True(boto3.ExitCode == 0, boto3.ToString());
        Assert.Equal(PlainArn, boto3.Stdout.Trim());
        var oldKey = Value(written, "aws_access_key_id");
        var calls = Sandbox.Sts.Calls.Count("AssumeRole");

        var refresh = await SesameCli.RunAsync(test.Home, "refresh");

        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.StartsWith("plain-session: renewed from plain until ", refresh.Stdout, StringComparison.Ordinal);
        Assert.Equal(calls + 1, Sandbox.Sts.Calls.Count("AssumeRole"));
        var renewed = File.ReadAllText(test.Home.CredentialsFile);
        Assert.StartsWith(before, renewed, StringComparison.Ordinal);
        Assert.NotEqual(oldKey, Value(renewed, "aws_access_key_id"));
        var again = await test.Home.RunAsync(AwsCli.Path, ["sts", "get-caller-identity", "--profile", "plain-session", "--query", "Arn", "--output", "text"]);
        Assert.Equal(PlainArn, again.Stdout.Trim());
        SecretScan.AssertNoSecrets(export.Stdout + export.Stderr + refresh.Stdout + refresh.Stderr, [Value(written, "aws_secret_access_key"), Value(renewed, "aws_session_token")]);
    }

    [Fact]
    public async Task Kill_9_during_a_refresh_leaves_the_old_file_or_the_new_one_never_a_broken_one()
    {
        using var test = fixture.NewHome();
        File.WriteAllText(test.Home.CredentialsFile, Comment + File.ReadAllText(test.Home.CredentialsFile));
        Sandbox.Sts.AssumedRoleLifetime = TimeSpan.FromMinutes(10);
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "export", "plain", "--to-profile", "plain-session")).ExitCode);
        var versions = new HashSet<string>(StringComparer.Ordinal) { File.ReadAllText(test.Home.CredentialsFile) };

        // Every refresh renews (ten-minute sessions are always due); kill it at moments spread over its run.
        for (var i = 0; i < 8; i++)
        {
            var previous = File.ReadAllText(test.Home.CredentialsFile);
            using (var refresh = LiveProcess.Start(test.Home, SesameCli.Executable, ["refresh"]))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(40 + (i * 45)));
                refresh.Signal(9);
                await refresh.WaitForExitAsync();
            }

            var now = File.ReadAllText(test.Home.CredentialsFile);
            Assert.True(now == previous || IsWholeRenewal(now), $"after kill -9 number {i} the credentials file is neither the old one nor a whole new one:\n{now}");
            versions.Add(now);
        }

        // The file still works, and so does the next refresh.
        var after = await SesameCli.RunAsync(test.Home, "refresh");
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.True(IsWholeRenewal(File.ReadAllText(test.Home.CredentialsFile)));
        var cli = await test.Home.RunAsync(AwsCli.Path, ["sts", "get-caller-identity", "--profile", "plain-session", "--query", "Arn", "--output", "text"]);
        Assert.Equal(PlainArn, cli.Stdout.Trim());

        bool IsWholeRenewal(string text)
            => text.StartsWith(Comment, StringComparison.Ordinal)
                && text.Contains("[bob]\n", StringComparison.Ordinal)
                && text.Contains("[plain-session]\n", StringComparison.Ordinal)
                && new[] { "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "expiration", "sesame_source_profile" }.All(k => Value(text, k).Length > 0);
    }

    [Fact]
    public async Task Refresh_watch_renews_and_keeps_to_one_instance()
    {
        using var test = fixture.NewHome();
        Sandbox.Sts.AssumedRoleLifetime = TimeSpan.FromMinutes(10);
        Assert.Equal(0, (await SesameCli.RunAsync(test.Home, "export", "plain", "--to-profile", "plain-session")).ExitCode);

        using var watch = LiveProcess.Start(test.Home, SesameCli.Executable, ["refresh", "--watch"]);
        Assert.StartsWith("plain-session: renewed from plain until ", await watch.ReadLineAsync(), StringComparison.Ordinal);
        var second = await SesameCli.RunAsync(test.Home, "refresh", "--watch");

        Assert.Equal(16, second.ExitCode);
        Assert.Contains("another 'sesame refresh --watch' is already keeping the written profiles fresh", second.Stderr, StringComparison.Ordinal);
        watch.Signal(15);
        Assert.Equal(143, await watch.WaitForExitAsync());
    }

    [Fact]
    public async Task Refresh_install_writes_the_units_into_home_and_runs_systemctl_from_path()
    {
        using var test = fixture.NewHome();
        var log = Path.Combine(test.Home.Path, "systemctl.log");
        var systemctl = test.Home.WriteFile("fake-bin/systemctl", $"#!/bin/sh\necho \"$*\" >> '{log}'\n");
        File.SetUnixFileMode(systemctl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await SesameCli.RunAsync(test.Home, new Dictionary<string, string> { ["PATH"] = $"{Path.GetDirectoryName(systemctl)}:/usr/bin:/bin" }, null, "refresh", "--install");

        Assert.True(run.ExitCode == 0, run.ToString());
        var units = Path.Combine(test.Home.Path, ".config", "systemd", "user");
        var service = File.ReadAllText(Path.Combine(units, "sesame-refresh.service"));
        Assert.Contains($"ExecStart=\"{SesameCli.Executable}\" \"refresh\"", service, StringComparison.Ordinal);
        Assert.Contains($"Environment=\"AWS_SHARED_CREDENTIALS_FILE={test.Home.CredentialsFile}\"", service, StringComparison.Ordinal);
        Assert.DoesNotContain("PASSPHRASE", service, StringComparison.Ordinal);
        Assert.Contains("Persistent=true", File.ReadAllText(Path.Combine(units, "sesame-refresh.timer")), StringComparison.Ordinal);
        Assert.Equal(["--user daemon-reload", "--user enable --now sesame-refresh.timer"], File.ReadAllLines(log));
    }

    [Fact]
    public async Task Refresh_install_without_systemd_prints_the_crontab_line()
    {
        using var test = fixture.NewHome();
        var empty = Directory.CreateDirectory(Path.Combine(test.Home.Path, "no-systemd")).FullName;

        var run = await SesameCli.RunAsync(test.Home, new Dictionary<string, string> { ["PATH"] = empty }, null, "refresh", "--install");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("*/15 * * * * ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{SesameCli.Executable} refresh >> ", run.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(test.Home.Path, ".config", "systemd")));
    }

    [Fact]
    public async Task Exec_without_a_command_runs_the_shell_from_SHELL_and_dashes_without_a_profile_use_aws_profile()
    {
        using var test = fixture.NewHome();
        var marker = Path.Combine(test.Home.Path, "shell-ran");
        var shell = test.Home.WriteFile("bin/fake-shell", $"#!/bin/sh\necho \"$0|$#|$SESAME_PROFILE|${{AWS_ACCESS_KEY_ID%${{AWS_ACCESS_KEY_ID#????}}}}|${{AWS_PROFILE:-unset}}\" > '{marker}'\n");
        File.SetUnixFileMode(shell, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await SesameCli.RunAsync(test.Home, new Dictionary<string, string> { ["SHELL"] = shell }, null, "exec", "plain");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"{shell}|0|plain|ASIA|unset", File.ReadAllText(marker).Trim());

        var dashes = await SesameCli.RunAsync(test.Home, new Dictionary<string, string> { ["AWS_PROFILE"] = "plain" }, null, "exec", "--", "sh", "-c", "echo $SESAME_PROFILE");
        Assert.True(dashes.ExitCode == 0, dashes.ToString());
        Assert.Equal("plain", dashes.Stdout.Trim());

        var unnamed = await SesameCli.RunAsync(test.Home, "exec", "--", "aws", "sts", "get-caller-identity");
        Assert.Equal(2, unnamed.ExitCode);
        Assert.Equal("sesame: error: no profile before '--' and AWS_PROFILE is not set; name one: sesame exec PROFILE -- aws …", unnamed.Stderr.Trim());
    }

    private static string Value(string credentials, string key)
    {
        var start = credentials.IndexOf("[plain-session]", StringComparison.Ordinal);
        foreach (var line in credentials[start..].Split('\n').Skip(1))
        {
            if (line.StartsWith('['))
            {
                break;
            }

            if (line.StartsWith(key + " = ", StringComparison.Ordinal))
            {
                return line[(key.Length + 3)..];
            }
        }

        return string.Empty;
    }
}
