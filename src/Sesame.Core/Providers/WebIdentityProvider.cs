using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Credentials;
using Sesame.Core.Platform;

namespace Sesame.Core.Providers;

/// <summary>
/// AssumeRoleWithWebIdentity with the token in <c>web_identity_token_file</c> (or
/// <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>), as botocore's AssumeRoleWithWebIdentityProvider does: the
/// file is read again on every fetch, because Kubernetes and other issuers rotate it in place; the
/// call is unsigned; the token is sent exactly as the file holds it. The session name is the
/// configured one (<c>role_session_name</c>, or <c>AWS_ROLE_SESSION_NAME</c> for the environment
/// source), else a generated default (<see cref="RoleSessionNames"/>).
/// </summary>
public sealed class WebIdentityProvider : ICredentialProvider
{
    private readonly string _profile;
    private readonly string _roleArn;
    private readonly string _tokenFile;
    private readonly string? _sessionName;
    private readonly Func<IStsClient> _sts;
    private readonly IFileSystem _fileSystem;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    /// <param name="profile">The profile with the settings, or <c>(environment)</c>.</param>
    /// <param name="roleArn">The role to assume.</param>
    /// <param name="tokenFile">The path of the token file.</param>
    /// <param name="sessionName">The configured session name, or <c>null</c> for a generated one.</param>
    /// <param name="sts">Creates the STS client on first use.</param>
    /// <param name="fileSystem">Reads the token.</param>
    /// <param name="time">The clock (for the default session name).</param>
    public WebIdentityProvider(string profile, string roleArn, string tokenFile, string? sessionName, Func<IStsClient> sts, IFileSystem fileSystem, TimeProvider time)
    {
        _profile = profile;
        _roleArn = roleArn;
        _tokenFile = tokenFile;
        _sessionName = string.IsNullOrWhiteSpace(sessionName) ? null : sessionName.Trim();
        _sts = sts;
        _fileSystem = fileSystem;
        _time = time;
    }

    /// <inheritdoc />
    public string Name => $"web-identity {_profile} ({_roleArn})";

    /// <inheritdoc />
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var token = ReadToken();
        var sessionName = _sessionName ?? RoleSessionNames.Default(_time.GetUtcNow());
        try
        {
            var result = await _sts().AssumeRoleWithWebIdentityAsync(_roleArn, sessionName, token, null, cancellationToken).ConfigureAwait(false);
            return result.Credentials;
        }
        catch (AwsServiceException e)
        {
            throw new CredentialsException($"{Source}: could not assume {_roleArn} with the web identity token from {_tokenFile}: {e.ErrorCode ?? "error"}: {e.ServiceMessage}", e.ExitCode, e);
        }
    }

    private string Source => _profile == "(environment)" ? "AWS_WEB_IDENTITY_TOKEN_FILE" : $"profile '{_profile}'";

    private string Setting => _profile == "(environment)" ? "AWS_WEB_IDENTITY_TOKEN_FILE" : $"web_identity_token_file of profile '{_profile}'";

    private string ReadToken()
    {
        byte[] bytes;
        try
        {
            bytes = _fileSystem.ReadAllBytes(_tokenFile);
        }
        catch (UnsafeFileException e)
        {
            throw e.WithSetting(Setting);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message;
            throw new CredentialsException($"{Source}: cannot read the web identity token file {_tokenFile}: {reason}");
        }

        var token = Encoding.UTF8.GetString(bytes);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new CredentialsException($"{Source}: the web identity token file {_tokenFile} is empty");
        }

        return token;
    }
}
