namespace Sesame.Core.Saml.Browser;

/// <summary>How <see cref="ChromiumSamlSource"/> runs the browser.</summary>
public sealed record ChromiumOptions
{
    /// <summary>AWS's SAML endpoints, whose form posts are captured (and never sent): every partition, and regional hosts.</summary>
    public static IReadOnlyList<string> AwsAcsPatterns { get; } =
    [
        "https://signin.aws.amazon.com/saml*",
        "https://*.signin.aws.amazon.com/saml*",
        "https://signin.amazonaws.cn/saml*",
        "https://*.signin.amazonaws.cn/saml*",
        "https://signin.amazonaws-us-gov.com/saml*",
        "https://*.signin.amazonaws-us-gov.com/saml*",
    ];

    /// <summary>The browser executable (see <see cref="ChromiumLocator"/>).</summary>
    public required string ExecutablePath { get; init; }

    /// <summary>Run without a window (tests; an IdP session that needs no person).</summary>
    public bool Headless { get; init; }

    /// <summary>Arguments added to Sesame's own (for example <c>--no-sandbox</c> where the sandbox cannot work).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>
    /// More URL patterns (DevTools <c>Fetch</c> wildcards) to capture the SAMLResponse at, besides
    /// <see cref="AwsAcsPatterns"/>; a test points one at its own stand-in for AWS.
    /// </summary>
    public IReadOnlyList<string> ExtraAcsPatterns { get; init; } = [];

    /// <summary>How long the user has to sign in.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the browser has to start and open its DevTools port.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the throw-away browser profile is made (default: the temporary folder).</summary>
    public string? ProfileRoot { get; init; }

    /// <summary>
    /// Called once the sign-in page is loading, with a way to run script in it: tests fill the IdP's form this
    /// way in a headless browser. Product code leaves it unset (the person signs in).
    /// </summary>
    public Func<Func<string, CancellationToken, Task<string?>>, CancellationToken, Task>? Automation { get; init; }
}
