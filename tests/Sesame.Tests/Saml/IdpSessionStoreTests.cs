using System.Text;
using Sesame.Core.Saml;
using Sesame.Core.Saml.Secrets;
using Sesame.Testing;

namespace Sesame.Tests.Saml;

public sealed class IdpSessionStoreTests
{
    private static readonly Uri Idp = new("https://ADFS.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices");
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cookies_round_trip_through_the_jar_and_the_store_with_their_attributes()
    {
        // CookieContainer judges expiry by the system clock, so this test uses real time.
        var now = DateTimeOffset.UtcNow;
        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date.AddDays(2), TimeSpan.Zero);
        var jar = new IdpCookieJar();
        jar.Container.SetCookies(new Uri("https://adfs.example.com/adfs/ls/"), "MSISAuth=session-secret-1; path=/adfs; secure; HttpOnly");
        jar.Container.SetCookies(new Uri("https://adfs.example.com/adfs/ls/"), "MSISKmsi=kmsi-secret-2; path=/adfs; expires=" + tomorrow.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var store = new InMemorySecretStore();
        var sessions = new IdpSessionStore(store, new ManualTimeProvider(now));

        sessions.Put(Idp, "EXAMPLE\\alice", jar.Export(now), now.AddHours(8));
        Assert.True(sessions.TryGet(Idp, "example\\ALICE", out var cookies));
        var back = new IdpCookieJar(cookies, now);

        Assert.Equal("MSISAuth=session-secret-1; MSISKmsi=kmsi-secret-2", back.Container.GetCookieHeader(new Uri("https://adfs.example.com/adfs/ls/")));
        Assert.DoesNotContain("MSISAuth", back.Container.GetCookieHeader(new Uri("http://adfs.example.com/adfs/ls/")), StringComparison.Ordinal);
        var auth = Assert.Single(cookies, c => c.Name == "MSISAuth");
        Assert.True(auth.Secure && auth.HttpOnly);
        Assert.Null(auth.Expires);
        Assert.Equal(tomorrow, Assert.Single(cookies, c => c.Name == "MSISKmsi").Expires);
    }

    [Fact]
    public void Metadata_tells_the_idp_user_and_expiry_without_unlocking_and_the_key_hides_both()
    {
        var store = new InMemorySecretStore();
        var sessions = new IdpSessionStore(store, new ManualTimeProvider(Now));
        sessions.Put(Idp, "alice", [new IdpCookie("MSISAuth", "v", "adfs.example.com", "/adfs", null, true, true)], Now.AddHours(8));
        var gets = store.Gets;

        var info = sessions.Peek(Idp, "alice")!;

        Assert.Equal(gets, store.Gets);
        Assert.Equal("https://adfs.example.com/adfs/ls/idpinitiatedsignon.aspx", info.IdpUrl);
        Assert.Equal("alice", info.Username);
        Assert.Equal(Now.AddHours(8), info.Expires);
        Assert.True(sessions.HasValid(Idp, "alice"));
        Assert.DoesNotContain("alice", info.Key, StringComparison.Ordinal);
        Assert.StartsWith(IdpSessionStore.Prefix, info.Key, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(string.Join("\n", store.List().SelectMany(i => i.Metadata.Values)), "MSISAuth=v");
    }

    [Fact]
    public void An_expired_session_reads_as_a_miss_and_is_removed()
    {
        var time = new ManualTimeProvider(Now);
        var store = new InMemorySecretStore();
        var sessions = new IdpSessionStore(store, time);
        sessions.Put(Idp, "alice", [new IdpCookie("MSISAuth", "v", "adfs.example.com", "/adfs", null, true, true)], Now.AddHours(8));

        time.Advance(TimeSpan.FromHours(8));

        Assert.False(sessions.HasValid(Idp, "alice"));
        Assert.False(sessions.TryGet(Idp, "alice", out _));
        Assert.Empty(sessions.List());
    }

    [Fact]
    public void A_damaged_entry_reads_as_a_miss_and_is_removed()
    {
        var store = new InMemorySecretStore();
        store.Set(IdpSessionStore.KeyFor(Idp, "alice"), "not json"u8, new Dictionary<string, string> { ["kind"] = "idp-session" });
        var sessions = new IdpSessionStore(store, new ManualTimeProvider(Now));

        Assert.False(sessions.TryGet(Idp, "alice", out _));
        Assert.Empty(store.List());
    }

    [Fact]
    public void Stored_passwords_round_trip_and_are_keyed_by_idp_and_user()
    {
        var store = new InMemorySecretStore();
        var passwords = new SamlPasswordStore(store);
        using (var password = SamlPassword.FromString("pässwörd-secret"))
        {
            passwords.Put(Idp.AbsoluteUri, "alice", password);
        }

        Assert.True(passwords.Has(Idp.AbsoluteUri, "alice"));
        Assert.False(passwords.Has(Idp.AbsoluteUri, "bob"));
        using var back = passwords.Get(Idp.AbsoluteUri, "alice")!;
        Assert.Equal("pässwörd-secret", new string(back.Memory.Span));
        Assert.Equal("SamlPassword { ** redacted ** }", back.ToString());
        SecretScan.AssertNoSecrets(string.Join("\n", store.List().Select(i => i.Key + string.Join(",", i.Metadata.Values))), "pässwörd-secret");
    }

    [Fact]
    public void A_disposed_password_is_zeroed()
    {
        var chars = "hunter2".ToCharArray();
        var password = new SamlPassword(chars, chars.Length);
        password.Dispose();
        Assert.All(chars, c => Assert.Equal('\0', c));
    }

    [Fact]
    public void The_form_body_encodes_a_password_without_a_string_and_is_zeroed_on_dispose()
    {
        var content = new Sesame.Core.Saml.Adfs.SecretFormContent([new("Password", "a b&c=ü".AsMemory()), new("UserName", "EXAMPLE\\alice".AsMemory())]);
        Assert.Equal("Password=a+b%26c%3D%C3%BC&UserName=EXAMPLE%5Calice", Encoding.ASCII.GetString(content.Body));
        content.Dispose();
        Assert.True(content.Body.IsEmpty);
    }
}
