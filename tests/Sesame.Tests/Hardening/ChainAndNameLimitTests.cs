using System.Diagnostics;
using System.Text;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Config.Reports;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Stores;
using Sesame.Core.Stores.EncryptedFile;
using Sesame.Core.Stores.Typed;
using Sesame.Core.Credentials;
using Sesame.Testing;
using Sesame.Tests.Stores;

namespace Sesame.Tests.Hardening;

/// <summary>Deep chains fail fast with a clear message; profile names of any length work.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChainAndNameLimitTests
{
    [Fact]
    public void A_ten_thousand_hop_chain_is_refused_quickly_with_the_limit_in_the_message()
    {
        var profiles = Chain(10_000);
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(profiles, "p10000"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Contains($"more than {ChainPlanner.MaxRoleHops} role hops", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConfigError, error.ExitCode);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void A_chain_at_the_limit_plans_and_one_more_hop_does_not()
    {
        Assert.Equal(ChainPlanner.MaxRoleHops, ChainPlanner.Plan(Chain(ChainPlanner.MaxRoleHops), $"p{ChainPlanner.MaxRoleHops}").Roles.Count);
        Assert.Throws<ConfigException>(() => ChainPlanner.Plan(Chain(ChainPlanner.MaxRoleHops + 1), $"p{ChainPlanner.MaxRoleHops + 1}"));
    }

    [Fact]
    public void Planning_time_grows_linearly_with_the_chain()
    {
        // Warm up, then compare a 4-hop and a 64-hop chain per hop: within a generous factor.
        var small = Chain(4);
        var large = Chain(64);
        for (var i = 0; i < 50; i++)
        {
            ChainPlanner.Plan(small, "p4");
            ChainPlanner.Plan(large, "p64");
        }

        var perHopSmall = Measure(() => ChainPlanner.Plan(small, "p4"), 400) / 4;
        var perHopLarge = Measure(() => ChainPlanner.Plan(large, "p64"), 50) / 64;

        Assert.True(perHopLarge < perHopSmall * 5, $"per hop: {perHopSmall:F4} ms at 4 hops, {perHopLarge:F4} ms at 64 hops");
    }

    [Fact]
    public void Explain_and_list_survive_a_ten_thousand_hop_chain()
    {
        var profiles = Chain(10_000);

        var report = ExplainReport.Build(profiles, "p10000");

        Assert.NotNull(report.Error);
        Assert.NotEmpty(ProfileSummary.ForAll(profiles));
    }

    [Fact]
    public void An_empty_web_identity_token_file_is_a_config_error_with_file_and_line()
    {
        var profiles = Profiles("[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/ci\nweb_identity_token_file =\n");

        var error = Assert.Throws<ConfigException>(() => ChainPlanner.Plan(profiles, "ci"));

        Assert.Contains("empty web_identity_token_file", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData(396)]
    [InlineData(1_000)]
    [InlineData(20_000)]
    public void A_profile_name_of_any_length_can_hold_stored_keys(int length)
    {
        using var temp = new TempDirectory("sesame-harden");
        var store = new EncryptedFileStore(temp.Combine("store"), PhysicalFileSystem.Instance, new FixedPassphrase("p"), new TestUnlockCache(), TimeSpan.FromHours(1), kdfIterations: 1000);
        var keys = new AccessKeyStore(store);
        var profile = new string('p', length);

        Assert.False(keys.Has(profile));
        keys.Put(profile, new AwsCredentials("AKIAEXAMPLELONGNAME1", "secret"));

        Assert.True(new AccessKeyStore(store).Has(profile));
        Assert.Equal("secret", keys.Get(profile)!.SecretAccessKey);
        Assert.Equal(profile, Assert.Single(keys.List()).Profile);
        Assert.All(Directory.GetFiles(temp.Combine("store")), f => Assert.True(Path.GetFileName(f).Length < 200));
    }

    [Fact]
    public void A_profile_name_a_store_cannot_hold_has_no_stored_keys_instead_of_failing()
        => Assert.False(new AccessKeyStore(new InMemorySecretStore()).Has("bad\u0001name"));

    [Fact]
    public void Short_names_stay_readable_and_long_names_keep_their_old_hashed_names()
    {
        Assert.Equal("keys%2Fprod", ItemNames.FileName("keys/prod"));
        var key = "session/" + new string('a', 300);
        var expected = ItemNames.Encode(key)[..100] + "~" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
        Assert.Equal(expected, ItemNames.FileName(key));
    }

    [Fact]
    public async Task List_works_for_a_whole_file_with_a_396_character_profile_name()
    {
        using var home = new TempDirectory("sesame-harden-home");
        var name = new string('p', 396);
        home.Write(".aws/config", $"[profile short]\nregion = us-east-1\n\n[profile {name}]\naws_access_key_id = AKIAEXAMPLELONGNAME1\naws_secret_access_key = s\n");
        var environment = Binary.Environment_(home.Path, ("SESAME_BACKEND", "file"), ("SESAME_FILE_PASSPHRASE", "p"));

        var add = await Binary.RunAsync(["keys", "add", name, "--from-env"], new Dictionary<string, string>(environment) { ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLELONGNAME2", ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzLONGNAME" });
        var list = await Binary.RunAsync(["list"], environment);

        Assert.Equal(0, add.ExitCode);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("short", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(name, list.StandardOutput, StringComparison.Ordinal);
    }

    internal static ProfileSet Chain(int hops)
    {
        var text = new StringBuilder("[profile p0]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n");
        for (var i = 1; i <= hops; i++)
        {
            text.Append($"[profile p{i}]\nrole_arn = arn:aws:iam::123456789012:role/r{i}\nsource_profile = p{i - 1}\n");
        }

        return Profiles(text.ToString());
    }

    private static ProfileSet Profiles(string config)
        => ProfileSet.Build(ConfigFile.Parse("/home/u/.aws/config", ConfigFileKind.Config, Encoding.UTF8.GetBytes(config)), null);

    // The best of several rounds: other tests run in parallel on a loaded machine, and interference only ever
    // adds time, so the minimum is what the code itself costs.
    private static double Measure(Action action, int times)
    {
        var best = double.MaxValue;
        for (var round = 0; round < 7; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < times; i++)
            {
                action();
            }

            best = Math.Min(best, watch.Elapsed.TotalMilliseconds / times);
        }

        return best;
    }
}
