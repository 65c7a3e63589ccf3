namespace Sesame.Core.Saml;

/// <summary>
/// One role an assertion offers: a value of the <c>https://aws.amazon.com/SAML/Attributes/Role</c> attribute,
/// normalised from either order (<c>role,provider</c> as AWS documents it, <c>provider,role</c> as the AD FS
/// blog writes it; AWS accepts both).
/// </summary>
/// <param name="RoleArn">The IAM role (<c>arn:aws:iam::ACCOUNT:role/NAME</c>).</param>
/// <param name="PrincipalArn">The IAM SAML provider (<c>arn:aws:iam::ACCOUNT:saml-provider/NAME</c>).</param>
public sealed record SamlRole(string RoleArn, string PrincipalArn)
{
    /// <summary>The role's account id (the fifth field of its ARN), or an empty string.</summary>
    public string AccountId => Field(RoleArn, 4);

    /// <summary>The role's name (the part after <c>role/</c>, without a path).</summary>
    public string RoleName
    {
        get
        {
            var resource = Field(RoleArn, 5);
            var slash = resource.LastIndexOf('/');
            return slash < 0 ? resource : resource[(slash + 1)..];
        }
    }

    /// <summary>Parses one attribute value; <c>null</c> when it is not exactly one role ARN and one provider ARN.</summary>
    public static SamlRole? Parse(string value)
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || value.IndexOf(',', comma + 1) >= 0)
        {
            return null;
        }

        var first = value[..comma].Trim();
        var second = value[(comma + 1)..].Trim();
        if (IsRole(first) && IsProvider(second))
        {
            return new SamlRole(first, second);
        }

        return IsProvider(first) && IsRole(second) ? new SamlRole(second, first) : null;
    }

    private static bool IsRole(string arn) => arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Contains(":role/", StringComparison.Ordinal);

    private static bool IsProvider(string arn) => arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Contains(":saml-provider/", StringComparison.Ordinal);

    private static string Field(string arn, int index)
    {
        var parts = arn.Split(':', 6);
        return parts.Length > index ? parts[index] : string.Empty;
    }
}
