using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sesame.Testing;
using Sesame.Testing.Replay;

namespace Sesame.Tests.Conformance.ProviderCases;

/// <summary>The two recorded-traffic formats of the directory suites.</summary>
public enum TrafficFormat
{
    /// <summary>smithy-rs DVR V0 (<c>http-traffic.json</c> with events).</summary>
    SmithyDvr,

    /// <summary>aws-sdk-kotlin's array of request/response pairs (optional file).</summary>
    Kotlin,
}

/// <summary>
/// One directory case (conformance README §2.4 / §2.9): <c>env.json</c> is the whole environment,
/// <c>fs/</c> the file system root, <c>http-traffic.json</c> the only network, <c>test-case.json</c>
/// the expected result.
/// </summary>
public sealed partial class ProviderCase
{
    private ProviderCase(string name, string directory, TrafficFormat format)
    {
        Name = name;
        Directory = directory;
        Format = format;
        var env = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(directory, "env.json")))!.AsObject();
        Environment = env.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var testCase = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(directory, "test-case.json")))!;
        Expected = testCase["result"]!["Ok"]?.AsObject();
        ExpectedError = testCase["result"]!["ErrorContains"]?.GetValue<string>();
        var traffic = System.IO.Path.Combine(directory, "http-traffic.json");
        Traffic = format == TrafficFormat.SmithyDvr ? RecordedTraffic.LoadDvr(traffic) : RecordedTraffic.LoadKotlin(traffic);
    }

    public string Name { get; }

    public string Directory { get; }

    public TrafficFormat Format { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The expected credentials, or <c>null</c> when the case expects an error.</summary>
    public JsonObject? Expected { get; }

    /// <summary>Text the upstream SDK's error contains, when the case expects an error.</summary>
    public string? ExpectedError { get; }

    public IReadOnlyList<RecordedExchange> Traffic { get; }

    /// <summary>The folder mapped to <c>/</c>.</summary>
    public string FileSystemRoot => System.IO.Path.Combine(Directory, "fs");

    /// <summary>The case folders of a suite, by name.</summary>
    public static IReadOnlyList<string> Names(string suiteDirectory)
        => System.IO.Directory.GetDirectories(RepoPaths.ConformanceFile(suiteDirectory))
            .Select(System.IO.Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList()!;

    public static ProviderCase Load(string suiteDirectory, string name, TrafficFormat format)
        => new(name, System.IO.Path.Combine(RepoPaths.ConformanceFile(suiteDirectory), name), format);

    /// <summary>
    /// Every secret the case holds (environment secrets, token files, cached SSO tokens, secrets in
    /// recorded answers and in the expected result), for leak scans. Values shorter than 8
    /// characters ("bar", "FAKE") are left out: they occur inside ordinary words and key ids.
    /// </summary>
    public IReadOnlyList<string> Secrets()
    {
        var secrets = new List<string?>
        {
            Environment.GetValueOrDefault("AWS_SECRET_ACCESS_KEY"),
            Environment.GetValueOrDefault("AWS_SESSION_TOKEN"),
            Environment.GetValueOrDefault("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
            Expected?["secret_access_key"]?.GetValue<string>(),
            Expected?["session_token"]?.GetValue<string>(),
        };
        foreach (var file in System.IO.Directory.Exists(FileSystemRoot) ? System.IO.Directory.EnumerateFiles(FileSystemRoot, "*", SearchOption.AllDirectories) : [])
        {
            var text = File.ReadAllText(file);
            if (file.EndsWith(".jwt", StringComparison.Ordinal))
            {
                secrets.Add(text.Trim());
            }

            secrets.AddRange(SecretValues(text));
        }

        foreach (var exchange in Traffic)
        {
            secrets.AddRange(SecretValues(Encoding.UTF8.GetString(exchange.Response.Body)));
        }

        return secrets.Where(s => s is { Length: >= 8 }).Select(s => s!).Distinct().ToList();
    }

    private static IEnumerable<string> SecretValues(string text)
        => SecretField().Matches(text).Select(m => m.Groups["json"].Success ? m.Groups["json"].Value : m.Groups["xml"].Value);

    [GeneratedRegex("\"(?:SecretAccessKey|secretAccessKey|Token|SessionToken|sessionToken|accessToken|refreshToken|clientSecret|aws_secret_access_key)\"\\s*:\\s*\"(?<json>[^\"]+)\"|<(?:SecretAccessKey|SessionToken)>(?<xml>[^<]+)<|aws_secret_access_key\\s*=\\s*(?<json>\\S+)")]
    private static partial Regex SecretField();
}
