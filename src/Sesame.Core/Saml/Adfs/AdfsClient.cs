using System.Net;
using Sesame.Core.Saml.Secrets;

namespace Sesame.Core.Saml.Adfs;

/// <summary>What a sign-in needs from the caller.</summary>
/// <param name="Username">The user name (<c>DOMAIN\user</c> or <c>user@domain</c>; empty only with integrated authentication).</param>
/// <param name="Passwords">Where the password comes from, asked only when AD FS shows its login form.</param>
/// <param name="MfaCodes">Where one-time codes come from, asked only when an adapter wants one.</param>
/// <param name="Presenter">Shows push-approval instructions and the number to match.</param>
/// <param name="MfaDeviceId">The id TOTP seeds and <c>--mfa-token</c> are matched with (<see cref="SamlMfaChallenge.DeviceId"/>).</param>
public sealed record AdfsSignInRequest(string Username, ISamlPasswordSource Passwords, ISamlMfaCodeSource MfaCodes, ISamlSignInPresenter Presenter, string MfaDeviceId);

/// <summary>A successful sign-in.</summary>
/// <param name="Assertion">The SAMLResponse and what it offers.</param>
/// <param name="AskedPassword">True when a password was needed (the remembered session, if any, had ended).</param>
/// <param name="AskedMfa">True when a second factor was needed.</param>
public sealed record AdfsSignInResult(SamlAssertion Assertion, bool AskedPassword, bool AskedMfa)
{
    /// <summary>True when the remembered IdP session was enough (no password, no second factor).</summary>
    public bool ReusedSession => !AskedPassword && !AskedMfa;
}

/// <summary>
/// Signs in at AD FS as aws-adfs and saml2aws do (aws-wire-reference.md §8.1): GET the IdP-initiated sign-on
/// page with the remembered cookies (an open AD FS session answers the SAMLResponse at once), else fill the
/// forms login (<c>UserName</c>, <c>Password</c>, <c>AuthMethod=FormsAuthentication</c>), then answer the MFA
/// adapter the next page names, until the "Working..." page carries the SAMLResponse. Cookies of every hop
/// land in the caller's <see cref="IdpCookieJar"/>. A refused sign-in raises <see cref="SamlSignInException"/>
/// with AD FS's own error text, cleaned.
/// </summary>
public sealed partial class AdfsClient
{
    /// <summary>The user agent for forms sign-in: not one AD FS offers Windows authentication to.</summary>
    public const string FormsUserAgent = "Mozilla/5.0 (X11; Linux x86_64) Sesame";

    /// <summary>An Internet Explorer 11 user agent, to which AD FS offers Windows authentication by default.</summary>
    public const string IntegratedUserAgent = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko";

    private const int MaxSteps = 16;

