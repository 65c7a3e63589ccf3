namespace Sesame.Core.Providers;

/// <summary>
/// The session name used when a profile sets no <c>role_session_name</c>. botocore uses
/// <c>botocore-session-&lt;epoch seconds&gt;</c>; Sesame uses the same shape with its own name so
/// CloudTrail shows which tool assumed the role. (The default name is not part of any cache key.)
/// </summary>
public static class RoleSessionNames
{
    /// <summary>The default session name at <paramref name="now"/>.</summary>
    public static string Default(DateTimeOffset now) => $"sesame-{now.ToUnixTimeSeconds()}";
}
