using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace Sesame.Sandbox.Identity;

/// <summary>
/// SAML 2.0 responses as an ADFS relying-party trust for AWS issues them (aws-wire-reference.md §8.2):
/// a signed Assertion with the AWS Role, RoleSessionName and SessionDuration attributes; and their checks.
/// </summary>
internal static class SamlAssertions
{
    public const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string AwsAcs = "https://signin.aws.amazon.com/saml";
    public const string RoleAttribute = "https://aws.amazon.com/SAML/Attributes/Role";
    public const string SessionNameAttribute = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    public const string SessionDurationAttribute = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

    /// <summary>The base64 SAMLResponse, signed (enveloped XML-DSig, RSA-SHA256, exclusive C14N) on the Assertion.</summary>
    public static string Create(string issuer, string nameId, string sessionName, IEnumerable<(string Role, string Provider)> roles,
        int? sessionDuration, DateTimeOffset now, TimeSpan validity, X509Certificate2 certificate)
    {
        string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var id = "_" + Guid.NewGuid().ToString("N");
        var doc = new XmlDocument { PreserveWhitespace = true };
        var response = doc.CreateElement("samlp", "Response", Protocol);
        response.SetAttribute("ID", "_" + Guid.NewGuid().ToString("N"));
        response.SetAttribute("Version", "2.0");
        response.SetAttribute("IssueInstant", Iso(now));
        response.SetAttribute("Destination", AwsAcs);
        doc.AppendChild(response);
        response.AppendChild(Text(doc, "Issuer", issuer));
        var status = doc.CreateElement("samlp", "Status", Protocol);
        var code = doc.CreateElement("samlp", "StatusCode", Protocol);
        code.SetAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Success");
        status.AppendChild(code);
        response.AppendChild(status);

        var assertion = doc.CreateElement("Assertion", Assertion);
        assertion.SetAttribute("ID", id);
        assertion.SetAttribute("IssueInstant", Iso(now));
        assertion.SetAttribute("Version", "2.0");
        response.AppendChild(assertion);
        assertion.AppendChild(Text(doc, "Issuer", issuer));
        var subject = doc.CreateElement("Subject", Assertion);
        var name = Text(doc, "NameID", nameId);
        name.SetAttribute("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        subject.AppendChild(name);
        var confirmation = doc.CreateElement("SubjectConfirmation", Assertion);
        confirmation.SetAttribute("Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
        var data = doc.CreateElement("SubjectConfirmationData", Assertion);
        data.SetAttribute("NotOnOrAfter", Iso(now + validity));
        data.SetAttribute("Recipient", AwsAcs);
        confirmation.AppendChild(data);
        subject.AppendChild(confirmation);
        assertion.AppendChild(subject);
        var conditions = doc.CreateElement("Conditions", Assertion);
        conditions.SetAttribute("NotBefore", Iso(now.AddMinutes(-1)));
        conditions.SetAttribute("NotOnOrAfter", Iso(now + validity));
        var restriction = doc.CreateElement("AudienceRestriction", Assertion);
        restriction.AppendChild(Text(doc, "Audience", "urn:amazon:webservices"));
        conditions.AppendChild(restriction);
        assertion.AppendChild(conditions);
        var attributes = doc.CreateElement("AttributeStatement", Assertion);
        attributes.AppendChild(Attribute(doc, RoleAttribute, roles.Select(r => $"{r.Role},{r.Provider}")));
        attributes.AppendChild(Attribute(doc, SessionNameAttribute, [sessionName]));
        if (sessionDuration is { } seconds)
        {
            attributes.AppendChild(Attribute(doc, SessionDurationAttribute, [seconds.ToString(CultureInfo.InvariantCulture)]));
        }

        assertion.AppendChild(attributes);
        var authn = doc.CreateElement("AuthnStatement", Assertion);
        authn.SetAttribute("AuthnInstant", Iso(now));
        authn.SetAttribute("SessionIndex", id);
        var context = doc.CreateElement("AuthnContext", Assertion);
        context.AppendChild(Text(doc, "AuthnContextClassRef", "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"));
        authn.AppendChild(context);
        assertion.AppendChild(authn);

        var signed = new SignedXml(assertion) { SigningKey = certificate.GetRSAPrivateKey() };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("#" + id) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(certificate));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        // Schema order: the signature follows the assertion's Issuer.
        assertion.InsertAfter(doc.ImportNode(signed.GetXml(), true), assertion.FirstChild);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(doc.OuterXml));
    }

