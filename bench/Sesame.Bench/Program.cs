using System.Diagnostics;
using BenchmarkDotNet.Running;
using Sesame.Bench;

// usage: Sesame.Bench cold <config-dir> <profile>   one cold parse+plan in this fresh process, in ms
//        Sesame.Bench [BenchmarkDotNet args]         steady-state benchmarks (SESAME_BENCH_DIR = config dir)
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
