using Sesame.Core.Engine;

namespace Sesame.Tests.Engine;

public sealed class HelperLoopTests
{
    [Theory]
    [InlineData("sesame credential-process x", true)]
    [InlineData("/usr/local/bin/sesame credential-process x", true)]
    [InlineData("  sesame   credential-process   --mfa-token 123456 x ", true)]
    [InlineData("'/opt/my tools/sesame' credential-process \"x\"", true)]
    [InlineData("sesame credential-process y", false)]
    [InlineData("sesame export x", false)]
    [InlineData("aws-vault export --format=json x", false)]
    [InlineData("not-sesame credential-process x", false)]
    [InlineData("sesame credential-process", false)]
    public void A_credential_process_calling_sesame_for_its_own_profile_is_recognised(string command, bool loops)
        => Assert.Equal(loops, HelperLoops.CallsSesameFor(command, "x"));
}
