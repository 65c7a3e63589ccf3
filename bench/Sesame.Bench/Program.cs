using System.Diagnostics;
using BenchmarkDotNet.Running;
using Sesame.Bench;

// usage: Sesame.Bench cold <config-dir> <profile>   one cold parse+plan in this fresh process, in ms
//        Sesame.Bench hit <config-dir> <profile>    the cache-hit path's config stages on a validated file
//        Sesame.Bench list <config-dir> full|validated   what `sesame list` computes, stage by stage, with allocations
//        Sesame.Bench [BenchmarkDotNet args]         steady-state benchmarks (SESAME_BENCH_DIR = config dir)
if (args.Length == 3 && args[0] == "hit")
{
    // The cache-hit path's config work on an already validated file, stage by stage, first call then steady.
    var config = Path.Combine(args[1], "config");
    var credentials = Path.Combine(args[1], "credentials");
    for (var round = 0; round < 20; round++)
    {
        var clock = Stopwatch.StartNew();
        var bytes = File.ReadAllBytes(config);
        var read = clock.Elapsed;
        var file = Sesame.Core.Config.ConfigFile.ParseValidated(config, Sesame.Core.Config.ConfigFileKind.Config, bytes);
        var indexed = clock.Elapsed;
        var set = Sesame.Core.Config.ProfileSet.Build(file, Sesame.Core.Config.ConfigFile.ParseValidated(credentials, Sesame.Core.Config.ConfigFileKind.Credentials, File.ReadAllBytes(credentials)));
        var built = clock.Elapsed;
        var plan = Sesame.Core.Config.Chain.ChainPlanner.Plan(set, args[2]);
        var planned = clock.Elapsed;
        if (round is 0 or 19)
        {
            Console.WriteLine($"round {round}: read {read.TotalMilliseconds:F2} ms, index {(indexed - read).TotalMilliseconds:F2}, build {(built - indexed).TotalMilliseconds:F2}, plan {(planned - built).TotalMilliseconds:F2} ({plan.Roles.Count} roles)");
        }
    }

    return 0;
}

if (args.Length == 3 && args[0] == "list")
{
    // What `sesame list --json` does, stage by stage: read, parse (validated = header index, else full), merge, summarize, write.
    var config = Path.Combine(args[1], "config");
    var credentials = Path.Combine(args[1], "credentials");
    var validated = args[2] == "validated";
    for (var round = 0; round < 5; round++)
    {
        var before = GC.GetTotalAllocatedBytes(true);
        var clock = Stopwatch.StartNew();
        var bytes = Sesame.Core.Platform.PhysicalFileSystem.ForShortLivedProcess.ReadContent(config).Bytes;
        var file = validated ? Sesame.Core.Config.ConfigFile.ParseValidated(config, Sesame.Core.Config.ConfigFileKind.Config, bytes) : Sesame.Core.Config.ConfigFile.Parse(config, Sesame.Core.Config.ConfigFileKind.Config, bytes.Span);
        var parsed = clock.Elapsed;
        var set = Sesame.Core.Config.ProfileSet.Build(file, Sesame.Core.Config.ConfigFile.Parse(credentials, Sesame.Core.Config.ConfigFileKind.Credentials, File.ReadAllBytes(credentials)));
        _ = set.ProfileNames.Count;
        var built = clock.Elapsed;
        var summaries = Sesame.Core.Config.Reports.ProfileSummary.ForAll(set);
        var summarized = clock.Elapsed;
        Console.WriteLine($"round {round}: parse {parsed.TotalMilliseconds:F1} ms, merge {(built - parsed).TotalMilliseconds:F1}, summarize {(summarized - built).TotalMilliseconds:F1}; {summaries.Count} profiles, {(GC.GetTotalAllocatedBytes(true) - before) / 1048576.0:F0} MiB allocated, gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
    }

    return 0;
}

if (args.Length == 3 && args[0] == "cold")
{
    var stopwatch = Stopwatch.StartNew();
    var plan = ConfigBenchmarks.ParseAndPlan(args[1], args[2]);
    stopwatch.Stop();
    Console.WriteLine($"cold parse+plan of '{args[2]}' ({plan.Roles.Count} roles): {stopwatch.Elapsed.TotalMilliseconds:F2} ms");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ConfigBenchmarks).Assembly).Run(args);
return 0;
