using System.Text;
using System.Text.Json.Nodes;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Errors;
using Sesame.Testing;

namespace Sesame.Tests.Conformance;

/// <summary>smithy-rs assume-role-tests.json (28 cases) through the pure chain planner.</summary>
public sealed class AssumeRoleChainConformanceTests
{
    private const string SuiteFile = "smithy-rs/aws/rust-runtime/aws-config/test-data/assume-role-tests.json";

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        var tests = Load();
        for (var i = 0; i < tests.Count; i++)
        {
            data.Add(i, tests[i]!["docs"]!.GetValue<string>());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SmithyRs_assume_role_chain_case(int index, string docs)
    {
        var test = Load()[index]!;
        Assert.Equal(docs, test["docs"]!.GetValue<string>());
        var input = test["input"]!;
        var set = ProfileSet.Build(ConfigFile.Parse("config", ConfigFileKind.Config, ToConfigText(input)), null);
        var selected = input["selected_profile"]!.GetValue<string>();
        var output = test["output"]!;
        if (output["Error"] is not null)
        {
            Assert.ThrowsAny<ConfigException>(() => ChainPlanner.Plan(set, selected));
            return;
        }

        var plan = ChainPlanner.Plan(set, selected);
        var actual = new JsonArray { Describe(plan.Base) };
        foreach (var role in plan.Roles)
        {
            var step = new JsonObject { ["role_arn"] = role.RoleArn.Value };
            if (role.ExternalId is not null)
            {
                step["external_id"] = role.ExternalId;
            }

            if (role.SessionName is not null)
            {
                step["role_session_name"] = role.SessionName;
            }

            actual.Add(new JsonObject { ["AssumeRole"] = step });
        }

        var expected = output["ProfileChain"]!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual.ToJsonString()}");
    }

    private static JsonObject Describe(BaseSource source) => source switch
    {
        StaticKeysSource keys => new JsonObject
        {
            ["AccessKey"] = Compact(new JsonObject
            {
                ["access_key_id"] = keys.AccessKeyId.Value,
                ["secret_access_key"] = keys.SecretAccessKey.Value,
                ["session_token"] = keys.SessionToken?.Value,
                ["account_id"] = keys.AccountId?.Value,
            }),
        },
        NamedSource named => new JsonObject { ["NamedSource"] = named.Source.ToString() },
        WebIdentitySource web => new JsonObject
        {
            ["WebIdentityToken"] = Compact(new JsonObject
            {
                ["role_arn"] = web.RoleArn,
                ["web_identity_token_file"] = web.TokenFile,
                ["role_session_name"] = web.SessionName,
            }),
        },
        SsoSource sso => new JsonObject
        {
            ["Sso"] = Compact(new JsonObject
            {
                ["sso_account_id"] = sso.AccountId,
                ["sso_region"] = sso.Session.Region.Length == 0 ? null : sso.Session.Region,
                ["sso_role_name"] = sso.RoleName,
                ["sso_start_url"] = sso.Session.StartUrl.Length == 0 ? null : sso.Session.StartUrl,
                ["sso_session"] = sso.SessionName,
            }),
        },
        _ => new JsonObject { ["Other"] = source.Kind },
    };

    private static JsonObject Compact(JsonObject value)
    {
        foreach (var key in value.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            value.Remove(key);
        }

        return value;
    }

    private static string ToConfigText(JsonNode input)
    {
        var builder = new StringBuilder();
        foreach (var (name, properties) in input["profiles"]!.AsObject())
        {
            builder.Append(name == "default" ? "[default]" : $"[profile {name}]").Append('\n');
            foreach (var (key, value) in properties!.AsObject())
            {
                builder.Append(key).Append(" = ").Append(value!.GetValue<string>()).Append('\n');
            }
        }

        foreach (var (name, properties) in input["sso_sessions"]?.AsObject() ?? [])
        {
            builder.Append($"[sso-session {name}]\n");
            foreach (var (key, value) in properties!.AsObject())
            {
                builder.Append(key).Append(" = ").Append(value!.GetValue<string>()).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static JsonArray Load() => JsonNode.Parse(File.ReadAllText(RepoPaths.ConformanceFile(SuiteFile)))!.AsArray();
}
