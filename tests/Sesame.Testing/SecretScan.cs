namespace Sesame.Testing;

/// <summary>Asserts that secret values never appear in text a user or a log could see.</summary>
public static class SecretScan
{
    public static void AssertNoSecrets(string text, params string?[] secrets)
    {
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            if (text.Contains(secret, StringComparison.Ordinal))
            {
                // Do not echo the secret itself in the failure message.
                throw new Xunit.Sdk.XunitException($"a secret value (length {secret.Length}, ending …{secret[^Math.Min(2, secret.Length)..]}) appeared in the output");
            }
        }
    }
}
