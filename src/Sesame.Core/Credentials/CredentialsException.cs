using Sesame.Core.Errors;

namespace Sesame.Core.Credentials;

/// <summary>A configured credential source failed: AWS refused, a helper failed, a file was unreadable.</summary>
public class CredentialsException : SesameException
{
    /// <summary>Creates the error; the message names the failing step and what to do.</summary>
    public CredentialsException(string message, int exitCode = ExitCodes.CredentialsFailed, Exception? inner = null)
        : base(message, exitCode, inner)
    {
    }
}

/// <summary>
/// This source is not configured (no variables, no instance role, no profile settings). A chain of
/// providers moves on to the next one only on this error; every other error stops the chain, as
/// in botocore and smithy-rs.
/// </summary>
public sealed class CredentialsNotFoundException : CredentialsException
{
    /// <summary>Creates the error with what was looked for.</summary>
    public CredentialsNotFoundException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// An AWS service refused a call (for example AccessDenied, ExpiredToken, InvalidClientTokenId).
/// The service's code and message are remote text: they are made printable
/// (<see cref="Platform.TerminalText"/>) here, once, for every message built from them.
/// </summary>
public sealed class AwsServiceException : CredentialsException
{
    /// <summary>Creates the error from the service's code and message.</summary>
    public AwsServiceException(string service, string operation, string? errorCode, string message, int statusCode, bool retryable, Exception? inner = null)
        : base($"{service} {operation} failed: {(errorCode is null ? string.Empty : Platform.TerminalText.Sanitize(errorCode, 100) + ": ")}{Platform.TerminalText.Sanitize(message)}", retryable ? ExitCodes.ServiceUnavailable : ExitCodes.CredentialsFailed, inner)
    {
        Service = service;
        Operation = operation;
        ServiceMessage = Platform.TerminalText.Sanitize(message)!;
        ErrorCode = Platform.TerminalText.Sanitize(errorCode, 100);
        StatusCode = statusCode;
        IsTransient = retryable;
    }

    /// <summary>The service (STS, SSO, …).</summary>
    public string Service { get; }

    /// <summary>The operation (AssumeRole, …).</summary>
    public string Operation { get; }

    /// <summary>The service's own message, without Sesame's prefix.</summary>
    public string ServiceMessage { get; }

    /// <summary>The AWS error code, when the service sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status code, or 0 when the service was not reached.</summary>
    public int StatusCode { get; }

    /// <summary>True for throttling, server errors and network failures (after the SDK's own retries).</summary>
    public bool IsTransient { get; }
}
