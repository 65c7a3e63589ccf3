using System.Text.Json.Nodes;
using Sesame.Core.Config;
using Sesame.Testing;

namespace Sesame.Tests.Conformance;

/// <summary>
/// Where the shared files live: smithy-rs (9 cases) and aws-sdk-kotlin (11 cases). The platform
/// is faked, so Windows cases run on Linux too.
/// </summary>
public sealed class FileLocationConformanceTests
{
    private const string SmithyFile = "smithy-rs/aws/rust-runtime/aws-runtime/test-data/file-location-tests.json";
    private const string KotlinFile = "aws-sdk-kotlin/extracted/file-location-tests.json";

    public static TheoryData<int, string> SmithyCases() => Cases(SmithyFile);

    public static TheoryData<int, string> KotlinCases() => Cases(KotlinFile);

    [Theory]
    [MemberData(nameof(SmithyCases))]
    public void SmithyRs_file_location_case(int index, string name) => Run(SmithyFile, index, name);

    [Theory]
    [MemberData(nameof(KotlinCases))]
    public void Kotlin_file_location_case(int index, string name) => Run(KotlinFile, index, name);

    private static void Run(string file, int index, string name)
    {
        var test = Load(file)[index]!;
        Assert.Equal(name, test["name"]!.GetValue<string>());
        var variables = test["environment"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>()));
        var languageHome = test["languageSpecificHome"]?.GetValue<string>();
        var environment = new TestEnvironment(
            variables,
            isWindows: test["platform"]!.GetValue<string>() == "windows",
            runtimeHome: languageHome is null or "ignored" ? null : languageHome);
        var locator = new ConfigFileLocator(environment);
        Assert.Equal(test["configLocation"]!.GetValue<string>(), locator.ConfigFilePath);
        Assert.Equal(test["credentialsLocation"]!.GetValue<string>(), locator.CredentialsFilePath);
        if (test["profile"] is { } profile)
        {
            Assert.Equal(profile.GetValue<string>(), locator.SelectedProfile);
        }
    }

    private static TheoryData<int, string> Cases(string file)
    {
        var data = new TheoryData<int, string>();
        var tests = Load(file);
        for (var i = 0; i < tests.Count; i++)
        {
            data.Add(i, tests[i]!["name"]!.GetValue<string>());
        }

        return data;
    }

    private static JsonArray Load(string file)
        => JsonNode.Parse(File.ReadAllText(RepoPaths.ConformanceFile(file)))!["tests"]!.AsArray();
}
