using BenchmarkDotNet.Attributes;

using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Config.Reports;

namespace Sesame.Bench;

/// <summary>Reading a large config and planning one profile, as every credential request does.</summary>
[MemoryDiagnoser]
// In-process: BenchmarkDotNet 0.14 (the newest on the mirror) cannot generate projects for net10.0.
[InProcess]
[WarmupCount(3)]
[IterationCount(10)]
public class ConfigBenchmarks
{
    private string _directory = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Environment.GetEnvironmentVariable("SESAME_BENCH_DIR")
            ?? throw new InvalidOperationException("set SESAME_BENCH_DIR to a folder made by bench/gen_config.py (bench/run.sh does this)");
    }

    /// <summary>Read both files, parse, merge, plan a 3-role chain.</summary>
    [Benchmark]
    public ChainPlan ParseAndPlanThreeRoleChain() => ParseAndPlan(_directory, "chain-2-3");

    /// <summary>Read both files, parse, merge, plan one SSO profile.</summary>
    [Benchmark]
    public ChainPlan ParseAndPlanSsoProfile() => ParseAndPlan(_directory, "acct-1234-ReadOnly");

    /// <summary>What <c>sesame list</c> computes: every profile materialized and classified.</summary>
    [Benchmark]
    public int SummarizeAll() => ProfileSummary.ForAll(Load(_directory)).Count;

    public static ChainPlan ParseAndPlan(string directory, string profile) => ChainPlanner.Plan(Load(directory), profile);

    private static ProfileSet Load(string directory)
        => ProfileSet.Build(
            ConfigFile.Parse(Path.Combine(directory, "config"), ConfigFileKind.Config, File.ReadAllBytes(Path.Combine(directory, "config"))),
            ConfigFile.Parse(Path.Combine(directory, "credentials"), ConfigFileKind.Credentials, File.ReadAllBytes(Path.Combine(directory, "credentials"))));
}
