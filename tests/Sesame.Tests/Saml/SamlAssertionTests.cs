using System.Text;
using Sesame.Core.Saml;
using Sesame.Testing;

namespace Sesame.Tests.Saml;

public sealed class SamlAssertionTests
{
    [Fact]
    public void Role_pairs_are_read_in_either_order_and_normalised()
    {
        var assertion = SamlAssertion.Parse(TestAssertions.Build());

        Assert.Equal(
            [new SamlRole(TestAssertions.Role1, TestAssertions.Provider1), new SamlRole(TestAssertions.Role2, TestAssertions.Provider2)],
            assertion.Roles);
        Assert.Equal("111122223333", assertion.Roles[0].AccountId);
        Assert.Equal("Deploy", assertion.Roles[0].RoleName);
    }

    [Fact]
    public void Values_that_are_not_one_role_and_one_provider_are_ignored_and_counted()
    {
        var assertion = SamlAssertion.Parse(TestAssertions.Build(
        [
            $"{TestAssertions.Role1},{TestAssertions.Provider1}",
            $" {TestAssertions.Role1} , {TestAssertions.Provider1} ",
            $"{TestAssertions.Role1},{TestAssertions.Role2}",
            TestAssertions.Role1,
            $"{TestAssertions.Role1},{TestAssertions.Provider1},{TestAssertions.Provider2}",
        ]));

        Assert.Equal([new SamlRole(TestAssertions.Role1, TestAssertions.Provider1)], assertion.Roles);
        Assert.Equal(3, assertion.IgnoredRoleValues);
    }

    [Fact]
    public void Role_path_names_keep_only_the_last_segment()
        => Assert.Equal("Admin", new SamlRole("arn:aws:iam::111122223333:role/team/ops/Admin", TestAssertions.Provider1).RoleName);

    [Fact]
    public void Session_name_duration_expiry_destination_and_issuer_are_read()
    {
        var end = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var assertion = SamlAssertion.Parse(TestAssertions.Build(sessionDuration: "28800", notOnOrAfter: end, destination: "https://signin.amazonaws.cn/saml"));

        Assert.Equal("alice@example.com", assertion.RoleSessionName);
        Assert.Equal(28800, assertion.SessionDuration);
        Assert.Equal(end, assertion.NotOnOrAfter);
        Assert.Equal(end.AddHours(8), assertion.SessionNotOnOrAfter);
        Assert.Equal("https://signin.amazonaws.cn/saml", assertion.Destination);
        Assert.Equal("http://adfs.example.com/adfs/services/trust", assertion.Issuer);
        Assert.True(assertion.IsUsableAt(end.AddSeconds(-1)));
        Assert.False(assertion.IsUsableAt(end));
    }

    [Fact]
    public void The_earlier_of_the_confirmation_and_the_conditions_ends_the_assertion()
    {
        var end = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(end.AddMinutes(-1), SamlAssertion.Parse(TestAssertions.Build(notOnOrAfter: end, conditionsNotOnOrAfter: end.AddMinutes(-1))).NotOnOrAfter);
    }

    [Theory]
    [InlineData("600")]
    [InlineData("50000")]
    [InlineData("eight hours")]
    public void A_session_duration_outside_900_to_43200_seconds_is_ignored(string value)
        => Assert.Null(SamlAssertion.Parse(TestAssertions.Build(sessionDuration: value)).SessionDuration);

    [Fact]
    public void The_base64_text_is_kept_exactly_for_AssumeRoleWithSAML()
    {
        var text = TestAssertions.Build();
        Assert.Equal(text, SamlAssertion.Parse("  " + text + "\n").Base64);
    }

    [Fact]
    public void ToString_never_shows_the_assertion()
    {
        var text = TestAssertions.Build();
        var shown = SamlAssertion.Parse(text).ToString();
        SecretScan.AssertNoSecrets(shown, text, text[..40]);
        Assert.Contains("redacted", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!", "not base64")]
    [InlineData("PGh0bWw+PGJvZHk+aGk8L2JvZHk+PC9odG1sPg==", "'html' document")]
    [InlineData("PDw8PA==", "not XML")]
    public void Garbage_is_a_bad_assertion_error_that_does_not_quote_it(string input, string expected)
    {
        var error = Assert.Throws<SamlSignInException>(() => SamlAssertion.Parse(input));
        Assert.Equal(SamlFailure.BadAssertion, error.Failure);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets(error.Message, input);
    }

    [Fact]
    public void An_assertion_without_roles_says_whom_to_ask()
    {
        var error = Assert.Throws<SamlSignInException>(() => SamlAssertion.Parse(TestAssertions.Build(roleValues: [])));
        Assert.Contains("offers no AWS role", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_assertion_is_named_as_such()
    {
        var xml = """<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><EncryptedAssertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion"/></samlp:Response>""";
        var error = Assert.Throws<SamlSignInException>(() => SamlAssertion.Parse(Convert.ToBase64String(Encoding.UTF8.GetBytes(xml))));
        Assert.Contains("encrypts its SAML assertions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_type_declaration_is_refused_so_no_entity_is_expanded()
    {
        var xml = """<!DOCTYPE r [<!ENTITY x "boom">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>""";
        var error = Assert.Throws<SamlSignInException>(() => SamlAssertion.Parse(Convert.ToBase64String(Encoding.UTF8.GetBytes(xml))));
        Assert.Contains("not XML", error.Message, StringComparison.Ordinal);
    }
}
