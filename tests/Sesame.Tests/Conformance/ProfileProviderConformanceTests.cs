using Sesame.Tests.Conformance.ProviderCases;
using Xunit.Abstractions;

namespace Sesame.Tests.Conformance;

/// <summary>
/// smithy-rs test-data/profile-provider (18 cases): only the profile named by AWS_PROFILE (or
/// default), through <c>CredentialEngine.ForProfile</c>. The environment still sets HOME, the
/// region and endpoints, but is not a credential source.
/// </summary>
public sealed class ProfileProviderConformanceTests(ITestOutputHelper output)
{
    private const string Suite = "smithy-rs/aws/rust-runtime/aws-config/test-data/profile-provider";

    public static TheoryData<string> Cases() => [.. ProviderCase.Names(Suite)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SmithyRs_profile_provider_case(string name)
    {
        var testCase = ProviderCase.Load(Suite, name, TrafficFormat.SmithyDvr);
        var outcome = await ProviderCaseRunner.RunAsync(testCase, ProviderScope.Profile);
        CaseAssertions.Check(testCase, outcome, output, "account_id");
    }
}
