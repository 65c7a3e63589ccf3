using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Sesame.Core.Saml;

/// <summary>
/// A SAMLResponse as the IdP posts it to AWS (aws-wire-reference.md §8.2): the base64 text, kept exactly
/// as received because AssumeRoleWithSAML wants it unchanged, and what Sesame reads from it: the roles
/// offered, RoleSessionName, SessionDuration and when it stops being accepted. The signature is AWS's to
/// check, not Sesame's. <see cref="ToString"/> never shows the assertion, and nothing here logs it.
/// </summary>
public sealed class SamlAssertion
{
    /// <summary>The Role attribute: pairs of role ARN and SAML provider ARN, in either order.</summary>
    public const string RoleAttribute = "https://aws.amazon.com/SAML/Attributes/Role";

    /// <summary>The RoleSessionName attribute.</summary>
    public const string RoleSessionNameAttribute = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";

    /// <summary>The SessionDuration attribute (900–43200 seconds).</summary>
    public const string SessionDurationAttribute = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

    private SamlAssertion(string base64, IReadOnlyList<SamlRole> roles)
    {
        Base64 = base64;
        Roles = roles;
    }

    /// <summary>The SAMLResponse exactly as posted (base64), for AssumeRoleWithSAML. A secret: never log it.</summary>
    public string Base64 { get; }

    /// <summary>The roles the assertion offers, in the order given, without duplicates.</summary>
    public IReadOnlyList<SamlRole> Roles { get; }

    /// <summary>How many Role values were not one role and one provider ARN (ignored).</summary>
    public int IgnoredRoleValues { get; private init; }

    /// <summary>The RoleSessionName attribute, when present.</summary>
    public string? RoleSessionName { get; private init; }

    /// <summary>The SessionDuration attribute in seconds, when present and within 900–43200.</summary>
    public int? SessionDuration { get; private init; }

    /// <summary>
    /// When AWS stops accepting the assertion: the earliest of the bearer confirmation's and the
    /// conditions' <c>NotOnOrAfter</c>; <c>null</c> when neither is given.
    /// </summary>
    public DateTimeOffset? NotOnOrAfter { get; private init; }

    /// <summary>The AuthnStatement's <c>SessionNotOnOrAfter</c>, which also ends the AWS session; <c>null</c> when absent.</summary>
    public DateTimeOffset? SessionNotOnOrAfter { get; private init; }

    /// <summary>The Response's <c>Destination</c> (the ACS URL, which names the partition), when present.</summary>
    public string? Destination { get; private init; }

    /// <summary>The IdP's entity id (the Issuer), when present.</summary>
    public string? Issuer { get; private init; }

    /// <summary>True when the assertion can still be exchanged at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) => NotOnOrAfter is not { } end || end > now;

    /// <summary>
    /// Decodes and reads a SAMLResponse. Throws <see cref="SamlSignInException"/> (<see cref="SamlFailure.BadAssertion"/>)
    /// when it is not base64 of a SAML Response, is encrypted, or offers no role; the message never quotes it.
    /// </summary>
    public static SamlAssertion Parse(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        var trimmed = base64.Trim();
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(trimmed);
        }
        catch (FormatException)
        {
            throw Bad("the SAMLResponse the identity provider sent is not base64");
        }

        XDocument document;
        try
        {
            // No DTDs and no external resources: the XML comes from the network.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            throw Bad("the SAMLResponse the identity provider sent is not XML");
        }

        var root = document.Root!;
        if (root.Name.LocalName is not ("Response" or "Assertion"))
        {
            throw Bad($"the identity provider sent a '{RemoteText.Clean(root.Name.LocalName)}' document, not a SAML Response");
        }

        var assertion = root.Name.LocalName == "Assertion" ? root : Child(root, "Assertion");
        if (assertion is null)
        {
            throw Child(root, "EncryptedAssertion") is not null
                ? Bad("the identity provider encrypts its SAML assertions, so Sesame cannot read the roles they offer; ask for an unencrypted assertion for the AWS relying party")
                : Bad($"the SAML Response has no assertion (status: {RemoteText.Clean(StatusCode(root)) switch { "" => "none", var s => s }})");
        }

        var attributes = ReadAttributes(assertion);
        var (roles, ignored) = ReadRoles(attributes.GetValueOrDefault(RoleAttribute));
        if (roles.Count == 0)
        {
            throw Bad("the SAML assertion offers no AWS role (no usable https://aws.amazon.com/SAML/Attributes/Role value); ask the identity provider's administrators to map you to a role");
        }

        var subject = Child(assertion, "Subject");
        DateTimeOffset? confirmation = null;
        if (subject is not null)
        {
            foreach (var c in subject.Elements().Where(e => e.Name.LocalName == "SubjectConfirmation"))
            {
                confirmation = Earliest(confirmation, Time(Child(c, "SubjectConfirmationData")?.Attribute("NotOnOrAfter")?.Value));
            }
        }

        var conditions = Time(Child(assertion, "Conditions")?.Attribute("NotOnOrAfter")?.Value);
        var duration = attributes.GetValueOrDefault(SessionDurationAttribute)?.FirstOrDefault() is { } text
            && int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 900 and <= 43200
            ? seconds : (int?)null;
        return new SamlAssertion(trimmed, roles)
        {
            IgnoredRoleValues = ignored,
            RoleSessionName = attributes.GetValueOrDefault(RoleSessionNameAttribute)?.FirstOrDefault()?.Trim(),
            SessionDuration = duration,
            NotOnOrAfter = Earliest(confirmation, conditions),
            SessionNotOnOrAfter = Time(Child(assertion, "AuthnStatement")?.Attribute("SessionNotOnOrAfter")?.Value),
            Destination = root.Attribute("Destination")?.Value,
            Issuer = Child(assertion, "Issuer")?.Value.Trim() ?? Child(root, "Issuer")?.Value.Trim(),
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"SamlAssertion {{ {Roles.Count} roles, NotOnOrAfter = {NotOnOrAfter?.ToString("O", CultureInfo.InvariantCulture) ?? "none"}, ** assertion redacted ** }}";

    private static Dictionary<string, List<string>> ReadAttributes(XElement assertion)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var statement in assertion.Elements().Where(e => e.Name.LocalName == "AttributeStatement"))
        {
            foreach (var attribute in statement.Elements().Where(e => e.Name.LocalName == "Attribute"))
            {
                // Attribute names are case-sensitive for AWS.
                if (attribute.Attribute("Name")?.Value is not { } name)
                {
                    continue;
                }

                if (!result.TryGetValue(name, out var values))
                {
                    result[name] = values = [];
                }

                values.AddRange(attribute.Elements().Where(e => e.Name.LocalName == "AttributeValue").Select(e => e.Value));
            }
        }

        return result;
    }

    private static (List<SamlRole> Roles, int Ignored) ReadRoles(List<string>? values)
    {
        var roles = new List<SamlRole>();
        var ignored = 0;
        foreach (var value in values ?? [])
        {
            if (SamlRole.Parse(value) is { } role)
            {
                if (!roles.Contains(role))
                {
                    roles.Add(role);
                }
            }
            else
            {
                ignored++;
            }
        }

        return (roles, ignored);
    }

    private static string? StatusCode(XElement response)
        => Child(Child(response, "Status"), "StatusCode")?.Attribute("Value")?.Value;

    private static XElement? Child(XElement? parent, string localName)
        => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private static DateTimeOffset? Time(string? text)
        => text is not null && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time : null;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b)
        => a is null ? b : b is null ? a : a < b ? a : b;

    private static SamlSignInException Bad(string message) => new(SamlFailure.BadAssertion, message);
}
