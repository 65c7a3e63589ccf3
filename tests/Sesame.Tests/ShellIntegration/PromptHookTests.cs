using Sesame.Core.ShellIntegration;
using Sesame.Testing;
using Sesame.Tests.Engine;

namespace Sesame.Tests.ShellIntegration;

/// <summary>The runtime keeps the prompt status file current, and export marks what it printed.</summary>
public sealed class PromptHookTests : IDisposable
{
    private readonly SesameTester _cli = new();
    private readonly FakeSts _sts;

    public PromptHookTests()
    {
        _sts = new FakeSts(_cli.Time);
        _cli.Sts = () => _sts;
        _cli.Environment["XDG_RUNTIME_DIR"] = _cli.Temp.Combine("run");
        Directory.CreateDirectory(_cli.Temp.Combine("run"));
        _cli.WithConfig("[profile role]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = base\n")
            .WithCredentials("[base]\naws_access_key_id = AKIAPROMPTHOOK00001\naws_secret_access_key = prompt-hook-secret\n");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void New_credentials_write_the_prompt_status_file_and_clear_removes_it()
    {
        var prompt = new PromptStatusFile(Sesame.Core.Platform.PhysicalFileSystem.Instance, _cli.Environment);

        Assert.Equal(0, _cli.Run("credential-process", "role").Exit);

        Assert.Equal(_cli.Time.GetUtcNow().AddHours(1).ToUnixTimeSeconds(), prompt.TryRead("role")?.ToUnixTimeSeconds());
        Assert.Equal(0, _cli.Run("clear", "role").Exit);
        Assert.Null(prompt.TryRead("role"));
    }

    [Fact]
    public void Export_marks_what_it_printed_and_long_term_keys_unset_a_stale_session_token()
    {
        var role = _cli.Run("export", "role");
        Assert.Contains("export SESAME_EXPORTED='role'\n", role.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("unset AWS_SESSION_TOKEN", role.Out, StringComparison.Ordinal);

        var keys = _cli.Run("export", "base", "--format", "fish");
        Assert.Contains("set -e AWS_SESSION_TOKEN; set -e AWS_CREDENTIAL_EXPIRATION;", keys.Out, StringComparison.Ordinal);
        Assert.Contains("set -gx SESAME_EXPORTED 'base';", keys.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("SESAME_EXPORTED", _cli.Run("export", "base", "--format", "dotenv").Out, StringComparison.Ordinal);
    }
}
