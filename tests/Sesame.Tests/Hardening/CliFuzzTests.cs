using System.Diagnostics;
using System.Text;
using Sesame.Testing;

namespace Sesame.Tests.Hardening;

/// <summary>
/// The attack kept as a test (issue 15, item 7): generated configurations and environments through the real
/// binary, in bounded time. Whatever the input, every command ends within seconds with a documented exit code
/// (never 1, "this is a bug"), never writes to the user's files, and never creates folders named after an
/// unexpanded path (<c>~</c>, <c>$HOME</c>) in the working folder. Every AWS address the generator can produce
/// is loopback (a refused port) or malformed: nothing leaves the machine.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CliFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Seed = 20261204;
    private const int Cases = 120;

    private static readonly string[] Profiles = ["base", "app", "sso", "web", "proc", "deep", "saml", "ghost"];

    private static readonly string[][] Commands =
    [
        ["list"], ["list", "--json"], ["explain", "{p}"], ["explain", "{p}", "--json"], ["status"], ["status", "{p}"],
        ["status", "{p}", "--json"], ["credential-process", "{p}"], ["export", "{p}"], ["export", "{p}", "--format", "json"],
        ["whoami", "{p}"], ["doctor", "--offline"], ["doctor", "--offline", "--json"], ["clear", "{p}"], ["backends"],
        ["shell", "complete", "--", "sesame exec "], ["exec", "{p}", "--", "true"], ["login", "{p}", "--print"],
    ];

    // Values chosen to break parsers: empty, blank, huge, control characters, paths that are not files, URLs
    // that are malformed or loopback only.
    private static readonly string[] Values =
    [
        "", " ", "  7 ", "-1", "0", "99999999999999999999", "x y", "auto", "true", "false", "yes", "maybe", "1h", "90m",
        "3600", "-3600", "12h30", "\u00e9t\u00e9", "~", "~/x", "$HOME/x", "relative/path", "/dev/null", "/dev/zero", "/", "/nonexistent/x",
        "http://127.0.0.1:9", "http://[::1", "ftp://127.0.0.1/", "http://localhost:9/", "https://127.0.0.1:9/path?q=1", "garbage",
        "us-east-1", "eu-west-1", "us_east_1", "arn:aws:iam::123456789012:role/r", "arn:aws:iam::", new string('a', 600),
        "a\u0001b", "\"quoted\"", "# not a comment", "[profile x]",
    ];

    private static readonly string[] Variables =
    [
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SIGNIN", "AWS_STS_REGIONAL_ENDPOINTS", "AWS_MAX_ATTEMPTS",
        "AWS_RETRY_MODE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
        "SESAME_BACKEND", "SESAME_FILE_DIR", "SESAME_LOCK_DIR", "SESAME_CACHE_DIR", "SESAME_SESSION_DURATION", "SESAME_MFA_SESSION",
        "SESAME_REFRESH_WINDOW", "SESAME_UNLOCK_TIMEOUT", "SESAME_FILE_PASSPHRASE",
    ];

    private static readonly string[] Keys =
    [
        "region", "role_arn", "source_profile", "credential_source", "mfa_serial", "duration_seconds", "external_id",
        "role_session_name", "web_identity_token_file", "credential_process", "sso_session", "sso_account_id", "sso_role_name",
        "sso_start_url", "sso_region", "endpoint_url", "sts_regional_endpoints", "aws_access_key_id", "aws_secret_access_key",
        "sesame_saml_url", "sesame_saml_username", "sesame_saml_role_arn", "sesame_saml_duration", "sesame_session_duration",
        "sesame_mfa_session", "mfa_process", "services",
    ];

    private const string BaseConfig = """
        [default]
        region = eu-west-1

        [profile base]
        aws_access_key_id = AKIAEXAMPLEFUZZKEY01
        aws_secret_access_key = fuzzSecretKeyThatMustNeverBePrinted0000

        [profile app]
        role_arn = arn:aws:iam::123456789012:role/app
        source_profile = base

        [sso-session corp]
        sso_start_url = https://d-1234567890.awsapps.com/start
        sso_region = eu-west-1

        [profile sso]
        sso_session = corp
        sso_account_id = 123456789012
        sso_role_name = Dev

        [profile web]
        role_arn = arn:aws:iam::123456789012:role/web
        web_identity_token_file = /nonexistent/token

        [profile proc]
        credential_process = false

        [profile deep]
        role_arn = arn:aws:iam::123456789012:role/deep
        source_profile = app
        mfa_serial = arn:aws:iam::123456789012:mfa/alice

        [profile saml]
        sesame_saml_url = http://127.0.0.1:9/adfs/ls/IdpInitiatedSignOn.aspx
        sesame_saml_username = EXAMPLE\alice
        sesame_saml_role_arn = arn:aws:iam::123456789012:role/saml
        credential_process = sesame credential-process saml

        """;

    [Fact]
    public async Task Generated_configurations_and_environments_end_quickly_with_a_documented_code_and_write_nothing()
    {
        var random = new Random(Seed);
        var started = Stopwatch.StartNew();
        var failures = new List<string>();
        var codes = new SortedDictionary<int, int>();
        for (var i = 0; i < Cases; i++)
        {
            using var home = new TempDirectory("sesame-fuzz");
            var config = Mutate(random, BaseConfig);
            home.Write(".aws/config", config);
            home.Write(".aws/credentials", "[base]\naws_access_key_id = AKIAEXAMPLEFUZZKEY02\naws_secret_access_key = fuzzSecretFromTheCredentialsFile000000\n");
            var work = home.Combine("work");
            Directory.CreateDirectory(work);
            var environment = Binary.Environment_(home.Path, ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), ("AWS_MAX_ATTEMPTS", "1"));
            for (var v = random.Next(0, 4); v > 0; v--)
            {
                var name = Variables[random.Next(Variables.Length)];
                environment[name] = name.StartsWith("AWS_ENDPOINT_URL", StringComparison.Ordinal) || name == "AWS_CONTAINER_CREDENTIALS_FULL_URI" || name == "AWS_EC2_METADATA_SERVICE_ENDPOINT"
                    ? Loopback(random)
                    : Values[random.Next(Values.Length)];
            }

            var command = Commands[random.Next(Commands.Length)].Select(a => a.Replace("{p}", Profiles[random.Next(Profiles.Length)], StringComparison.Ordinal)).ToArray();
            var before = Snapshot(home);
            var caseText = $"case #{i} (seed {Seed}): sesame {string.Join(' ', command)} with {string.Join(' ', environment.Where(e => e.Key is not "HOME").Select(e => $"{e.Key}='{Printable(e.Value)}'"))}";
            SesameRun run;
            try
            {
                run = await Binary.RunAsync(command, environment, workingDirectory: work, timeout: TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException e)
            {
                failures.Add($"{caseText}: did not end within 20 s ({e.Message})");
                continue;
            }

            codes[run.ExitCode] = codes.GetValueOrDefault(run.ExitCode) + 1;
            if (run.ExitCode == 1 || run.StandardError.Contains("this is a bug", StringComparison.Ordinal))
            {
                failures.Add($"{caseText}: exit {run.ExitCode}: {run.StandardError.Trim()}\nconfig:\n{config}");
            }

            if (Snapshot(home) != before)
            {
                failures.Add($"{caseText}: the user's files changed");
            }

            if (Directory.EnumerateFileSystemEntries(work).FirstOrDefault() is { } stray)
            {
                failures.Add($"{caseText}: created {Path.GetFileName(stray)} in the working folder");
            }

            var printed = run.StandardOutput + run.StandardError;
            if (!command.Contains("export") && !command.Contains("credential-process") && printed.Contains("fuzzSecret", StringComparison.Ordinal))
            {
                failures.Add($"{caseText}: a secret key was printed");
            }
        }

        output.WriteLine($"exit codes (code: runs): {string.Join(", ", codes.Select(c => $"{c.Key}: {c.Value}"))}");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)) + $"\n({failures.Count} of {Cases} cases failed)");
        // A generator whose every input fails the same way tests nothing.
        Assert.True(codes.Count >= 4 && codes.GetValueOrDefault(0) >= Cases / 10, $"too little variety: {string.Join(", ", codes)}");
        Assert.True(started.Elapsed < TimeSpan.FromMinutes(5), $"the run took {started.Elapsed.TotalSeconds:F0} s");
    }

    // Lines of the base configuration replaced, deleted, duplicated, or given a random key and value.
    private static string Mutate(Random random, string config)
    {
        var lines = config.Split('\n').ToList();
        for (var m = random.Next(1, 6); m > 0; m--)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(5))
            {
                case 0:
                    lines[at] = $"{Keys[random.Next(Keys.Length)]} = {Values[random.Next(Values.Length)]}";
                    break;
                case 1:
                    lines.Insert(at, $"{Keys[random.Next(Keys.Length)]} = {Values[random.Next(Values.Length)]}");
                    break;
                case 2:
                    lines.RemoveAt(at);
                    break;
                case 3:
                    lines.Insert(at, lines[at]);
                    break;
                default:
                    lines.Insert(at, $"[profile {Values[random.Next(Values.Length)]}]");
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    private static string Loopback(Random random) => random.Next(4) switch
    {
        0 => "http://127.0.0.1:9",
        1 => "http://[::1",
        2 => "garbage",
        _ => "ftp://127.0.0.1/",
    };

    private static string Snapshot(TempDirectory home)
    {
        var text = new StringBuilder();
        foreach (var name in new[] { ".aws/config", ".aws/credentials" })
        {
            var path = home.Combine(name);
            text.Append(name).Append(':').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))))
                .Append(':').Append(File.GetLastWriteTimeUtc(path).Ticks).Append('\n');
        }

        return text.ToString();
    }

    private static string Printable(string value) => value.Length > 40 ? value[..40] + "…" : new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
