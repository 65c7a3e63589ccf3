using System.Text;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Stores.Unlock;

namespace Sesame.Tests.Doctor;

/// <summary>
/// <c>sesame doctor</c> in deliberately broken homes, one problem each, through the in-process tester:
/// each finding is reported with its check, severity, file and line and a fix, and makes doctor exit 18.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DoctorFindingTests : IDisposable
{
    private const string Key = "AKIAEXAMPLEDOCTOR001";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiDOCTOR0001";
    private readonly DoctorHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void A_section_written_twice_is_an_error_the_aws_cli_refuses_with_its_line()
    {
        _home.WithConfig("[profile dev]\nregion = eu-west-1\n\n[profile dev]\noutput = json\n");

        var finding = _home.Single("config-duplicate-section");

        Assert.Equal("error", finding.Severity);
        Assert.Equal((_home.Tester.ConfigPath, 4), (finding.File, finding.Line));
        Assert.Contains("refuses", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_with_a_bad_name_or_no_profile_prefix_is_reported_with_the_fix()
    {
        _home.WithConfig("[prod]\nregion = eu-west-1\n\n[profile a b]\nregion = eu-west-1\n");

        var (_, findings) = _home.Findings();
        var bad = findings.Where(f => f.Check == "config-bad-section").ToList();

        Assert.Equal([1, 4], bad.Select(f => f.Line!.Value));
        Assert.Contains("[profile prod]", bad[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trailing_comment_the_aws_cli_keeps_in_the_value_is_a_warning()
    {
        _home.WithConfig("[default]\nregion = eu-west-1 # Ireland\n");

        var finding = _home.Single("config-inline-comment");

        Assert.Equal(("warning", 2), (finding.Severity, finding.Line));
    }

    [Fact]
    public void A_byte_order_mark_the_aws_cli_refuses_is_an_error()
    {
        File.WriteAllBytes(_home.Tester.ConfigPath, [.. Encoding.UTF8.GetPreamble(), .. "[default]\nregion = eu-west-1\n"u8]);

        Assert.Equal("error", _home.Single("config-byte-order-mark").Severity);
    }

    [Fact]
    public void A_file_that_does_not_parse_is_an_error_with_its_line_and_the_other_checks_still_run()
    {
        _home.WithConfig("[profile prod\nregion = eu-west-1\n");

        var (exit, findings) = _home.Findings();

        Assert.Equal(ExitCodes.DoctorFoundProblems, exit);
        var parse = Assert.Single(findings, f => f.Check == "config");
        Assert.Equal((_home.Tester.ConfigPath, 1), (parse.File, parse.Line));
        Assert.Contains(findings, f => f.Check == "store");
        Assert.Contains(findings, f => f.Check == "clock-skew");
    }

    [Fact]
    public void An_empty_profile_left_by_an_old_keys_import_is_one_the_aws_cli_resolves_to_instance_metadata()
    {
        _home.WithConfig("[profile old]\nregion = eu-west-1\n");

        var finding = _home.Single("profile-empty");

        Assert.Equal(("warning", 1), (finding.Severity, finding.Line));
        Assert.Contains("instance metadata", finding.Message, StringComparison.Ordinal);
        Assert.Contains("sesame keys add old", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_profile_with_only_a_region_is_a_note_not_a_problem()
    {
        _home.WithConfig("[default]\nregion = eu-west-1\n");

        var (exit, findings) = _home.Findings();

        Assert.Equal(0, exit);
        Assert.Equal("info", Assert.Single(findings, f => f.Check == "profile-empty").Severity);
    }

    [Fact]
    public void A_role_without_a_source_is_an_error_at_the_role_arn_line()
    {
        _home.WithConfig("[profile r]\nregion = eu-west-1\nrole_arn = arn:aws:iam::111111111111:role/R\n");

        var finding = _home.Single("profile-role-without-source");

        Assert.Equal(("error", 3), (finding.Severity, finding.Line));
        Assert.Contains("source_profile", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_keys_without_a_credential_process_leave_the_profile_empty_for_other_tools()
    {
        _home.WithConfig("[profile ci]\nregion = eu-west-1\n");
        _home.Tester.Environment["AWS_ACCESS_KEY_ID"] = Key;
        _home.Tester.Environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        Assert.Equal(0, _home.Tester.Run("keys", "add", "ci", "--from-env", "--no-credential-process").Exit);
        _home.Tester.Environment["AWS_ACCESS_KEY_ID"] = null;
        _home.Tester.Environment["AWS_SECRET_ACCESS_KEY"] = null;

        var finding = _home.Single("profile-stored-keys-only");

        Assert.Equal("warning", finding.Severity);
        Assert.Contains("credential_process = sesame credential-process ci", finding.Fix, StringComparison.Ordinal);
        _home.Tester.AssertNothingLeaked(Secret);
    }

    [Fact]
    public void A_credential_process_that_asks_sesame_for_its_own_profile_is_a_loop()
    {
        _home.WithConfig("[profile x]\nregion = eu-west-1\ncredential_process = sesame credential-process x\n");

        var finding = _home.Single("credential-process-loop");

        Assert.Equal(("error", 3), (finding.Severity, finding.Line));
    }

    [Fact]
    public void The_same_credential_process_with_a_stored_key_is_no_loop()
    {
        _home.WithConfig("[profile x]\nregion = eu-west-1\n");
        _home.Tester.Environment["AWS_ACCESS_KEY_ID"] = Key;
        _home.Tester.Environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        Assert.Equal(0, _home.Tester.Run("keys", "add", "x", "--from-env").Exit);

        var (_, findings) = _home.Findings();

        Assert.DoesNotContain(findings, f => f.Check is "credential-process-loop" or "profile-stored-keys-only");
    }

    [Fact]
    public void Plaintext_long_term_keys_could_move_to_the_store()
    {
        _home.WithCredentials($"[dev]\naws_access_key_id = {Key}\naws_secret_access_key = {Secret}\n");

        var finding = _home.Single("plaintext-keys");

        Assert.Equal((_home.Tester.CredentialsPath, 2), (finding.File, finding.Line));
        Assert.StartsWith("sesame keys import dev --remove-plaintext", finding.Fix, StringComparison.Ordinal);
        _home.Tester.AssertNothingLeaked(Secret);
    }

    [Fact]
    public void Sesame_missing_from_path_breaks_every_credential_process_that_calls_it()
    {
        _home.WithConfig("[profile x]\ncredential_process = sesame credential-process y\n[profile y]\nrole_arn = arn:aws:iam::111111111111:role/R\ncredential_source = Environment\n");
        _home.Tester.Environment["PATH"] = "/usr/bin:/bin";

        var finding = _home.Single("sesame-not-on-path");

        Assert.Equal(("error", 2), (finding.Severity, finding.Line));
        Assert.Contains("(x)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backend_that_cannot_be_used_here_is_an_error()
    {
        _home.Tester.Environment["SESAME_BACKEND"] = "pass";

        var finding = _home.Single("store-unavailable");

        Assert.Equal("error", finding.Severity);
        Assert.Contains("SESAME_BACKEND", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_not_set_up_and_a_locked_store_are_notes_with_the_command_to_run()
    {
        var before = _home.Single("store");
        Assert.Equal(("info", "sesame setup"), (before.Severity, before.Fix));

        Assert.Equal(0, _home.Tester.Run("setup").Exit);
        _home.Tester.Environment["SESAME_FILE_PASSPHRASE"] = null;
        foreach (var id in _home.Tester.UnlockCache.Ids)
        {
            _home.Tester.UnlockCache.Remove(id);
        }

        var after = _home.Single("store");
        Assert.Equal("info", after.Severity);
        Assert.Contains("locked", after.Message, StringComparison.Ordinal);
        Assert.Contains("sesame unlock", after.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_kernel_keyring_the_file_store_asks_every_time()
    {
        _home.Tester.StoreUnlockCache = new NoUnlockCache("libkeyutils.so.1 is missing (apt-get install libkeyutils1)");

        var finding = _home.Single("kernel-keyring");

        Assert.Equal("warning", finding.Severity);
        Assert.Contains("every time", finding.Message, StringComparison.Ordinal);
        Assert.Contains("libkeyutils", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_and_folders_others_can_write_or_read_are_reported_with_chmod()
    {
        _home.WithCredentials("[dev]\nregion = eu-west-1\n");
        File.SetUnixFileMode(_home.Tester.CredentialsPath, (UnixFileMode)Convert.ToInt32("644", 8));
        _home.WithConfig("[default]\nregion = eu-west-1\n");
        File.SetUnixFileMode(_home.Tester.ConfigPath, (UnixFileMode)Convert.ToInt32("666", 8));
        Directory.CreateDirectory(_home.Tester.StoreDirectory);
        File.SetUnixFileMode(_home.Tester.StoreDirectory, (UnixFileMode)Convert.ToInt32("777", 8));

        var (exit, findings) = _home.Findings();
        var permissions = findings.Where(f => f.Check == "permissions").ToList();

        Assert.Equal(ExitCodes.DoctorFoundProblems, exit);
        Assert.Contains(permissions, f => f.Severity == "warning" && f.Fix!.StartsWith("chmod 600", StringComparison.Ordinal));
        Assert.Contains(permissions, f => f.Severity == "warning" && f.Fix!.StartsWith("chmod go-w", StringComparison.Ordinal));
        Assert.Contains(permissions, f => f.Severity == "error" && f.Message.Contains(_home.Tester.StoreDirectory, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(20, "error")]
    [InlineData(-3, "warning")]
    [InlineData(0, "info")]
    public void The_clock_is_checked_against_the_date_sts_answers_with(int minutesOff, string severity)
    {
        _home.StsClockOffset = TimeSpan.FromMinutes(minutesOff);

        var finding = Assert.Single(_home.Findings().Findings, f => f.Check == "clock-skew");

        Assert.Equal(severity, finding.Severity);
        Assert.Equal(new Uri("https://sts.us-east-1.amazonaws.com/"), Assert.Single(_home.StsRequests));
    }

    [Fact]
    public void The_clock_check_asks_the_sts_endpoint_the_settings_select_without_credentials()
    {
        _home.Tester.Environment["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:4599";
        _home.StsClockOffset = TimeSpan.FromMinutes(-20);

        var finding = _home.Single("clock-skew");

        Assert.Equal("error", finding.Severity);
        Assert.Contains("ahead of", finding.Message, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://127.0.0.1:4599/"), Assert.Single(_home.StsRequests));
    }

    [Fact]
    public void An_unreachable_sts_is_a_note_never_a_failure()
    {
        _home.Tester.Http = new Sesame.Testing.ScriptedHttpHandler((_, _) => throw new HttpRequestException("Connection refused (127.0.0.1:9)"));

        var (exit, findings) = _home.Findings();

        Assert.Equal(0, exit);
        var finding = Assert.Single(findings, f => f.Check == "clock-skew");
        Assert.Equal("info", finding.Severity);
        Assert.Contains("could not be reached (Connection refused", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_skips_the_clock_check_without_a_request()
    {
        var run = _home.Run("--offline");

        Assert.Equal(0, run.Exit);
        Assert.Contains("(--offline)", run.Out, StringComparison.Ordinal);
        Assert.Empty(_home.StsRequests);
    }

    [Fact]
    public void An_sso_token_that_expired_and_cannot_be_renewed_needs_a_sign_in()
    {
        _home.WithConfig(SsoConfig);
        _home.WithSsoToken("corp", TimeSpan.FromMinutes(-5), refreshable: false, TimeSpan.FromDays(60));

        var finding = _home.Single("sso-token-expiring");

        Assert.Equal(("warning", "sesame sso login --sso-session corp"), (finding.Severity, finding.Fix));
        Assert.Equal(6, finding.Line);
        _home.Tester.AssertNothingLeaked("aoaDOCTORaccessTOKEN");
    }

    [Fact]
    public void A_client_registration_near_expiry_is_a_warning_with_its_date()
    {
        _home.WithConfig(SsoConfig);
        _home.WithSsoToken("corp", TimeSpan.FromHours(4), refreshable: true, TimeSpan.FromDays(2));

        var finding = _home.Single("sso-registration-expiring");

        Assert.Equal("warning", finding.Severity);
        Assert.Contains("2026-11-23T12:00:15Z (in 2 days)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renewable_sso_token_is_a_note()
    {
        _home.WithConfig(SsoConfig);
        _home.WithSsoToken("corp", TimeSpan.FromMinutes(2), refreshable: true, TimeSpan.FromDays(60));

        var (exit, findings) = _home.Findings();

        Assert.Equal(0, exit);
        Assert.Contains("renewed without a browser", Assert.Single(findings, f => f.Check == "sso-token").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aws_cli_before_2_13_ignores_the_endpoint_settings_in_use()
    {
        _home.AwsVersionOutput = "aws-cli/2.9.19 Python/3.9.11 Linux/5.15 exe/x86_64.ubuntu.22 prompt/off\n";
        _home.Tester.Environment["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:4599";

        var finding = _home.Single("aws-cli-endpoints");

        Assert.Equal("warning", finding.Severity);
        Assert.Contains("2.9.19", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["--version"], Assert.Single(_home.Processes.Runs).Arguments);
    }

    [Fact]
    public void An_aws_cli_before_2_9_does_not_know_sso_sessions()
    {
        _home.AwsVersionOutput = "aws-cli/2.8.4 Python/3.9.11 Linux/5.15\n";
        _home.WithConfig(SsoConfig);

        Assert.Equal("warning", _home.Single("aws-cli-sso-session").Severity);
    }

    [Fact]
    public void Aws_cli_v1_is_explained_as_a_note()
    {
        _home.AwsVersionOutput = string.Empty;
        _home.Tester.Processes = new Sesame.Testing.ScriptedProcessRunner(_ => new ProcessResult(0, string.Empty, "aws-cli/1.32.0 Python/3.11.6 Linux/6.1.0 botocore/1.34.0\n", false));

        var finding = _home.Single("aws-cli-v1");

        Assert.Equal("info", finding.Severity);
        Assert.Contains("no 'aws sso login'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aws_adfs_profile_and_the_temporary_keys_it_wrote_are_leftovers_sesame_can_replace()
    {
        _home.WithConfig("[profile corp]\nregion = eu-west-1\nadfs_config.adfs_host = adfs.example.com\nadfs_config.adfs_user = alice\nadfs_config.ssl_verification = False\n");
        _home.WithCredentials($"[corp]\naws_access_key_id = ASIAEXAMPLEDOCTOR001\naws_secret_access_key = {Secret}\naws_session_token = FwoGZXIvYXdzEDOCTOR\n");

        var (_, findings) = _home.Findings();

        var adfs = Assert.Single(findings, f => f.Check == "aws-adfs-profile");
        Assert.Equal(3, adfs.Line);
        Assert.Contains("TLS verification switched off", adfs.Message, StringComparison.Ordinal);
        Assert.Contains("--from-aws-adfs corp", adfs.Fix, StringComparison.Ordinal);
        var leftover = Assert.Single(findings, f => f.Check == "plaintext-session");
        Assert.Contains("aws-adfs", leftover.Message, StringComparison.Ordinal);
        Assert.Equal((_home.Tester.CredentialsPath, 4), (leftover.File, leftover.Line));
        _home.Tester.AssertNothingLeaked(Secret, "FwoGZXIvYXdzEDOCTOR");
    }

    [Fact]
    public void A_saml2aws_account_and_the_session_profile_it_writes_are_reported()
    {
        File.WriteAllText(Path.Combine(_home.Tester.Home, ".saml2aws"), "[default]\nurl = https://adfs.example.com\nusername = alice\nprovider = ADFS\nmfa = Auto\naws_profile = saml\n");
        _home.WithCredentials($"[saml]\naws_access_key_id = ASIAEXAMPLEDOCTOR002\naws_secret_access_key = {Secret}\naws_session_token = FwoGZXIvYXdzSAML2\nx_security_token_expires = 2026-11-21T13:00:00Z\n");

        var (_, findings) = _home.Findings();

        Assert.Contains("'saml'", Assert.Single(findings, f => f.Check == "saml2aws-config").Message, StringComparison.Ordinal);
        Assert.Contains("saml2aws", Assert.Single(findings, f => f.Check == "plaintext-session").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_writes_nothing_and_never_creates_the_store()
    {
        _home.WithConfig("[profile dev]\nregion = eu-west-1\n\n[profile dev]\noutput = json\n");
        var before = _home.Tester.Snapshot();

        _home.Run();

        Assert.Equal(before, _home.Tester.Snapshot());
        Assert.False(Directory.Exists(_home.Tester.StoreDirectory));
    }

    private const string SsoConfig = "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Dev\n\n[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n";
}
