using System.Text.RegularExpressions;
using Sesame.Testing;

namespace Sesame.Tests.Scripts;

/// <summary>
/// <c>scripts/test-deps</c>, which the README tells a newcomer to run before <c>dotnet test Sesame.slnx</c>:
/// it covers every Debian package a test asks for, CI uses it, and without root it prints the exact command
/// instead of installing. Run against fake <c>dpkg</c>, <c>apt-get</c>, <c>id</c>, <c>python3</c> and <c>aws</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class TestDepsScriptTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.RepoRoot, "scripts", "test-deps");
    private readonly TempDirectory _temp = new("sesame-test-deps");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_debian_package_a_test_asks_for_is_in_the_list()
    {
        var listed = DebianPackages();
        var asked = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.RepoRoot, "tests"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || file.EndsWith("ExternalTools.cs", StringComparison.Ordinal) || file.EndsWith(nameof(TestDepsScriptTests) + ".cs", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            foreach (Match match in AptInstall().Matches(text))
            {
                asked.UnionWith(match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith('-') && p != "libkeyutils1"));
            }

            foreach (Match match in RequireTool().Matches(text))
            {
                asked.Add(match.Groups[1].Value);
            }
        }

        // bash is on every Debian system and the .NET SDK is the one prerequisite the README names.
        asked.ExceptWith(["bash", "dotnet-sdk-10.0"]);
        Assert.NotEmpty(asked);
        Assert.Empty(asked.Except(listed));
    }

    [Fact]
    public void Ci_installs_through_it()
    {
        var ci = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, ".ci", "run"));

        Assert.Contains("scripts/test-deps", ci, StringComparison.Ordinal);
        Assert.DoesNotContain("apt-get install", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_root_it_prints_the_exact_command_and_installs_nothing()
    {
        var bin = Fakes(missing: "tmux strace", uid: 1000);

        var (exit, stdout, stderr) = ExternalTools.Run(Script, [], Environment(bin));

        Assert.Equal(1, exit);
        Assert.Contains("  sudo apt-get update && sudo apt-get install -y --no-install-recommends tmux strace\n", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("apt-get.log")), stderr);
    }

    [Fact]
    public void As_root_it_installs_what_is_missing()
    {
        var bin = Fakes(missing: "zsh", uid: 0);

        var (exit, stdout, stderr) = ExternalTools.Run(Script, [], Environment(bin));

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("install -y --no-install-recommends zsh", File.ReadAllText(_temp.Combine("apt-get.log")), StringComparison.Ordinal);
        Assert.Contains("everything the tests need is installed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_only_reports()
    {
        var bin = Fakes(missing: "fish", uid: 0);

        var (exit, stdout, _) = ExternalTools.Run(Script, ["--check"], Environment(bin));

        Assert.Equal(1, exit);
        Assert.Contains("missing Debian packages: fish", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("apt-get.log")));
    }

    private static SortedSet<string> DebianPackages()
    {
        var line = File.ReadLines(Script).Single(l => l.StartsWith("debian_packages=(", StringComparison.Ordinal));
        return new SortedSet<string>(line["debian_packages=(".Length..line.IndexOf(')', StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
    }

    private string Fakes(string missing, int uid)
    {
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        var log = _temp.Combine("apt-get.log");
        Write(bin, "dpkg", $"#!/bin/sh\ncase \" {missing} \" in *\" $2 \"*) exit 1 ;; esac\nexit 0\n");
        Write(bin, "apt-get", $"#!/bin/sh\necho \"$@\" >> '{log}'\n");
        Write(bin, "id", $"#!/bin/sh\necho {uid}\n");
        Write(bin, "python3", "#!/bin/sh\nexit 0\n");
        Write(bin, "aws", "#!/bin/sh\necho 'aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11'\n");
        Directory.CreateDirectory(_temp.Combine("home", ".dotnet", "tools"));
        Write(_temp.Combine("home", ".dotnet", "tools"), "pwsh", "#!/bin/sh\n");
        return bin;
    }

    private Dictionary<string, string> Environment(string bin) => new()
    {
        ["PATH"] = bin + ":/usr/bin:/bin",
        ["HOME"] = _temp.Combine("home"),
    };

    private static void Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    // "apt-get install tmux", "apt-get install keyutils)"; the {package} placeholder of ExternalTools is skipped.
    [GeneratedRegex(@"apt-get install ([a-z0-9][a-z0-9.+ -]*[a-z0-9])")]
    private static partial Regex AptInstall();

    // ExternalTools.Require("chromium", "chromium"): the package is the second argument.
    [GeneratedRegex(@"ExternalTools\.Require\(""[^""]+"",\s*""([a-z0-9.+-]+)""\)")]
    private static partial Regex RequireTool();
}
