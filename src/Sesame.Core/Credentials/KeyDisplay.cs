namespace Sesame.Core.Credentials;

/// <summary>How key ids are shown to people (aws-vault's FormatKeyForDisplay): the last 4 characters only.</summary>
public static class KeyDisplay
{
    /// <summary>Masks a key id to <c>****ABCD</c>.</summary>
    public static string Mask(string keyId) => keyId.Length <= 4 ? "****" : "****" + keyId[^4..];
}
