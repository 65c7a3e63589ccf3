using System.Net.Http.Headers;
using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Json;
using Sesame.Core.Errors;
using Sesame.Core.Platform;

namespace Sesame.Core.Providers;

/// <summary>
/// Container credentials: the ECS agent, EKS Pod Identity, or a local credential server
/// (aws-wire-reference §6.1, botocore ContainerProvider / ContainerMetadataFetcher). The URL comes
/// from <see cref="ContainerEndpoint"/>. The <c>Authorization</c> header is the content of
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> (read again on every fetch: EKS rotates it) or else
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>, sent verbatim; a value with CR or LF is refused. Each
/// fetch makes up to 3 attempts of 2 s, 1 s apart, as botocore does. Not configured →
/// <see cref="CredentialsNotFoundException"/>, so the default chain moves on; configured but
/// failing → an error that stops it.
/// </summary>
public sealed class ContainerProvider : ICredentialProvider
{
    /// <summary>The variable naming a file with the authorization token.</summary>
    public const string TokenFileVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    /// <summary>The variable with the authorization token itself.</summary>
    public const string TokenVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

    internal static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    internal static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);
    internal const int Attempts = 3;

    private readonly IEnvironment _environment;
    private readonly IFileSystem _fileSystem;
    private readonly AwsHttpOptions _http;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    public ContainerProvider(IEnvironment environment, IFileSystem fileSystem, AwsHttpOptions http, TimeProvider time)
    {
        _environment = environment;
        _fileSystem = fileSystem;
        _http = http;
        _time = time;
    }

    /// <inheritdoc />
    public string Name => "container";

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var uri = ContainerEndpoint.Resolve(_environment);
        var authorization = ReadAuthorization();
        var shown = uri.GetLeftPart(UriPartial.Path);
        using var client = MetadataHttp.CreateClient(_http);
        MetadataResponse response = default;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(RetryPause, _time, cancellationToken).ConfigureAwait(false);
            }

            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            response = await MetadataHttp.SendAsync(client, request, AttemptTimeout, _time, cancellationToken).ConfigureAwait(false);
            if (response.Outcome == MetadataOutcome.Answered && response.Status == 200)
            {
                try
                {
                    return MetadataCredentials.Parse(response.Body, requireExpiration: true);
                }
                catch (InvalidJsonException)
                {
                    // botocore retries an answer it cannot parse; so do we.
                }
                catch (IncompleteCredentialsException e)
                {
                    throw new CredentialsException($"container credentials from {shown}: the answer has no {e.Message}");
                }
            }
        }

        var what = response.Outcome == MetadataOutcome.Answered && response.Status == 200
            ? "the answer is not valid JSON"
            : response.Describe(AttemptTimeout) + ServerMessage(response);
        var exitCode = response.Outcome == MetadataOutcome.TimedOut ? ExitCodes.Timeout
            : response.Outcome == MetadataOutcome.Unreachable || response.IsServerBusy ? ExitCodes.ServiceUnavailable
            : ExitCodes.CredentialsFailed;
        throw new CredentialsException($"container credentials from {shown} failed after {Attempts} attempts: {what}", exitCode);
    }

    private string? ReadAuthorization()
    {
        string? token;
        string source;
        if (_environment.GetNonBlank(TokenFileVariable) is { } path)
        {
            source = $"{TokenFileVariable} ({path})";
            try
            {
                token = Encoding.UTF8.GetString(_fileSystem.ReadAllBytes(path));
            }
            catch (UnsafeFileException e)
            {
                throw e.WithSetting(TokenFileVariable);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var reason = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message;
                throw new CredentialsException($"cannot read the container authorization token file {path} ({TokenFileVariable}): {reason}");
            }
        }
        else
        {
            source = TokenVariable;
            token = _environment.GetVariable(TokenVariable);
        }

        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.Contains('\r', StringComparison.Ordinal) || token.Contains('\n', StringComparison.Ordinal))
        {
            // A line break would let the value inject headers; botocore refuses it too.
            throw new CredentialsException($"the container authorization token from {source} contains a line break, which is not allowed in a header; remove it");
        }

        return token;
    }

    // The Go SDK's error convention: {"code": "...", "message": "..."} with a 4xx/5xx status.
    private static string ServerMessage(MetadataResponse response)
    {
        if (response.Outcome != MetadataOutcome.Answered || response.Body.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            var json = FlatJson.Parse(response.Body);
            // Remote text: made printable before it reaches a message.
            var code = TerminalText.Sanitize(json.GetString("code") ?? json.GetString("Code"), 100);
            var message = TerminalText.Sanitize(json.GetString("message") ?? json.GetString("Message"), 300);
            return code is null && message is null ? string.Empty : $" ({code}{(code is not null && message is not null ? ": " : string.Empty)}{message})";
        }
        catch (InvalidJsonException)
        {
            return string.Empty;
        }
    }
}
