using System.Text;

namespace Sesame.Cli.Shell;

/// <summary>
/// The texts <c>sesame shell init</c> prints, embedded in the program (Shell/Scripts/*). Reading a
/// manifest resource by name is trim- and AOT-safe.
/// </summary>
internal static class ShellScripts
{
    /// <summary>The script for <paramref name="name"/> (bash, zsh, fish, pwsh, direnv).</summary>
    public static string For(string name) => Read(name switch
    {
        "bash" => "sesame.bash",
        "zsh" => "sesame.zsh",
        "fish" => "sesame.fish",
        "pwsh" or "powershell" => "sesame.ps1",
        "direnv" => "direnv.sh",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown shell"),
    });

    private static string Read(string file)
    {
        using var stream = typeof(ShellScripts).Assembly.GetManifestResourceStream("Sesame.Cli.Shell." + file)
            ?? throw new InvalidOperationException($"the embedded script {file} is missing (a build problem)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // LF whatever the checkout did: bash and zsh choke on CR.
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
