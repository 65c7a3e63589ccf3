using Sesame.Core.Config;

namespace Sesame.Core.Doctor;

/// <summary>How much a <see cref="DoctorFinding"/> matters.</summary>
public enum DoctorSeverity
{
    /// <summary>Worth knowing (which store is used, a check that was skipped); not a problem.</summary>
    Info,

    /// <summary>Something works differently than the user probably expects, or will stop working soon.</summary>
    Warning,

    /// <summary>Something does not work: a profile no tool can use, a loop, a file Sesame refuses.</summary>
    Error,
}

/// <summary>One thing <c>sesame doctor</c> found.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Check">A stable identifier of the check (<c>config-duplicate-section</c>, <c>clock-skew</c>, …), for scripts.</param>
/// <param name="Message">What was found, in words (never a secret).</param>
/// <param name="At">The file and line it concerns, when there is one.</param>
/// <param name="Fix">What to do about it (a command or an edit), when there is something to do.</param>
public sealed record DoctorFinding(DoctorSeverity Severity, string Check, string Message, SourceLocation? At = null, string? Fix = null)
{
    /// <summary>True for a warning or an error.</summary>
    public bool IsProblem => Severity != DoctorSeverity.Info;
}

/// <summary>What <c>sesame doctor</c> found, in the order the checks ran.</summary>
/// <param name="Findings">Every finding, problems and notes.</param>
public sealed record DoctorReport(IReadOnlyList<DoctorFinding> Findings)
{
    /// <summary>How many findings are warnings or errors.</summary>
    public int Problems => Findings.Count(f => f.IsProblem);

    /// <summary>True when nothing but notes was found.</summary>
    public bool IsHealthy => Problems == 0;
}

/// <summary>Choices for one run of the doctor.</summary>
/// <param name="Offline">Skip the checks that use the network (clock skew against STS).</param>
/// <param name="NetworkTimeout">How long the clock check waits for STS (default 5 seconds).</param>
/// <param name="ExpiryWarning">How close to expiry an IAM Identity Center client registration is reported (default 7 days).</param>
public sealed record DoctorOptions(bool Offline = false, TimeSpan? NetworkTimeout = null, TimeSpan? ExpiryWarning = null)
{
    /// <summary>The defaults.</summary>
    public static DoctorOptions Default { get; } = new();
}
