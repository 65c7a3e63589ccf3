using System.Web;
using Sesame.Cli;
using Sesame.Cli.Interactive;
using Sesame.Core.Aws;
using Sesame.Core.Platform;
using Sesame.Testing;
using Sesame.Tests.Sso;

namespace Sesame.Tests.Cli.Sso;

/// <summary>Runs sso and configure commands in-process with fake Identity Center clients, a scripted console and a browser that approves.</summary>
internal sealed class SsoCliHarness : IDisposable
{
    private readonly TempDirectory _home = new("sesame-sso-cli");

    public SsoCliHarness()
    {
        Environment = new TestEnvironment(new Dictionary<string, string> { ["HOME"] = _home.Path, ["SESAME_LOCK_DIR"] = _home.Combine("locks") });
        Oidc.OnCreateToken = r => r.GrantType == OidcTokenRequest.AuthorizationCodeGrant && r.Code == "the-code"
            ? new OidcTokenResult(AccessToken, TimeSpan.FromHours(8), RefreshToken)
            : throw FakeOidc.Error("InvalidGrantException");
    }

    public const string AccessToken = "aoaCLIaccessTOKEN0123456789";
    public const string RefreshToken = "aorCLIrefreshTOKEN0123456789";

    public TestEnvironment Environment { get; }

    public FakeOidc Oidc { get; } = new();

    public FakePortal Portal { get; } = new(accounts: 3, "ReadOnly", "Admin");

    public ScriptedConsole Console { get; } = new();

    public ApprovingBrowser Browser { get; } = new();

    public string Home => _home.Path;

    public string ConfigPath => _home.Combine(".aws", "config");

    public SsoCliHarness WithConfig(string text)
    {
        _home.Write(".aws/config", text);
        return this;
    }

    public (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            FileSystem = PhysicalFileSystem.Instance,
            Environment = Environment,
            Time = TimeProvider.System,
            Out = output,
            Error = error,
            Terminal = new TestTerminal(available: false),
            Browser = Browser,
            SsoClients = () => new Factory(Oidc, Portal),
            ConsoleUi = () => Console,
            CredentialCache = new Sesame.Core.Caching.MemoryCredentialCache(),
        };
        var code = CliApp.Run(args, context);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose() => _home.Dispose();

    private sealed class Factory(FakeOidc oidc, FakePortal portal) : ISsoClientFactory
    {
        public ISsoOidcClient CreateOidc(AwsEndpoint endpoint) => oidc;

        public ISsoPortalClient CreatePortal(AwsEndpoint endpoint) => portal;
    }
}

/// <summary>A console that answers from a script and fails loudly on anything unscripted.</summary>
internal sealed class ScriptedConsole : IConsoleUi
{
    private readonly Queue<string> _answers = new();

    public bool IsInteractive { get; set; } = true;

    public List<string> Lines { get; } = [];

    public List<string> Questions { get; } = [];

    public ScriptedConsole Answer(params string[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }

        return this;
    }

    public string Transcript => string.Join('\n', Questions.Concat(Lines));

    public void Line(string text) => Lines.Add(text);

    public bool QrCode(string text) => false;

    public string Ask(string question, string? defaultValue = null)
    {
        if (!IsInteractive)
        {
            throw new Core.Errors.InteractionRequiredException($"Sesame needs to ask \"{question}\", but there is no terminal (test)");
        }

        Questions.Add($"{question} [{defaultValue}]");
        var answer = _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException($"unexpected question: {question}");
        return answer.Length == 0 && defaultValue is not null ? defaultValue : answer;
    }

    public T Choose<T>(string title, IReadOnlyList<T> items, Func<T, string> label)
        where T : notnull
    {
        Questions.Add(title + ": " + string.Join(" | ", items.Select(label)));
        var answer = _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException($"unexpected choice: {title}");
        return items.Single(i => label(i).StartsWith(answer, StringComparison.Ordinal));
    }

    public Task<T> StatusAsync<T>(string message, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        Lines.Add(message + "…");
        return work(cancellationToken);
    }

    public Task<T> ProgressAsync<T>(string title, Func<Action<string, double>, Task<T>> work) => work((text, _) => Lines.Add($"{title}: {text}"));
}

/// <summary>A browser that approves at once: it follows the authorize URL to the loopback callback with a code.</summary>
internal sealed class ApprovingBrowser : IBrowser
{
    private static readonly HttpClient Http = new();

    public List<string> Opened { get; } = [];

    public bool CanOpen => true;

    public bool TryOpen(string url)
    {
        Opened.Add(url);
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        _ = Http.GetStringAsync($"{query["redirect_uri"]}?code=the-code&state={Uri.EscapeDataString(query["state"]!)}");
        return true;
    }
}
