namespace Sesame.Sandbox;

/// <summary>An IAM user as the sandbox created it in moto, with the access key moto issued.</summary>
/// <param name="Name">User name.</param>
/// <param name="AccountId">Account id.</param>
/// <param name="AccessKeyId">The user's access key id (AKIA…).</param>
/// <param name="SecretAccessKey">The key's secret. Test data, but still never printed by the sandbox.</param>
/// <param name="MfaSerial">The virtual MFA device's serial, or null when the user has none.</param>
public sealed record SandboxUser(string Name, string AccountId, string AccessKeyId, string SecretAccessKey, string? MfaSerial)
{
    /// <summary>The user's ARN.</summary>
    public string Arn => $"arn:aws:iam::{AccountId}:user/{Name}";

    /// <summary>Redacted.</summary>
    public override string ToString() => $"SandboxUser {{ {Arn}, AccessKeyId = {AccessKeyId}, SecretAccessKey = ** redacted ** }}";
}
