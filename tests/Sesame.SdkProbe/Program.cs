using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

// Protocol: one command per line on standard input, one JSON line per command on standard output.
//   get     resolve credentials through the default chain (built once) and print them
//   whoami  the same, then sts:GetCallerIdentity with them (at AWS_ENDPOINT_URL_STS when set) and print the ARN
//   quit    exit
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
        if (command == "whoami")
        {
            var config = new AmazonSecurityTokenServiceConfig();
            if (Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_STS") is { Length: > 0 } endpoint)
            {
                config.ServiceURL = endpoint;
                config.AuthenticationRegion = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
            }

            using var sts = new AmazonSecurityTokenServiceClient(credentials, config);
            result["arn"] = (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn;
        }
    }
    catch (Exception e)
    {
        result["error"] = $"{e.GetType().Name}: {e.Message}";
    }

    Console.WriteLine(JsonSerializer.Serialize(result));
}
