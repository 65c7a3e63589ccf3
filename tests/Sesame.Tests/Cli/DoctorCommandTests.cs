using Sesame.Core.Errors;
using Sesame.Testing;
using Sesame.Tests.Doctor;

namespace Sesame.Tests.Cli;

/// <summary>
/// <c>sesame doctor</c>'s output: a healthy home is reported healthy (exit 0), a broken one with one
/// block per finding, errors first (exit 18); both as golden files (<c>UPDATE_GOLDEN=1</c> rewrites them).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DoctorCommandTests : IDisposable
{
    private readonly DoctorHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void A_healthy_home_is_reported_healthy()
    {
        _home.WithConfig(
            """
            [default]
            region = eu-west-1

            [profile dev]
            sso_session = corp
            sso_account_id = 111111111111
            sso_role_name = Dev
            region = eu-west-1

            [profile admin]
            role_arn = arn:aws:iam::111111111111:role/Admin
            source_profile = ci

            [sso-session corp]
            sso_start_url = https://d-1234567890.awsapps.com/start
            sso_region = eu-west-1

            """);
        Assert.Equal(0, _home.Tester.Run("setup").Exit);
        _home.Tester.Environment["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLEHEALTHY01";
        _home.Tester.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiHEALTHY001";
        Assert.Equal(0, _home.Tester.Run("keys", "add", "ci", "--from-env").Exit);
        _home.Tester.Environment["AWS_ACCESS_KEY_ID"] = null;
        _home.Tester.Environment["AWS_SECRET_ACCESS_KEY"] = null;
        _home.WithSsoToken("corp", TimeSpan.FromHours(6), refreshable: true, TimeSpan.FromDays(80));

        var run = _home.Run();

        Assert.Equal(0, run.Exit);
        Assert.Equal(string.Empty, run.Err);
        Assert.EndsWith("No problems found (6 notes).\n", run.Out, StringComparison.Ordinal);
        Golden.AssertMatches("doctor-healthy", run.Out);
    }

    [Fact]
    public void A_broken_home_gets_one_block_per_finding_errors_first()
    {
        _home.WithConfig(
            """
            [default]
            region = eu-west-1

            [profile dev]
            region = eu-west-1 # Ireland

            [profile dev]
            output = json

            [prod]
            region = us-east-1

            [profile old]
            region = eu-west-1

            [profile r]
            role_arn = arn:aws:iam::111111111111:role/R

            [profile loop]
            credential_process = sesame credential-process loop

            """);
        _home.WithCredentials("[dev]\naws_access_key_id = AKIAEXAMPLEBROKEN001\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiBROKEN0001\n");
        _home.StsClockOffset = TimeSpan.FromMinutes(12);
        _home.AwsVersionOutput = "aws-cli/2.9.19 Python/3.9.11 Linux/5.15 exe/x86_64.ubuntu.22 prompt/off\n";

        var run = _home.Run();

        Assert.Equal(ExitCodes.DoctorFoundProblems, run.Exit);
        Golden.AssertMatches("doctor-broken", run.Out);
        _home.Tester.AssertNothingLeaked("wJalrXUtnFEMI/K7MDENG/bPxRfiBROKEN0001");
    }

    [Fact]
    public void Json_is_an_array_of_findings_with_file_line_and_fix()
    {
        _home.WithConfig("[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\n");

        var (exit, findings) = _home.Findings();

        Assert.Equal(ExitCodes.DoctorFoundProblems, exit);
        var role = Assert.Single(findings, f => f.Check == "profile-role-without-source");
        Assert.Equal(("error", _home.Tester.ConfigPath, 2), (role.Severity, role.File, role.Line));
        Assert.NotNull(role.Fix);
        Assert.Equal("error", findings[0].Severity);
        Assert.Contains(findings, f => f is { Severity: "info", File: null, Line: null });
    }
}
