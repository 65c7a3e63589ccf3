using System.Security.Cryptography;
using Sesame.Core.Saml.Secrets;
using Sesame.Core.Stores;

namespace Sesame.Core.Saml;

/// <summary>
/// IdP passwords the user asked Sesame to keep (<c>sesame saml login --store-password</c>), per IdP URL and
/// user name (item <c>saml-password/&lt;id&gt;</c>). Nothing is stored unless asked.
/// </summary>
public sealed class SamlPasswordStore
{
    /// <summary>The key prefix of these items.</summary>
    public const string Prefix = "saml-password/";

    private readonly ISecretStore _store;

    /// <summary>Creates the wrapper.</summary>
    public SamlPasswordStore(ISecretStore store) => _store = store;

    /// <summary>The item key for an IdP URL and user name.</summary>
    public static string KeyFor(string idpUrl, string username) => Prefix + IdpItemId.Of(Name(idpUrl), username);

    /// <summary>Stores (or replaces) a password.</summary>
    public void Put(string idpUrl, string username, SamlPassword password)
    {
        var bytes = password.ToUtf8();
        try
        {
            _store.Set(KeyFor(idpUrl, username), bytes, new Dictionary<string, string> { ["kind"] = "saml-password", ["idp"] = Name(idpUrl), ["username"] = username });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The stored password (the caller disposes it), or <c>null</c>. May unlock the store.</summary>
    public SamlPassword? Get(string idpUrl, string username)
    {
        var bytes = _store.Get(KeyFor(idpUrl, username));
        if (bytes is null)
        {
            return null;
        }

        try
        {
            var chars = new char[System.Text.Encoding.UTF8.GetCharCount(bytes)];
            var length = System.Text.Encoding.UTF8.GetChars(bytes, chars);
            return new SamlPassword(chars, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>True when a password is stored (metadata only).</summary>
    public bool Has(string idpUrl, string username)
    {
        var key = KeyFor(idpUrl, username);
        return _store.List(key).Any(i => i.Key == key);
    }

    /// <summary>Removes a stored password. Returns true when there was one.</summary>
    public bool Remove(string idpUrl, string username) => _store.Remove(KeyFor(idpUrl, username));

    private static string Name(string idpUrl)
        => Uri.TryCreate(idpUrl, UriKind.Absolute, out var uri) ? IdpSessionStore.IdpName(uri) : idpUrl.Trim().ToLowerInvariant();
}
