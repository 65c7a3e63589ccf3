using System.Globalization;
using System.Net;
using System.Text;

namespace Sesame.Tests.Saml;

/// <summary>Unsigned SAMLResponses shaped like AD FS's (aws-wire-reference.md §8.2), for parsing tests; the signature is AWS's business.</summary>
internal static class TestAssertions
{
    public const string Role1 = "arn:aws:iam::111122223333:role/Deploy";
    public const string Provider1 = "arn:aws:iam::111122223333:saml-provider/ADFS";
    public const string Role2 = "arn:aws:iam::444455556666:role/ReadOnly";
    public const string Provider2 = "arn:aws:iam::444455556666:saml-provider/ADFS";

    public static string Build(
        IEnumerable<string>? roleValues = null,
        string? sessionName = "alice@example.com",
        string? sessionDuration = null,
        DateTimeOffset? notOnOrAfter = null,
        DateTimeOffset? conditionsNotOnOrAfter = null,
        string destination = "https://signin.aws.amazon.com/saml")
    {
        string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var end = notOnOrAfter ?? DateTimeOffset.UtcNow.AddMinutes(5);
        var roles = roleValues ?? [$"{Provider1},{Role1}", $"{Role2},{Provider2}"];
        var attributes = new StringBuilder();
        attributes.Append("<Attribute Name=\"https://aws.amazon.com/SAML/Attributes/Role\">");
        foreach (var value in roles)
        {
            attributes.Append("<AttributeValue>").Append(WebUtility.HtmlEncode(value)).Append("</AttributeValue>");
        }

        attributes.Append("</Attribute>");
        if (sessionName is not null)
        {
            attributes.Append($"<Attribute Name=\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\"><AttributeValue>{sessionName}</AttributeValue></Attribute>");
        }

        if (sessionDuration is not null)
        {
            attributes.Append($"<Attribute Name=\"https://aws.amazon.com/SAML/Attributes/SessionDuration\"><AttributeValue>{sessionDuration}</AttributeValue></Attribute>");
        }

        var xml = $"""
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0" IssueInstant="{Iso(end.AddMinutes(-5))}" Destination="{destination}">
              <Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">http://adfs.example.com/adfs/services/trust</Issuer>
              <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success" /></samlp:Status>
              <Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a" IssueInstant="{Iso(end.AddMinutes(-5))}" Version="2.0">
                <Issuer>http://adfs.example.com/adfs/services/trust</Issuer>
                <Subject><NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">EXAMPLE\alice</NameID>
                  <SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData NotOnOrAfter="{Iso(end)}" Recipient="{destination}" /></SubjectConfirmation>
                </Subject>
                <Conditions NotBefore="{Iso(end.AddMinutes(-6))}" NotOnOrAfter="{Iso(conditionsNotOnOrAfter ?? end.AddHours(1))}"><AudienceRestriction><Audience>urn:amazon:webservices</Audience></AudienceRestriction></Conditions>
                <AttributeStatement>{attributes}</AttributeStatement>
                <AuthnStatement AuthnInstant="{Iso(end.AddMinutes(-5))}" SessionNotOnOrAfter="{Iso(end.AddHours(8))}"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</AuthnContextClassRef></AuthnContext></AuthnStatement>
              </Assertion>
            </samlp:Response>
            """;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));
    }
}
