using System.Diagnostics;

namespace Sesame.Testing;

/// <summary>
/// What of the calling shell a test's child process may see: nothing that configures AWS, Sesame, XDG
/// folders, a keyring or a browser. Tests then pass exactly what they mean (the sandbox's
/// <c>ClientHome.IsCallerSetting</c> applies the same rule to client processes).
/// </summary>
public static class CallerEnvironment
{
    /// <summary>True for a variable of the test host that must never reach a child process.</summary>
    public static bool IsCallerSetting(string name)
        => name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("XDG_", StringComparison.Ordinal) || name.StartsWith("SESAME_", StringComparison.Ordinal)
        || name is "BOTO_CONFIG" or "DBUS_SESSION_BUS_ADDRESS" or "PASSWORD_STORE_DIR" or "GNUPGHOME" or "BROWSER" or "DISPLAY" or "WAYLAND_DISPLAY";

    /// <summary>Removes every caller setting from a start info's environment; returns it for chaining.</summary>
    public static ProcessStartInfo Scrub(ProcessStartInfo start)
    {
        foreach (var key in start.Environment.Keys.Where(IsCallerSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        return start;
    }
}
