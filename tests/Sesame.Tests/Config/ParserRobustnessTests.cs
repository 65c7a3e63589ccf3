using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Sesame.Core.Config;
using Sesame.Core.Config.Chain;
using Sesame.Core.Config.Reports;
using Sesame.Core.Errors;
using Sesame.Testing;
using Sesame.Tests.Cli;

namespace Sesame.Tests.Config;

/// <summary>
/// Generated inputs (random bytes and random mutations of real configurations): the reader, the
/// merge, the planner and the reports either succeed or throw Sesame's typed configuration errors,
/// never anything else, never hang; and any file that parses round-trips byte for byte through
/// the lossless document.
/// </summary>
public sealed class ParserRobustnessTests
{
    private const int Seed = 20261121;
    private const int Inputs = 12_000;
    private static readonly byte[] Interesting = "[]=#; \t\r\n\"'profile sso-session services default role_arn source_profile \u00e9\uFEFF"u8.ToArray();

    [Fact]
    public void Twelve_thousand_generated_inputs_only_ever_produce_typed_errors_and_round_trip_losslessly()
    {
        var random = new Random(Seed);
        var corpus = Corpus();
        var stopwatch = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        int parsed = 0, rejected = 0;
        for (var i = 0; i < Inputs; i++)
        {
            var input = i % 4 == 0 ? RandomBytes(random) : Mutate(random, corpus[random.Next(corpus.Count)]);
            var started = stopwatch.Elapsed;
            try
            {
                Exercise(input, random);
                parsed++;
            }
            catch (ConfigException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"input #{i} (seed {Seed}) threw {e.GetType().Name}: {e.Message}\ninput (base64): {Convert.ToBase64String(input)}");
            }

            var took = stopwatch.Elapsed - started;
            slowest = took > slowest ? took : slowest;
        }

        Assert.True(parsed > Inputs / 10, $"only {parsed} inputs parsed: the mutations are too destructive to test much");
        Assert.True(rejected > Inputs / 10, $"only {rejected} inputs were rejected: the generator is too tame");
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"the slowest input took {slowest.TotalMilliseconds:F0} ms");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"the run took {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static void Exercise(byte[] input, Random random)
    {
        var kind = random.Next(2) == 0 ? ConfigFileKind.Config : ConfigFileKind.Credentials;
        var file = ConfigFile.Parse("/fuzz/config", kind, input);

        // The header-only reading of a validated file must find exactly the same sections.
        var headersOnly = ConfigFile.ParseValidated("/fuzz/config", kind, input);
        var eager = kind == ConfigFileKind.Config ? ProfileSet.Build(file, null) : ProfileSet.Build(null, file);
        var lazy = kind == ConfigFileKind.Config ? ProfileSet.Build(headersOnly, null) : ProfileSet.Build(null, headersOnly);
        foreach (var name in eager.ProfileNames.Concat(eager.SsoSessions.Select(s => s.Name)).Append("default").Append("nope"))
        {
            AssertSame(eager.GetProfile(name), lazy.GetProfile(name));
            AssertSame(eager.GetSsoSession(name), lazy.GetSsoSession(name));
            AssertSame(eager.GetServices(name), lazy.GetServices(name));
        }

        if (!headersOnly.Sections.Select(f => (f.HeaderLine, f.BodyStart, f.BodyEnd, f.Key)).SequenceEqual(file.Sections.Select(f => (f.HeaderLine, f.BodyStart, f.BodyEnd, f.Key))))
        {
            throw new InvalidOperationException("reading only the headers of a valid file found different sections");
        }
        var set = kind == ConfigFileKind.Config ? ProfileSet.Build(file, null) : ProfileSet.Build(null, file);
        foreach (var section in set.Profiles.Concat(set.SsoSessions).Concat(set.ServicesSections).Concat(set.UnknownSections))
        {
            _ = section.Values.Count + section.Shadowed.Count + section.Notes.Count;
        }

        _ = ProfileSummary.ForAll(set);
        foreach (var name in set.ProfileNames.Take(5))
        {
            try
            {
                ChainPlanner.Plan(set, name);
            }
            catch (ConfigException)
            {
            }

            _ = ExplainReport.Build(set, name);
        }

        var document = ConfigDocument.FromFile(file);
        var roundTrip = document.ToBytes();
        if (!roundTrip.AsSpan().SequenceEqual(input))
        {
            throw new InvalidOperationException("the lossless document changed bytes it was not asked to change");
        }

        // An edit of a section that exists must leave a file that still parses.
        if (set.ProfileNames.Count > 0)
        {
            document.SetValue(SectionKind.Profile, set.ProfileNames[0], "region", "eu-west-1");
            var reread = ConfigFile.Parse("/fuzz/config", kind, document.ToBytes());
            var profile = (kind == ConfigFileKind.Config ? ProfileSet.Build(reread, null) : ProfileSet.Build(null, reread)).GetProfile(set.ProfileNames[0]);
            if (profile?.GetString("region") != "eu-west-1")
            {
                throw new InvalidOperationException("an edit did not read back");
            }
        }
    }

    // Looking a section up lazily must give exactly what the full merge gives.
    private static void AssertSame(ConfigSection? expected, ConfigSection? actual)
    {
        if (expected is null != actual is null)
        {
            throw new InvalidOperationException($"lazy lookup of '{expected?.Name ?? actual?.Name}' disagrees with the full merge about its existence");
        }

        if (expected is not null && !expected.Values.Select(v => (v.Key, v.Value, v.Location)).SequenceEqual(actual!.Values.Select(v => (v.Key, v.Value, v.Location))))
        {
            throw new InvalidOperationException($"lazy lookup of '{expected.Name}' found different settings");
        }
    }

    private static List<byte[]> Corpus()
    {
        var corpus = new List<byte[]>
        {
            Encoding.UTF8.GetBytes(SampleConfigs.Config),
            Encoding.UTF8.GetBytes(SampleConfigs.Credentials),
        };
        foreach (var file in new[] { "smithy-rs/aws/rust-runtime/aws-runtime/test-data/profile-parser-tests.json", "aws-sdk-kotlin/extracted/parser-tests.json" })
        {
            foreach (var test in JsonNode.Parse(File.ReadAllText(RepoPaths.ConformanceFile(file)))!["tests"]!.AsArray())
            {
                foreach (var key in new[] { "configFile", "credentialsFile" })
                {
                    if (test!["input"]![key] is { } text)
                    {
                        corpus.Add(Encoding.UTF8.GetBytes(text.GetValue<string>()));
                    }
                }
            }
        }

        return corpus;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 400)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(3) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at));
                    break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(random.Next(1, 60), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.InsertRange(at, "\n[profile x]\n"u8.ToArray());
                    break;
            }
        }

        return [.. bytes];
    }
}
