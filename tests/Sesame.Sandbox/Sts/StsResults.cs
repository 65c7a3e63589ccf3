using System.Globalization;
using System.Xml.Linq;

namespace Sesame.Sandbox.Sts;

/// <summary>Reads credentials out of moto's STS answers.</summary>
internal static class StsResults
{
    public static IssuedCredential ReadAssumedRole(XElement document, string roleArn)
    {
        string Value(string name) => document.Descendants().First(e => e.Name.LocalName == name).Value;
        var arn = Value("Arn");
        var account = roleArn.Split(':')[4];
        return new IssuedCredential(Value("AccessKeyId"), Value("SecretAccessKey"), Value("SessionToken"), CredentialKind.AssumedRole, arn, account,
            DateTimeOffset.Parse(Value("Expiration"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal))
        {
            RoleArn = roleArn,
        };
    }
}