    /// <summary>A verified assertion's content, or why it is not acceptable.</summary>
    public sealed record Parsed(string Issuer, string NameId, string? SessionName, int? SessionDuration, DateTimeOffset NotOnOrAfter,
        IReadOnlyList<(string Role, string Provider)> Roles, string Audience);

    /// <summary>Decodes and verifies a SAMLResponse against the IdP's certificate; null with a reason when it fails.</summary>
    public static Parsed? Verify(string base64, X509Certificate2 certificate, out string? problem)
    {
        problem = null;
        XmlDocument doc;
        try
        {
            doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(Convert.FromBase64String(base64)), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            doc.Load(reader);
        }
        catch (Exception e) when (e is FormatException or XmlException)
        {
            problem = "The SAML response is not base64-encoded XML.";
            return null;
        }

        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("p", Protocol);
        ns.AddNamespace("a", Assertion);
        ns.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);
        if (doc.SelectSingleNode("/p:Response/a:Assertion", ns) is not XmlElement assertion
            || assertion.SelectSingleNode("ds:Signature", ns) is not XmlElement signature)
        {
            problem = "The SAML response has no signed assertion.";
            return null;
        }

        var signed = new SignedXml(assertion);
        signed.LoadXml(signature);
        var reference = signed.SignedInfo?.References.OfType<Reference>().SingleOrDefault();
        if (reference?.Uri != "#" + assertion.GetAttribute("ID") || !signed.CheckSignature(certificate, verifySignatureOnly: true))
        {
            problem = "The SAML assertion's signature is not valid for the identity provider's certificate.";
            return null;
        }

        string? Value(string xpath) => assertion.SelectSingleNode(xpath, ns)?.InnerText;
        IEnumerable<string> Values(string attribute) => assertion.SelectNodes($"a:AttributeStatement/a:Attribute[@Name='{attribute}']/a:AttributeValue", ns)!
            .Cast<XmlNode>().Select(n => n.InnerText.Trim());
        var roles = new List<(string, string)>();
        foreach (var pair in Values(RoleAttribute))
        {
            // AWS accepts the two ARNs in either order.
            var parts = pair.Split(',', StringSplitOptions.TrimEntries);
            var role = parts.FirstOrDefault(p => p.Contains(":role/", StringComparison.Ordinal));
            var provider = parts.FirstOrDefault(p => p.Contains(":saml-provider/", StringComparison.Ordinal));
            if (parts.Length == 2 && role is not null && provider is not null)
            {
                roles.Add((role, provider));
            }
        }

        var notOnOrAfter = DateTimeOffset.Parse(Value("a:Conditions/@NotOnOrAfter") ?? "2000-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        var duration = int.TryParse(Values(SessionDurationAttribute).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : (int?)null;
        return new Parsed(Value("a:Issuer") ?? string.Empty, Value("a:Subject/a:NameID") ?? string.Empty, Values(SessionNameAttribute).FirstOrDefault(),
            duration, notOnOrAfter, roles, Value("a:Conditions/a:AudienceRestriction/a:Audience") ?? string.Empty);
    }

    private static XmlElement Text(XmlDocument doc, string name, string value)
    {
        var element = doc.CreateElement(name, Assertion);
        element.InnerText = value;
        return element;
    }

    private static XmlElement Attribute(XmlDocument doc, string name, IEnumerable<string> values)
    {
        var attribute = doc.CreateElement("Attribute", Assertion);
        attribute.SetAttribute("Name", name);
        foreach (var value in values)
        {
            attribute.AppendChild(Text(doc, "AttributeValue", value));
        }

        return attribute;
    }
}
