namespace Sesame.Core.Config;

/// <summary>The two AWS shared files; section naming rules differ between them.</summary>
public enum ConfigFileKind
{
    /// <summary><c>~/.aws/config</c>: <c>[default]</c>, <c>[profile x]</c>, <c>[sso-session x]</c>, <c>[services x]</c>.</summary>
    Config,

    /// <summary><c>~/.aws/credentials</c>: <c>[x]</c> only.</summary>
    Credentials,
}
