using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

// Protocol: one command per line on standard input, one JSON line per command on standard output.
//   get    resolve credentials through the default chain (built once) and print them
//   quit   exit
// The access key id is printed; the secret and token only as their lengths (they stay out of logs).
AWSCredentials? credentials = null;
string? line;
while ((line = Console.ReadLine()) is not null)
{
    var command = line.Trim();
    if (command == "quit")
    {
        break;
    }

    var result = new Dictionary<string, object?>(StringComparer.Ordinal);
    try
    {
        credentials ??= DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var immutable = await credentials.GetCredentialsAsync();
        result["source"] = credentials.GetType().Name;
        result["accessKeyId"] = immutable.AccessKey;
        result["secretLength"] = immutable.SecretKey?.Length ?? 0;
        result["tokenLength"] = immutable.Token?.Length ?? 0;
        result["expiration"] = credentials.Expiration?.ToUniversalTime().ToString("O");
    }
    catch (Exception e)
    {
        result["error"] = $"{e.GetType().Name}: {e.Message}";
    }

    Console.WriteLine(JsonSerializer.Serialize(result));
}
