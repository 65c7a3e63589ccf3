using Sesame.Core.Credentials;
using Sesame.Core.Saml;
using Sesame.Testing;

namespace Sesame.Tests.Saml;

public sealed class SamlRoleAssumerTests
{
    private static readonly SamlRole Role = new(TestAssertions.Role1, TestAssertions.Provider1);

    [Theory]
    [InlineData(null, null, 3600)]
    [InlineData(null, 28800, 28800)]
    [InlineData(7200, null, 7200)]
    [InlineData(43200, 28800, 28800)]
    [InlineData(3600, 28800, 3600)]
    [InlineData(600, null, 900)]
    [InlineData(90000, null, 43200)]
    public void The_duration_is_the_smaller_of_what_is_asked_and_the_assertion_SessionDuration(int? asked, int? sessionDuration, int expected)
        => Assert.Equal(expected, SamlDuration.Choose(asked, sessionDuration));

    [Fact]
    public async Task A_duration_the_role_does_not_allow_is_retried_with_one_hour()
    {
        var sts = new FakeSamlSts(TimeProvider.System) { RoleMaximum = 3600 };
        var assertion = SamlAssertion.Parse(TestAssertions.Build(sessionDuration: "28800"));

        var result = await new SamlRoleAssumer(sts).AssumeAsync(assertion, Role, null, null, CancellationToken.None);

        Assert.Equal([28800, 3600], sts.Calls.Select(c => c.Duration));
        Assert.Equal(3600, result.DurationSeconds);
        Assert.True(result.DurationReduced);
        Assert.All(sts.Calls, c => Assert.Equal(assertion.Base64, c.Assertion));
    }

    [Fact]
    public async Task A_known_role_maximum_is_tried_before_one_hour()
    {
        var sts = new FakeSamlSts(TimeProvider.System) { RoleMaximum = 14400 };
        var assertion = SamlAssertion.Parse(TestAssertions.Build());

        var result = await new SamlRoleAssumer(sts).AssumeAsync(assertion, Role, 43200, 14400, CancellationToken.None);

        Assert.Equal([43200, 14400], sts.Calls.Select(c => c.Duration));
        Assert.Equal(14400, result.DurationSeconds);
    }

    [Fact]
    public async Task One_hour_is_not_retried_and_other_errors_name_the_role_without_the_assertion()
    {
        var sts = new FakeSamlSts(TimeProvider.System)
        {
            Fail = () => new AwsServiceException("STS", "AssumeRoleWithSAML", "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 403, retryable: false),
        };
        var assertion = SamlAssertion.Parse(TestAssertions.Build());

        var error = await Assert.ThrowsAsync<CredentialsException>(() => new SamlRoleAssumer(sts).AssumeAsync(assertion, Role, 3600, null, CancellationToken.None));

        Assert.Single(sts.Calls);
        Assert.StartsWith($"could not assume {TestAssertions.Role1} with the SAML assertion: AccessDenied: ", error.Message, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(error.ToString(), assertion.Base64);
    }

    [Fact]
    public void Roles_are_picked_by_flag_or_profile_or_when_only_one_is_offered()
    {
        SamlRole[] two = [Role, new(TestAssertions.Role2, TestAssertions.Provider2)];
        Assert.Equal(two[1], SamlSignIn.PickRole(two, TestAssertions.Role2, null));
        Assert.Null(SamlSignIn.PickRole(two, null, null));
        Assert.Equal(Role, SamlSignIn.PickRole([Role], null, null));
        var error = Assert.Throws<SamlSignInException>(() => SamlSignIn.PickRole(two, "arn:aws:iam::111122223333:role/Nope", null));
        Assert.Equal(SamlFailure.NoSuchRole, error.Failure);
        Assert.Contains(TestAssertions.Role2, error.Message, StringComparison.Ordinal);

        SamlRole[] twoProviders = [Role, new(TestAssertions.Role1, "arn:aws:iam::111122223333:saml-provider/Other")];
        Assert.Contains("sesame_saml_principal_arn", Assert.Throws<SamlSignInException>(() => SamlSignIn.PickRole(twoProviders, TestAssertions.Role1, null)).Message, StringComparison.Ordinal);
        Assert.Equal(twoProviders[1], SamlSignIn.PickRole(twoProviders, TestAssertions.Role1, "arn:aws:iam::111122223333:saml-provider/Other"));
    }
}
