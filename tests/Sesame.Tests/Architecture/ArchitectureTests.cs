using System.Text.RegularExpressions;
using Sesame.Core.Runtime;
using Sesame.Core.Settings;
using Sesame.Testing;

namespace Sesame.Tests.Architecture;

/// <summary>The layout rules of docs/architecture.md, checked on the sources.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Core = Path.Combine(RepoPaths.RepoRoot, "src", "Sesame.Core");
    private static readonly string Cli = Path.Combine(RepoPaths.RepoRoot, "src", "Sesame.Cli");

    [Fact]
    public void Core_folders_import_each_other_without_a_cycle()
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Sources(Core))
        {
            var folder = Path.GetRelativePath(Core, file).Split(Path.DirectorySeparatorChar)[0];
            var targets = edges.TryGetValue(folder, out var set) ? set : edges[folder] = [];
            foreach (Match match in CoreReference().Matches(File.ReadAllText(file)))
            {
                if (match.Groups[1].Value != folder)
                {
                    targets.Add(match.Groups[1].Value);
                }
            }
        }

        var cycle = FindCycle(edges);
        Assert.True(cycle is null, $"folders of Sesame.Core import each other in a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Core_never_references_the_cli()
    {
        Assert.DoesNotContain(typeof(SesameRuntime).Assembly.GetReferencedAssemblies(), a => a.Name is "sesame" or "System.CommandLine");
        Assert.All(Sources(Core), file => Assert.DoesNotContain("Sesame.Cli", File.ReadAllText(file), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("new CredentialEngine(")]
    [InlineData("new EngineServices")]
    [InlineData("new SecretStoreFactory(")]
    [InlineData("new RefreshingSsoTokenSource(")]
    [InlineData("new FileLockProvider(")]
    [InlineData("new ConfigEditor(")]
    [InlineData("ConfigDocument.")]
    [InlineData("new SsoLogin(")]
    [InlineData("ChainPlanner.Plan(")]
    public void The_cli_wires_no_engine_store_or_sso_piece_of_its_own(string construct)
        => Assert.All(Sources(Cli), file => Assert.DoesNotContain(construct, File.ReadAllText(file), StringComparison.Ordinal));

    [Fact]
    public void Every_setting_is_documented_in_settings_md()
    {
        var document = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "docs", "settings.md"));
        Assert.All(SettingCatalog.All, setting =>
        {
            if (setting.Variable is { } variable)
            {
                Assert.Contains($"`{variable}`", document, StringComparison.Ordinal);
            }

            if (setting.Key is { } key)
            {
                Assert.Contains($"`{key}`", document, StringComparison.Ordinal);
            }
        });
    }

    private static IEnumerable<string> Sources(string root)
        => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path[path.IndexOf(next)..], next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in edges.Keys.ToList())
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    // `using Sesame.Core.X;` or a qualified Sesame.Core.X.Name.
    [GeneratedRegex(@"\bSesame\.Core\.([A-Z][A-Za-z]+)\b")]
    private static partial Regex CoreReference();
}
