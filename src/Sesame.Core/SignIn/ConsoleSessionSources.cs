namespace Sesame.Core.SignIn;

/// <summary>
/// Tells a <see cref="ConsoleSessionSource"/> from what STS says about credentials whose origin is not
/// known from the profile (environment variables, <c>credential_process</c>): the caller's ARN from
/// GetCallerIdentity and whether there is a session token. An <c>assumed-role</c> ARN cannot tell a
/// chained session from a first hop; it is taken as a first hop (<c>SessionDuration</c> allowed), and
/// AWS's 400 then says otherwise.
/// </summary>
public static class ConsoleSessionSources
{
    /// <summary>The source for a caller ARN (<c>arn:aws:sts::1:assumed-role/R/s</c>, <c>…:federated-user/n</c>, <c>arn:aws:iam::1:user/u</c>, <c>…:root</c>).</summary>
    public static ConsoleSessionSource FromCallerArn(string arn, bool hasSessionToken)
    {
        var resource = arn.Split(':', 6) is { Length: 6 } parts ? parts[5] : string.Empty;
        return resource switch
        {
            _ when resource.StartsWith("assumed-role/", StringComparison.Ordinal) => ConsoleSessionSource.RoleSession,
            _ when resource.StartsWith("federated-user/", StringComparison.Ordinal) => ConsoleSessionSource.FederationSession,
            _ => hasSessionToken ? ConsoleSessionSource.SessionToken : ConsoleSessionSource.LongTermKeys,
        };
    }
}
