namespace Sesame.Sandbox;

/// <summary>
/// Something the sandbox needs is missing from this machine (python3, moto). The message says how to
/// get it; tests that need the sandbox fail with it rather than skip.
/// </summary>
public sealed class SandboxUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SandboxUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public SandboxUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with the standard text.</summary>
    public SandboxUnavailableException()
        : base(HowToInstall)
    {
    }

    /// <summary>What to do when moto is missing.</summary>
    public const string HowToInstall =
        "The sandbox runs moto's server (moto 5.2.x with its server extras) under python3. Install it with " +
        "`python3 -m pip install 'moto[server]==5.2.1' boto3` (or Debian's python3-moto), or point " +
        "SESAME_SANDBOX_PYTHON at a python3 that has it. See docs/sandbox.md.";
}
