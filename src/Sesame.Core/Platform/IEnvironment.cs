namespace Sesame.Core.Platform;

/// <summary>
/// A read-only view of the process environment. Nothing in Sesame.Core reads process state
/// (variables, home folder, platform) except through this seam, so every rule that depends on
/// the environment can be tested with a fake.
/// </summary>
public interface IEnvironment
{
    /// <summary>Returns the value of an environment variable, or <c>null</c> when it is unset.</summary>
    string? GetVariable(string name);

    /// <summary>Every variable, for passing the environment on to a child process.</summary>
    IReadOnlyDictionary<string, string> GetAll();

    /// <summary>True when path and home-folder rules of Windows apply.</summary>
    bool IsWindows { get; }

    /// <summary>
    /// The home folder the runtime itself would report (.NET's <c>SpecialFolder.UserProfile</c>);
    /// used only when HOME, USERPROFILE and HOMEDRIVE/HOMEPATH are all unset.
    /// </summary>
    string? RuntimeHomeDirectory { get; }
}
