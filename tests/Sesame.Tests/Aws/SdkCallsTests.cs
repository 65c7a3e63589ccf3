using Amazon;
using Amazon.SecurityToken;
using Sesame.Core.Aws;

namespace Sesame.Tests.Aws;

public sealed class SdkCallsTests
{
    [Fact]
    public void Sdk_clients_read_no_profile_and_no_monitoring_settings_of_their_own()
    {
        _ = SdkCalls.NewConfig<AmazonSecurityTokenServiceConfig>();

        // A profile name that exists nowhere, and client-side monitoring decided in code, so the SDK
        // never parses the user's shared files for either.
        Assert.StartsWith("sesame-sdk-reads-no-profile-", AWSConfigs.AWSProfileName, StringComparison.Ordinal);
        Assert.False(AWSConfigs.CSMConfig.CSMEnabled);
    }
}
