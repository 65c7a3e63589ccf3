using System.Net;
using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Saml.Secrets;

namespace Sesame.Tests.Saml;

/// <summary>A request the fake IdP saw, body included (tests check what was posted).</summary>
internal sealed record IdpRequest(HttpMethod Method, Uri Uri, string? Cookie, string? UserAgent, string Body);

/// <summary>An IdP scripted as a function of the request and its number; records every request with its body.</summary>
internal sealed class FakeIdp(Func<IdpRequest, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<IdpRequest> Requests { get; } = [];

    public static HttpResponseMessage Html(string html, int status = 200, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(html, Encoding.UTF8, "text/html") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Redirect(string location, params (string Name, string Value)[] headers)
    {
        var response = Html(string.Empty, 302, headers);
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var captured = new IdpRequest(request.Method, request.RequestUri!,
            request.Headers.TryGetValues("Cookie", out var c) ? string.Join("; ", c) : null,
            request.Headers.TryGetValues("User-Agent", out var ua) ? string.Join(" ", ua) : null, body);
        int number;
        lock (Requests)
        {
            Requests.Add(captured);
            number = Requests.Count;
        }

        return answer(captured, number);
    }
}

/// <summary>Passwords from a list, one per attempt; records the requests.</summary>
internal sealed class ListPasswords(params string[] passwords) : ISamlPasswordSource
{
    public List<SamlPasswordRequest> Requests { get; } = [];

    public bool CanProvideWithoutInteraction(SamlPasswordRequest request) => true;

    public Task<SamlPassword> GetPasswordAsync(SamlPasswordRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return request.Attempt <= passwords.Length
            ? Task.FromResult(SamlPassword.FromString(passwords[request.Attempt - 1]))
            : throw new SamlSignInExceptionForTest("no more passwords");
    }
}

internal sealed class SamlSignInExceptionForTest(string message) : Exception(message);

/// <summary>Codes from a list, one per attempt; records the challenges.</summary>
internal sealed class ListCodes(params string[] codes) : ISamlMfaCodeSource
{
    public List<(SamlMfaChallenge Challenge, int Attempt)> Requests { get; } = [];

    public Task<string> GetCodeAsync(SamlMfaChallenge challenge, int attempt, CancellationToken cancellationToken)
    {
        Requests.Add((challenge, attempt));
        return attempt <= codes.Length ? Task.FromResult(codes[attempt - 1]) : throw new SamlSignInExceptionForTest("no more codes");
    }
}

/// <summary>Records what a sign-in showed the user.</summary>
internal sealed class RecordingPresenter : ISamlSignInPresenter
{
    public List<string> Lines { get; } = [];

    public void Show(string message)
    {
        lock (Lines)
        {
            Lines.Add(message);
        }
    }
}

/// <summary>A scripted STS for AssumeRoleWithSAML: fails durations above <see cref="RoleMaximum"/> the way STS does.</summary>
internal sealed class FakeSamlSts(TimeProvider time) : IStsClient
{
    public int RoleMaximum { get; set; } = 3600;

    public Func<AwsServiceException?> Fail { get; set; } = () => null;

    public List<(string Role, string Principal, string Assertion, int? Duration)> Calls { get; } = [];

    public Task<StsResult> AssumeRoleWithSamlAsync(string roleArn, string principalArn, string samlAssertion, int? durationSeconds, CancellationToken cancellationToken)
    {
        Calls.Add((roleArn, principalArn, samlAssertion, durationSeconds));
        if (Fail() is { } error)
        {
            throw error;
        }

        if (durationSeconds > RoleMaximum)
        {
            throw new AwsServiceException("STS", "AssumeRoleWithSAML", "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400, retryable: false);
        }

        var arn = $"arn:aws:sts::{roleArn.Split(':')[4]}:assumed-role/{roleArn.Split('/')[^1]}/alice@example.com";
        return Task.FromResult(new StsResult(new AwsCredentials("ASIASAML", "secret", "token", time.GetUtcNow().AddSeconds(durationSeconds ?? 3600), roleArn.Split(':')[4]), arn));
    }

    public Task<StsResult> AssumeRoleAsync(AwsCredentials caller, AssumeRoleRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StsResult> GetSessionTokenAsync(AwsCredentials caller, int? durationSeconds, string? serialNumber, string? tokenCode, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StsResult> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string webIdentityToken, int? durationSeconds, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken) => throw new NotSupportedException();
}
