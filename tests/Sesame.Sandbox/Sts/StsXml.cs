using System.Globalization;
using System.Xml.Linq;
using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Sts;

/// <summary>STS's query-protocol XML (aws-wire-reference.md §1.3, §1.4).</summary>
internal static class StsXml
{
    public static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary><c>&lt;{Op}Response&gt;&lt;{Op}Result&gt;…&lt;/{Op}Result&gt;&lt;ResponseMetadata/&gt;&lt;/{Op}Response&gt;</c>.</summary>
    public static string Success(string action, string requestId, params object?[] resultChildren) =>
        new XElement(Ns + (action + "Response"),
            new XElement(Ns + (action + "Result"), resultChildren),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId))).ToString(SaveOptions.DisableFormatting);

    /// <summary>The error document; RequestId is a sibling of Error.</summary>
    public static string Error(AwsError error, string requestId) =>
        new XElement(Ns + "ErrorResponse",
            new XElement(Ns + "Error",
                new XElement(Ns + "Type", error.Type),
                new XElement(Ns + "Code", error.Code),
                new XElement(Ns + "Message", error.Message)),
            new XElement(Ns + "RequestId", requestId)).ToString(SaveOptions.DisableFormatting);

    /// <summary>A <c>Credentials</c> element.</summary>
    public static XElement Credentials(string accessKeyId, string secretAccessKey, string sessionToken, DateTimeOffset expiration) =>
        new(Ns + "Credentials",
            new XElement(Ns + "AccessKeyId", accessKeyId),
            new XElement(Ns + "SecretAccessKey", secretAccessKey),
            new XElement(Ns + "SessionToken", sessionToken),
            new XElement(Ns + "Expiration", Iso(expiration)));

    /// <summary>An <c>AssumedRoleUser</c> element.</summary>
    public static XElement AssumedRoleUser(string assumedRoleId, string arn) =>
        new(Ns + "AssumedRoleUser", new XElement(Ns + "AssumedRoleId", assumedRoleId), new XElement(Ns + "Arn", arn));

    /// <summary>A simple element in the STS namespace.</summary>
    public static XElement Element(string name, object? value) => new(Ns + name, value);

    /// <summary>ISO 8601 UTC with a Z, as STS writes times.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
