using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sesame.Sandbox.Moto;

/// <summary>
/// Turns a <see cref="Trust"/> into IAM policy JSON. <see cref="ForAws"/> is what the role would carry in
/// AWS; <see cref="ForMoto"/> is what moto is given: the same, except where moto's partial evaluator would
/// refuse what AWS accepts (it matches principals by exact ARN, so account-root and role principals become
/// "*"). The STS front evaluates the full trust itself; moto's check is an extra, independent one.
/// </summary>
internal static class TrustDocuments
{
    public const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    public static string ForAws(Role role, string oidcProviderHost) => Build(role, oidcProviderHost, moto: false);

    public static string ForMoto(Role role, string oidcProviderHost) => Build(role, oidcProviderHost, moto: true);

    private static string Build(Role role, string oidcProviderHost, bool moto)
    {
        var trust = role.Trust;
        JsonObject principal;
        string action;
        switch (trust.Kind)
        {
            case TrustKind.Accounts:
                principal = new JsonObject { ["AWS"] = moto ? "*" : Many(trust.Principals.Select(a => $"arn:aws:iam::{a}:root")) };
                action = "sts:AssumeRole";
                break;
            case TrustKind.Principals:
                var onlyUsers = trust.Principals.All(p => p.Contains(":user/", StringComparison.Ordinal));
                principal = new JsonObject { ["AWS"] = moto && !onlyUsers ? "*" : Many(trust.Principals) };
                action = "sts:AssumeRole";
                break;
            case TrustKind.WebIdentity:
                principal = new JsonObject { ["Federated"] = $"arn:aws:iam::{role.AccountId}:oidc-provider/{oidcProviderHost}" };
                action = "sts:AssumeRoleWithWebIdentity";
                break;
            case TrustKind.Saml:
                principal = new JsonObject { ["Federated"] = $"arn:aws:iam::{role.AccountId}:saml-provider/{trust.SamlProvider}" };
                action = "sts:AssumeRoleWithSAML";
                break;
            default:
                principal = new JsonObject { ["Service"] = Many(trust.Principals) };
                action = "sts:AssumeRole";
                break;
        }

        var statement = new JsonObject { ["Effect"] = "Allow", ["Principal"] = principal, ["Action"] = action };
        var condition = new JsonObject();
        if (trust.ExternalId is not null)
        {
            condition["StringEquals"] = new JsonObject { ["sts:ExternalId"] = trust.ExternalId };
        }

        if (trust.RequireMfa)
        {
            condition["Bool"] = new JsonObject { ["aws:MultiFactorAuthPresent"] = "true" };
        }

        if (trust.Kind == TrustKind.WebIdentity)
        {
            var equals = new JsonObject { [$"{oidcProviderHost}:aud"] = trust.Audience };
            if (trust.Subject is not null)
            {
                equals[$"{oidcProviderHost}:sub"] = trust.Subject;
            }

            // moto evaluates StringEquals on keys it knows nothing of as "no value": leave these to the front.
            if (!moto)
            {
                condition["StringEquals"] = equals;
            }
        }

        if (trust.Kind == TrustKind.Saml && !moto)
        {
            condition["StringEquals"] = new JsonObject { ["SAML:aud"] = "https://signin.aws.amazon.com/saml" };
        }

        if (condition.Count > 0)
        {
            statement["Condition"] = condition;
        }

        var document = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonNode Many(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? JsonValue.Create(list[0])! : new JsonArray(list.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
    }
}
