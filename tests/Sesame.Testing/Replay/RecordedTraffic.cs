using System.Text;
using System.Text.Json.Nodes;

namespace Sesame.Testing.Replay;

/// <summary>Reads recorded traffic: smithy-rs "DVR" V0 event logs and Kotlin's request/response arrays.</summary>
public static class RecordedTraffic
{
    /// <summary>
    /// A DVR V0 file: <c>{"events": [{connection_id, action}], "version": "V0"}</c>. One connection id
    /// is one exchange; exchanges are returned in the order their requests appear. Response bodies
    /// are the concatenated <c>Data</c> events in the response direction (UTF-8 or Base64).
    /// </summary>
    public static IReadOnlyList<RecordedExchange> LoadDvr(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        if (root["version"]?.GetValue<string>() != "V0")
        {
            throw new InvalidDataException($"{path}: only DVR version V0 is supported");
        }

        var order = new List<long>();
        var requests = new Dictionary<long, RecordedRequest>();
        var responses = new Dictionary<long, (int Status, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers, string? Error)>();
        var bodies = new Dictionary<long, MemoryStream>();
        foreach (var item in root["events"]!.AsArray())
        {
            var id = item!["connection_id"]!.GetValue<long>();
            var action = item["action"]!.AsObject();
            if (action["Request"]?["request"] is { } request)
            {
                order.Add(id);
                requests[id] = new RecordedRequest(request["method"]!.GetValue<string>(), request["uri"]!.GetValue<string>(), Headers(request["headers"]));
            }
            else if (action["Response"]?["response"] is { } response)
            {
                responses[id] = response["Ok"] is { } ok
                    ? (ok["status"]!.GetValue<int>(), Headers(ok["headers"]), null)
                    : (0, Headers(null), response["Err"]?.ToJsonString() ?? "recorded error");
            }
            else if (action["Data"] is { } data && data["direction"]!.GetValue<string>() == "Response")
            {
                var chunk = data["data"]!;
                var bytes = chunk["Utf8"] is { } utf8 ? Encoding.UTF8.GetBytes(utf8.GetValue<string>()) : Convert.FromBase64String(chunk["Base64"]!.GetValue<string>());
                if (!bodies.TryGetValue(id, out var body))
                {
                    bodies[id] = body = new MemoryStream();
                }

                body.Write(bytes);
            }
        }

        return order.Select(id =>
        {
            if (!responses.TryGetValue(id, out var response))
            {
                throw new InvalidDataException($"{path}: connection {id} has no response");
            }

            var body = bodies.TryGetValue(id, out var stream) ? stream.ToArray() : [];
            return new RecordedExchange(requests[id], new RecordedResponse(response.Status, response.Headers, body, response.Error));
        }).ToList();
    }

    /// <summary>
    /// A Kotlin file: <c>[{"request": {method, uri, headers, body}, "response": {status, headers, body}}]</c>,
    /// header values a string or a list; no file means no traffic.
    /// </summary>
    public static IReadOnlyList<RecordedExchange> LoadKotlin(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(item =>
        {
            var request = item!["request"]!;
            var response = item["response"]!;
            var body = response["body"] is { } text ? Encoding.UTF8.GetBytes(text.GetValue<string>()) : [];
            return new RecordedExchange(
                new RecordedRequest(request["method"]!.GetValue<string>(), request["uri"]!.GetValue<string>(), Headers(request["headers"])),
                new RecordedResponse(response["status"]!.GetValue<int>(), Headers(response["headers"]), body));
        }).ToList();
    }

    private static Dictionary<string, IReadOnlyList<string>> Headers(JsonNode? headers)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers?.AsObject() ?? [])
        {
            result[name.ToLowerInvariant()] = value switch
            {
                JsonArray values => values.Select(v => v!.GetValue<string>()).ToList(),
                null => [],
                _ => [value.GetValue<string>()],
            };
        }

        return result;
    }
}
