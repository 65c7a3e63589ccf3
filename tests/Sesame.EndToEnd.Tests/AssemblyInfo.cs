// Each test class starts a sandbox (moto and Kestrel); running them one at a time keeps a 2-core
// machine responsive and the recorded call counts unambiguous.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The scenarios use POSIX shells, helper scripts, signals and tmux.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
