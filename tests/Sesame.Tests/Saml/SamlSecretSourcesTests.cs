using Sesame.Core.Errors;
using Sesame.Core.Mfa;
using Sesame.Core.Platform;
using Sesame.Core.Saml;
using Sesame.Core.Saml.Secrets;
using Sesame.Testing;

namespace Sesame.Tests.Saml;

public sealed class SamlSecretSourcesTests
{
    private static readonly SamlPasswordRequest First = new("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx", "EXAMPLE\\alice", 1);
    private static readonly SamlMfaChallenge Rsa = new("SecurIDAuthentication", "RSA SecurID passcode", true, "saml:adfs.example.com:EXAMPLE\\alice");

    [Fact]
    public async Task The_terminal_asks_without_echo_naming_user_and_host()
    {
        var terminal = new RecordingTerminal("s3cret-typed");
        using var password = await new TerminalPasswordSource(terminal).GetPasswordAsync(First, CancellationToken.None);

        Assert.Equal("s3cret-typed", new string(password.Memory.Span));
        Assert.Equal(("Password for EXAMPLE\\alice at adfs.example.com: ", true), Assert.Single(terminal.Prompts));
    }

    [Fact]
    public async Task Without_a_terminal_the_password_prompt_fails_at_once_naming_the_way_out()
    {
        var error = await Assert.ThrowsAsync<InteractionRequiredException>(() => new TerminalPasswordSource(new TestTerminal(available: false)).GetPasswordAsync(First, CancellationToken.None));
        Assert.Equal(ExitCodes.InteractionRequired, error.ExitCode);
        Assert.Contains(SamlKeys.PasswordProcess, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_gives_one_password_and_refuses_a_second_attempt()
    {
        var source = new StreamPasswordSource(new StringReader("from-stdin\r\nignored\n"));
        using (var password = await source.GetPasswordAsync(First, CancellationToken.None))
        {
            Assert.Equal("from-stdin", new string(password.Memory.Span));
        }

        var error = await Assert.ThrowsAsync<SamlSignInException>(() => source.GetPasswordAsync(First with { Attempt = 2 }, CancellationToken.None));
        Assert.Equal(SamlFailure.Refused, error.Failure);
    }

    [Fact]
    public async Task The_password_process_runs_through_the_shell_and_its_output_never_reaches_an_error()
    {
        var runner = new ScriptedProcessRunner(_ => new ProcessResult(0, "helper-secret\nsecond line\n", string.Empty, false));
        var source = new ProcessPasswordSource("pass show adfs", runner, new TestEnvironment());

        using var password = await source.GetPasswordAsync(First, CancellationToken.None);

        Assert.Equal("helper-secret", new string(password.Memory.Span));
        var run = Assert.Single(runner.Runs);
        Assert.Equal(["/bin/sh", "-c", "pass show adfs"], [run.FileName, .. run.Arguments]);
        Assert.Equal("EXAMPLE\\alice", run.Environment!["SESAME_SAML_USERNAME"]);

        var failing = new ProcessPasswordSource("false", new ScriptedProcessRunner(_ => new ProcessResult(3, "leaked-output", string.Empty, false)), new TestEnvironment());
        var error = await Assert.ThrowsAsync<SamlSignInException>(() => failing.GetPasswordAsync(First, CancellationToken.None));
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(error.ToString(), "leaked-output");
    }

    [Fact]
    public async Task A_stored_password_is_used_and_forgotten_when_the_IdP_refuses_it()
    {
        var store = new InMemorySecretStore();
        var passwords = new SamlPasswordStore(store);
        using (var p = SamlPassword.FromString("stored-secret"))
        {
            passwords.Put(First.IdpUrl, First.Username, p);
        }

        var source = new StoredPasswordSource(() => passwords);
        Assert.True(source.CanProvideWithoutInteraction(First));
        using (var password = await source.GetPasswordAsync(First, CancellationToken.None))
        {
            Assert.Equal("stored-secret", new string(password.Memory.Span));
        }

        await Assert.ThrowsAsync<SamlSignInException>(() => source.GetPasswordAsync(First with { Attempt = 2 }, CancellationToken.None));
        Assert.False(passwords.Has(First.IdpUrl, First.Username));
    }

    [Fact]
    public async Task The_chain_prefers_a_source_that_needs_nobody_and_sticks_to_it_for_the_retry()
    {
        var terminal = new RecordingTerminal("typed");
        var chain = new SamlPasswordChain([new StreamPasswordSource(new StringReader("piped\n")), new TerminalPasswordSource(terminal)]);

        using (var password = await chain.GetPasswordAsync(First, CancellationToken.None))
        {
            Assert.Equal("piped", new string(password.Memory.Span));
        }

        await Assert.ThrowsAsync<SamlSignInException>(() => chain.GetPasswordAsync(First with { Attempt = 2 }, CancellationToken.None));
        Assert.Empty(terminal.Prompts);
    }

    [Fact]
    public async Task MFA_codes_come_from_mfa_token_first_then_the_terminal_which_takes_RSA_passcodes_hidden()
    {
        var fromFlag = new SamlMfaCodeChain([new FixedMfaCode("123456")], new RecordingTerminal(), "work");
        Assert.Equal("123456", await fromFlag.GetCodeAsync(Rsa, 1, CancellationToken.None));
        Assert.True(fromFlag.CanProvideWithoutInteraction(Rsa.DeviceId));

        var terminal = new RecordingTerminal("12", "pin1234567890");
        var fromTerminal = new SamlMfaCodeChain([], terminal, "work");
        Assert.Equal("pin1234567890", await fromTerminal.GetCodeAsync(Rsa, 1, CancellationToken.None));
        Assert.All(terminal.Prompts, p => Assert.Equal(("RSA SecurID passcode: ", true), p));
        Assert.False(fromTerminal.CanProvideWithoutInteraction(Rsa.DeviceId));
    }

    [Fact]
    public async Task Without_any_code_source_the_chain_fails_at_once_with_exit_4()
    {
        var error = await Assert.ThrowsAsync<InteractionRequiredException>(() => new SamlMfaCodeChain([], new TestTerminal(available: false), "work").GetCodeAsync(Rsa, 1, CancellationToken.None));
        Assert.Contains("--mfa-token", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A terminal that records whether each prompt hid the input.</summary>
    private sealed class RecordingTerminal(params string[] answers) : ITerminal
    {
        private readonly Queue<string> _answers = new(answers);

        public List<(string Prompt, bool Secret)> Prompts { get; } = [];

        public bool IsAvailable => true;

        public string ReadLine(string prompt, bool secret = false)
        {
            Prompts.Add((prompt, secret));
            return _answers.Dequeue();
        }

        public void WriteLine(string message)
        {
        }
    }
}
