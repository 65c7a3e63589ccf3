using Sesame.Tests.Conformance.ProviderCases;
using Xunit.Abstractions;

namespace Sesame.Tests.Conformance;

/// <summary>
/// The whole default chain (<c>CredentialEngine.DefaultChain</c>) against smithy-rs
/// test-data/default-credential-provider-chain (29 cases) and aws-sdk-kotlin
/// default-provider-chain (23 cases). Cases set aside are in <see cref="Exclusions"/>.
/// </summary>
public sealed class DefaultChainConformanceTests(ITestOutputHelper output)
{
    private const string SmithyRsSuite = "smithy-rs/aws/rust-runtime/aws-config/test-data/default-credential-provider-chain";
    private const string KotlinSuite = "aws-sdk-kotlin/aws-runtime/aws-config/common/test-resources/default-provider-chain";

    // Harness settings the README prescribes for single cases (§2.4).
    private static readonly Dictionary<string, int> MaxAttempts = new(StringComparer.Ordinal)
    {
        ["sso_server_error"] = 1, // "recorded with retries switched off"
    };

    public static TheoryData<string> SmithyRsCases()
        => [.. ProviderCase.Names(SmithyRsSuite).Where(n => !Exclusions.IsExcluded(Exclusions.SmithyRsDefaultChain, n))];

    public static TheoryData<string> KotlinCases()
        => [.. ProviderCase.Names(KotlinSuite).Where(n => !Exclusions.IsExcluded(Exclusions.KotlinDefaultChain, n))];

    [Theory]
    [MemberData(nameof(SmithyRsCases))]
    public async Task SmithyRs_default_chain_case(string name)
    {
        var testCase = ProviderCase.Load(SmithyRsSuite, name, TrafficFormat.SmithyDvr);
        var outcome = await ProviderCaseRunner.RunAsync(testCase, ProviderScope.DefaultChain, MaxAttempts.GetValueOrDefault(name, 3));
        CaseAssertions.Check(testCase, outcome, output, "account_id");
    }

    [Theory]
    [MemberData(nameof(KotlinCases))]
    public async Task Kotlin_default_chain_case(string name)
    {
        var testCase = ProviderCase.Load(KotlinSuite, name, TrafficFormat.Kotlin);
        var outcome = await ProviderCaseRunner.RunAsync(testCase, ProviderScope.DefaultChain);
        CaseAssertions.Check(testCase, outcome, output, "accountId");
    }

    [Fact]
    public void Every_case_set_aside_exists_and_is_listed_in_the_compatibility_document()
    {
        var document = File.ReadAllText(Path.Combine(Sesame.Testing.RepoPaths.RepoRoot, "docs", "compatibility.md"));
        foreach (var ((suite, name), reason) in Exclusions.Cases)
        {
            var directory = suite == Exclusions.SmithyRsDefaultChain ? SmithyRsSuite : KotlinSuite;
            Assert.Contains(name, ProviderCase.Names(directory));
            Assert.False(string.IsNullOrWhiteSpace(reason));
            Assert.Contains($"| {suite} | `{name}` |", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_suites_have_the_case_counts_the_readme_lists()
    {
        Assert.Equal(29, ProviderCase.Names(SmithyRsSuite).Count);
        Assert.Equal(23, ProviderCase.Names(KotlinSuite).Count);
    }
}