    private readonly AdfsClientOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the client.</summary>
    public AdfsClient(AdfsClientOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>Signs in; cookies are read from and written to <paramref name="jar"/>.</summary>
    public async Task<AdfsSignInResult> SignInAsync(AdfsSignInRequest request, IdpCookieJar jar, CancellationToken cancellationToken)
    {
        using var http = CreateHttp(jar);
        var state = new SignInState(request);
        var response = await http.GetAsync(_options.SignOnUrl, cancellationToken).ConfigureAwait(false);
        for (var step = 0; step < MaxSteps; step++)
        {
            if (response.Status == 401)
            {
                throw IntegratedRefused(response);
            }

            var page = AdfsPage.Classify(response.Page);
            switch (page.Kind)
            {
                case AdfsPageKind.Assertion:
                    return new AdfsSignInResult(SamlAssertion.Parse(page.SamlResponse!), state.PasswordAttempts > 0, state.AskedMfa);
                case AdfsPageKind.Login:
                    response = await SubmitLoginAsync(http, response, page, state, cancellationToken).ConfigureAwait(false);
                    break;
                case AdfsPageKind.Mfa:
                    response = await AnswerMfaAsync(http, response, page, state, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw Unrecognised(response, page);
            }
        }

        throw new SamlSignInException(SamlFailure.Protocol, $"the identity provider at {IdpHttp.Origin(_options.SignOnUrl)} did not complete the sign-in after {MaxSteps} pages");
    }

    private IdpHttp CreateHttp(IdpCookieJar jar)
    {
        var handler = _options.Handler;
        var own = handler is null;
        handler ??= new SocketsHttpHandler
        {
            // Cookies and redirects are IdpHttp's, so every hop's cookies reach the jar.
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // Negotiate (Kerberos, else NTLM) with the signed-in user's credentials; none for forms.
            Credentials = _options.IntegratedWindowsAuthentication ? CredentialCache.DefaultCredentials : null,
        };
        var agent = _options.IntegratedWindowsAuthentication ? IntegratedUserAgent : FormsUserAgent;
        return new IdpHttp(handler, own, jar, agent, _options.RequestTimeout, _time);
    }

    private async Task<IdpResponse> SubmitLoginAsync(IdpHttp http, IdpResponse response, AdfsPage page, SignInState state, CancellationToken cancellationToken)
    {
        if (state.PasswordAttempts >= 2)
        {
            // Two passwords were refused (or the form came back twice without saying why): stop asking.
            throw Refused(page.Error ?? "the sign-in form came back without a message");
        }

        // A refusal travels with the second request: the terminal shows it above its prompt, a source that
        // cannot offer another password puts it in its error (one line, with the IdP's words).
        var refusal = state.PasswordAttempts > 0 ? page.Error : null;
        if (page.Error is { } shown && refusal is null)
        {
            // Refused before any password was sent (a locked account, a stale session): say so and stop.
            throw Refused(shown);
        }

        if (string.IsNullOrEmpty(state.Request.Username))
        {
            throw new SamlSignInException(SamlFailure.Refused,
                $"the identity provider at {IdpHttp.Origin(_options.SignOnUrl)} shows its sign-in form, but no user name is configured; set {SamlKeys.Username}");
        }

        state.PasswordAttempts++;
        using var password = await state.Request.Passwords.GetPasswordAsync(
            new SamlPasswordRequest(_options.SignOnUrl.GetLeftPart(UriPartial.Path), state.Request.Username, state.PasswordAttempts, refusal), cancellationToken).ConfigureAwait(false);
        var fields = new List<KeyValuePair<string, ReadOnlyMemory<char>>>();
        foreach (var input in page.Form!.Inputs)
        {
            if (input.Name.Length == 0 || input.Type is "submit" or "button" or "image" or "reset")
            {
                continue;
            }

            if (input.Name.Equals(AdfsPage.UserNameField, StringComparison.OrdinalIgnoreCase))
            {
                fields.Add(new(input.Name, state.Request.Username.AsMemory()));
            }
            else if (input.Name.Equals(AdfsPage.PasswordField, StringComparison.OrdinalIgnoreCase))
            {
                fields.Add(new(input.Name, password.Memory));
            }
            else if (input.Type == "checkbox")
            {
                if (input.Name.Equals("Kmsi", StringComparison.OrdinalIgnoreCase) ? _options.KeepMeSignedIn : input.Checked)
                {
                    fields.Add(new(input.Name, (input.Value ?? "true").AsMemory()));
                }
            }
            else if (input.Type != "password")
            {
                fields.Add(new(input.Name, (input.Value ?? string.Empty).AsMemory()));
            }
        }

        // aws-adfs posts exactly these three; pages that lack one get it anyway.
        AddMissing(fields, AdfsPage.UserNameField, state.Request.Username.AsMemory());
        AddMissing(fields, AdfsPage.PasswordField, password.Memory);
        AddMissing(fields, "AuthMethod", "FormsAuthentication".AsMemory());
        var action = ActionOf(response, page.Form.Action, fallback: _options.SignOnUrl);
        return await http.PostAsync(action, () => new SecretFormContent(fields), cancellationToken).ConfigureAwait(false);
    }

    private static void AddMissing(List<KeyValuePair<string, ReadOnlyMemory<char>>> fields, string name, ReadOnlyMemory<char> value)
    {
        if (!fields.Exists(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            fields.Add(new(name, value));
        }
    }

    /// <summary>Where a form posts: its action resolved against the page, else <paramref name="fallback"/> (the page itself, as a browser does).</summary>
    private static Uri ActionOf(IdpResponse response, string? action, Uri? fallback = null)
    {
        if (string.IsNullOrWhiteSpace(action))
        {
            return fallback ?? response.Uri;
        }

        if (!Uri.TryCreate(response.Uri, action.Trim(), out var target) || target.Scheme is not ("https" or "http"))
        {
            throw new SamlSignInException(SamlFailure.Protocol, $"the identity provider's form at {IdpHttp.Origin(response.Uri)} posts to an address Sesame cannot use");
        }

        if (response.Uri.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps)
        {
            throw new SamlSignInException(SamlFailure.Protocol, $"the identity provider's form at {IdpHttp.Origin(response.Uri)} posts to plain http; refusing to send it");
        }

        return target;
    }

    private SamlSignInException Refused(string text)
        => new(SamlFailure.Refused, $"the identity provider at {IdpHttp.Origin(_options.SignOnUrl)} refused the sign-in: {text}");

    private SamlSignInException IntegratedRefused(IdpResponse response)
    {
        var offered = response.Challenges.Count == 0 ? "no scheme" : string.Join(", ", response.Challenges.Select(RemoteText.Clean));
        return new SamlSignInException(SamlFailure.IntegratedAuthentication, _options.IntegratedWindowsAuthentication
            ? $"integrated Windows authentication at {IdpHttp.Origin(response.Uri)} was refused (HTTP 401, offered: {offered}); on Linux or macOS get a Kerberos ticket first ('kinit user@REALM'), or set {SamlKeys.Authentication} = forms"
            : $"the identity provider at {IdpHttp.Origin(response.Uri)} asks for integrated Windows authentication (HTTP 401, offered: {offered}); set {SamlKeys.Authentication} = iwa, or use its forms sign-in URL");
    }

    private static SamlSignInException Unrecognised(IdpResponse response, AdfsPage page)
    {
        if (page.Error is { } error)
        {
            return new SamlSignInException(SamlFailure.Refused, $"the identity provider at {IdpHttp.Origin(response.Uri)} refused the sign-in: {error}");
        }

        var title = RemoteText.Clean(page.Html.Title);
        return new SamlSignInException(SamlFailure.Protocol, response.Status >= 400
            ? $"the identity provider at {IdpHttp.Origin(response.Uri)} answered HTTP {response.Status}{(title.Length > 0 ? $" ({title})" : string.Empty)}"
            : $"the identity provider at {IdpHttp.Origin(response.Uri)} showed a page Sesame does not recognise{(title.Length > 0 ? $" ('{title}')" : string.Empty)}; if it needs a browser, set {SamlKeys.Provider} = browser");
    }

    private sealed class SignInState(AdfsSignInRequest request)
    {
        public AdfsSignInRequest Request { get; } = request;

        public int PasswordAttempts { get; set; }

        public bool AskedMfa { get; set; }

        public int CodeAttempts { get; set; }

        public string? Adapter { get; set; }
    }
}
