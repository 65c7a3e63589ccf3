using System.Text.Json.Nodes;
using Sesame.Core.Config;
using Sesame.Core.Credentials;
using Sesame.Core.Errors;
using Sesame.Core.Providers;
using Sesame.Testing;

namespace Sesame.Tests.Conformance;

/// <summary>
/// smithy-rs ecs-tests.json (11) and imds-config/imds-endpoint-tests.json (14): which URL the
/// container and instance-metadata providers call.
/// </summary>
public sealed class EndpointConformanceTests
{
    private const string EcsFile = "smithy-rs/aws/rust-runtime/aws-config/test-data/ecs-tests.json";
    private const string ImdsFile = "smithy-rs/aws/rust-runtime/aws-config/test-data/imds-config/imds-endpoint-tests.json";

    public static TheoryData<int, string> EcsCases() => Docs(EcsFile);

    public static TheoryData<int, string> ImdsCases() => Docs(ImdsFile);

    [Theory]
    [MemberData(nameof(EcsCases))]
    public void SmithyRs_ecs_endpoint_case(int index, string docs)
    {
        var test = Tests(EcsFile)[index]!;
        Assert.Equal(docs, test["docs"]!.GetValue<string>());
        var environment = new TestEnvironment(test["env"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>())));
        var result = test["result"]!;
        if (result["Ok"] is { } ok)
        {
            Assert.Equal(ok.GetValue<string>(), ContainerEndpoint.Resolve(environment).AbsoluteUri);
            return;
        }

        // Unset is "not configured" (the chain moves on); a bad value is a configuration error.
        var error = Assert.ThrowsAny<SesameException>(() => ContainerEndpoint.Resolve(environment));
        if (test["env"]!.AsObject().Count == 0)
        {
            Assert.IsType<CredentialsNotFoundException>(error);
        }
        else
        {
            Assert.IsType<ConfigException>(error);
        }
    }

    [Theory]
    [MemberData(nameof(ImdsCases))]
    public void SmithyRs_imds_endpoint_case(int index, string docs)
    {
        var test = Tests(ImdsFile)[index]!;
        Assert.Equal(docs, test["docs"]!.GetValue<string>());
        using var folder = new TempDirectory("sesame-imds");
        foreach (var (name, content) in test["fs"]!.AsObject())
        {
            folder.Write(name, content!.GetValue<string>());
        }

        // fs names are relative (AWS_CONFIG_FILE = "config"), so they resolve from the root.
        var environment = new TestEnvironment(test["env"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>())));
        var profiles = new ConfigLoader(new RootedFileSystem(folder.Path), environment).Load();
        var endpointOverride = test["endpoint_override"]?.GetValue<string>();
        var modeOverride = test["mode_override"]?.GetValue<string>();
        Uri Resolve() => ImdsEndpoint.Resolve(environment, profiles.GetProfile("default"), endpointOverride, modeOverride);

        var result = test["result"]!;
        if (result["Ok"] is { } ok)
        {
            Assert.Equal(ok.GetValue<string>(), ImdsEndpoint.Combine(Resolve(), "latest/api/token").AbsoluteUri);
        }
        else
        {
            var error = Assert.Throws<ConfigException>(Resolve);
            Assert.Contains(result["Err"]!.GetValue<string>(), error.Message, StringComparison.Ordinal);
        }
    }

    private static TheoryData<int, string> Docs(string file)
    {
        var data = new TheoryData<int, string>();
        var tests = Tests(file);
        for (var i = 0; i < tests.Count; i++)
        {
            data.Add(i, tests[i]!["docs"]!.GetValue<string>());
        }

        return data;
    }

    private static JsonArray Tests(string file) => JsonNode.Parse(File.ReadAllText(RepoPaths.ConformanceFile(file)))!["tests"]!.AsArray();
}
