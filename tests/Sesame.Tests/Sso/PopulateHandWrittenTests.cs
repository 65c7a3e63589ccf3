using System.Text;
using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Sso.Populate;

namespace Sesame.Tests.Sso;

/// <summary>
/// <c>sso populate</c> beside profiles written by hand: a role that already has one (under any name) gets
/// no generated twin, and <c>--prune</c> takes the comment written above a removed profile with it.
/// </summary>
public sealed class PopulateHandWrittenTests
{
    private const string Path = "/home/.aws/config";

    private static readonly IReadOnlyList<SsoAccountRoles> Directory =
    [
        new(new SsoAccountInfo("111111111111", "dev", null), ["Admin", "ReadOnly"]),
    ];

    private static PopulateResult Plan(string text, IReadOnlyList<SsoAccountRoles> directory, bool prune = false)
        => ProfilePopulator.Plan(ConfigFile.Parse(Path, ConfigFileKind.Config, Encoding.UTF8.GetBytes(text)), Path, directory, new PopulateOptions("corp", new ProfileNameTemplate(ProfileNameTemplate.Default), null, prune));

    private const string Session = "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n\n";

    [Fact]
    public void A_hand_written_profile_for_the_same_account_and_role_gets_no_generated_twin()
    {
        var config = Session + "[profile dev-admin]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n";

        var result = Plan(config, Directory);
        var after = Encoding.UTF8.GetString(result.After);

        Assert.DoesNotContain("[profile dev-Admin]", after, StringComparison.Ordinal);
        Assert.Contains("[profile dev-ReadOnly]", after, StringComparison.Ordinal);
        Assert.StartsWith(config, after, StringComparison.Ordinal);
        Assert.Equal(["dev-admin"], result.KeptHandWritten);
        Assert.Equal(1, result.Added);
        Assert.False(Plan(after, Directory).HasChanges);
    }

    [Fact]
    public void A_hand_written_profile_of_another_session_does_not_count()
    {
        var config = Session + "[profile dev-admin]\nsso_session = other\nsso_account_id = 111111111111\nsso_role_name = Admin\n";

        var result = Plan(config, Directory);

        Assert.Contains("[profile dev-Admin]", Encoding.UTF8.GetString(result.After), StringComparison.Ordinal);
        Assert.Empty(result.KeptHandWritten);
    }

    [Fact]
    public void A_generated_profile_made_before_stays_managed_beside_the_hand_written_one()
    {
        var config = Session + "[profile dev-admin]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n\n"
            + "[profile dev-Admin]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\nsesame_generated = corp\n";

        var result = Plan(config, Directory);

        Assert.Equal((1, 1, 0), (result.Added, result.Unchanged, result.Removed));
        Assert.Empty(result.KeptHandWritten);
    }

    [Fact]
    public void Prune_removes_the_comment_written_above_a_removed_profile()
    {
        var generated = Encoding.UTF8.GetString(Plan(Session, Directory).After);
        var commented = generated.Replace("[profile dev-ReadOnly]", "# read-only access for the dashboards\n[profile dev-ReadOnly]", StringComparison.Ordinal);
        var smaller = new[] { Directory[0] with { Roles = ["Admin"] } };

        var pruned = Encoding.UTF8.GetString(Plan(commented, smaller, prune: true).After);

        Assert.DoesNotContain("dev-ReadOnly", pruned, StringComparison.Ordinal);
        Assert.DoesNotContain("dashboards", pruned, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", pruned, StringComparison.Ordinal);
        Assert.EndsWith("sesame_generated = corp\n", pruned, StringComparison.Ordinal);
        Assert.StartsWith(Session + "[profile dev-Admin]\n", pruned, StringComparison.Ordinal);
    }
}
