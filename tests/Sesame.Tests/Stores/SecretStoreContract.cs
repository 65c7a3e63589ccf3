using Sesame.Core.Stores;

namespace Sesame.Tests.Stores;

/// <summary>
/// The behaviour every backend must have. Each backend's test class derives from this and runs
/// the same cases against the real thing (the encrypted file, pass with a throwaway GnuPG key,
/// gnome-keyring on a private D-Bus session).
/// </summary>
public abstract class SecretStoreContract
{
    /// <summary>A new, empty store.</summary>
    protected abstract ISecretStore CreateStore();

    private readonly string _ns = "t" + Guid.NewGuid().ToString("N")[..8] + "/";

    [Fact]
    public void Get_of_a_missing_key_returns_null()
    {
        var store = CreateStore();
        Assert.Null(store.Get(_ns + "missing"));
    }

    [Fact]
    public void Set_then_Get_returns_the_exact_bytes_including_zeros_and_newlines()
    {
        var store = CreateStore();
        var secret = Enumerable.Range(0, 256).Select(i => (byte)i).Concat("\n\r\n"u8.ToArray()).ToArray();
        store.Set(_ns + "binary", secret);
        Assert.Equal(secret, store.Get(_ns + "binary"));
    }

    [Fact]
    public void Set_replaces_the_secret_and_the_metadata()
    {
        var store = CreateStore();
        store.Set(_ns + "k", "one"u8, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        store.Set(_ns + "k", "two"u8, new Dictionary<string, string> { ["a"] = "3" });
        Assert.Equal("two"u8.ToArray(), store.Get(_ns + "k"));
        var item = Assert.Single(store.List(_ns + "k"));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "3" }, item.Metadata);
    }

    [Fact]
    public void List_returns_keys_and_metadata_filtered_by_prefix_in_key_order()
    {
        var store = CreateStore();
        store.Set(_ns + "keys/prod", "p"u8, new Dictionary<string, string> { ["key_id"] = "****ABCD", ["created"] = "2026-01-02T03:04:05Z" });
        store.Set(_ns + "keys/dev", "d"u8, new Dictionary<string, string> { ["key_id"] = "****WXYZ" });
        store.Set(_ns + "totp/arn:aws:iam::123456789012:mfa/alice", "s"u8);

        var keys = store.List(_ns + "keys/");
        Assert.Equal([_ns + "keys/dev", _ns + "keys/prod"], keys.Select(i => i.Key));
        Assert.Equal("****ABCD", keys[1].Metadata["key_id"]);
        Assert.Equal("2026-01-02T03:04:05Z", keys[1].Metadata["created"]);
        Assert.Equal(3, store.List(_ns).Count);
    }

    [Fact]
    public void Keys_with_slashes_colons_spaces_and_unicode_round_trip()
    {
        var store = CreateStore();
        string[] keys = [_ns + "totp/arn:aws:iam::123456789012:mfa/alice", _ns + "session/a b%2F", _ns + "keys/prod.eu-west-1", _ns + "keys/ünï"];
        foreach (var key in keys)
        {
            store.Set(key, System.Text.Encoding.UTF8.GetBytes("v:" + key));
        }

        foreach (var key in keys)
        {
            Assert.Equal("v:" + key, System.Text.Encoding.UTF8.GetString(store.Get(key)!));
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), store.List(_ns).Select(i => i.Key));
    }

    [Fact]
    public void Very_long_keys_work_and_list_under_their_prefix()
    {
        var store = CreateStore();
        var longKey = _ns + "session/" + string.Concat(Enumerable.Repeat("arn:aws:iam::123456789012:role/Deploy|", 10));
        var otherLongKey = longKey + "x";
        store.Set(longKey, "a"u8, new Dictionary<string, string> { ["profile"] = "prod" });
        store.Set(otherLongKey, "b"u8);
        Assert.Equal("a"u8.ToArray(), store.Get(longKey));
        Assert.Equal("b"u8.ToArray(), store.Get(otherLongKey));
        Assert.Equal([longKey, otherLongKey], store.List(_ns + "session/").Select(i => i.Key));
        Assert.True(store.Remove(longKey));
        Assert.Equal("b"u8.ToArray(), store.Get(otherLongKey));
    }

    [Fact]
    public void Remove_deletes_once_and_reports_whether_something_was_there()
    {
        var store = CreateStore();
        store.Set(_ns + "gone", "x"u8);
        Assert.True(store.Remove(_ns + "gone"));
        Assert.False(store.Remove(_ns + "gone"));
        Assert.Null(store.Get(_ns + "gone"));
        Assert.Empty(store.List(_ns + "gone"));
    }

    [Fact]
    public void Similar_keys_do_not_collide()
    {
        var store = CreateStore();
        store.Set(_ns + "keys/a", "1"u8);
        store.Set(_ns + "keys/a2", "2"u8);
        store.Set(_ns + "keys/A", "3"u8);
        Assert.Equal("1"u8.ToArray(), store.Get(_ns + "keys/a"));
        Assert.Equal("2"u8.ToArray(), store.Get(_ns + "keys/a2"));
        Assert.Equal("3"u8.ToArray(), store.Get(_ns + "keys/A"));
        store.Remove(_ns + "keys/a");
        Assert.Equal("2"u8.ToArray(), store.Get(_ns + "keys/a2"));
    }

    [Fact]
    public void Invalid_metadata_names_are_refused_before_anything_is_written()
    {
        var store = CreateStore();
        Assert.Throws<ArgumentException>(() => store.Set(_ns + "bad", "x"u8, new Dictionary<string, string> { ["Bad Name"] = "v" }));
        Assert.Throws<ArgumentException>(() => store.Set(_ns + "bad", "x"u8, new Dictionary<string, string> { ["ok"] = "line\nbreak" }));
        Assert.Null(store.Get(_ns + "bad"));
    }
}
