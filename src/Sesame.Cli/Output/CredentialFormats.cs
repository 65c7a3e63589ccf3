using System.Globalization;
using System.Text;
using System.Text.Json;
using Sesame.Core.Credentials;

namespace Sesame.Cli.Output;

/// <summary>The output formats of <c>sesame export</c> (and the <c>credential_process</c> JSON).</summary>
internal enum CredentialFormat
{
    Env,
    Json,
    Process,
    Ini,
    Fish,
    PowerShell,
    Dotenv,
}

/// <summary>
/// Renders credentials for a consumer. Shell formats quote every value so that any secret
/// survives <c>eval</c> unchanged.
/// </summary>
internal static class CredentialFormats
{

    public static bool TryParse(string text, out CredentialFormat format)
    {
        format = text.ToLowerInvariant() switch
        {
            "env" or "sh" or "bash" or "zsh" => CredentialFormat.Env,
            "json" => CredentialFormat.Json,
            "process" or "credential-process" => CredentialFormat.Process,
            "ini" => CredentialFormat.Ini,
            "fish" => CredentialFormat.Fish,
            "powershell" or "pwsh" => CredentialFormat.PowerShell,
            "dotenv" => CredentialFormat.Dotenv,
            _ => (CredentialFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    /// <summary>The variables a child process or shell gets, in a stable order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Variables(AwsCredentials credentials, string? region)
    {
        var variables = new List<KeyValuePair<string, string>>
        {
            new("AWS_ACCESS_KEY_ID", credentials.AccessKeyId),
            new("AWS_SECRET_ACCESS_KEY", credentials.SecretAccessKey),
        };
        if (credentials.SessionToken is { } token)
        {
            variables.Add(new("AWS_SESSION_TOKEN", token));
        }

        if (credentials.Expiration is { } expiration)
        {
            variables.Add(new("AWS_CREDENTIAL_EXPIRATION", Iso(expiration)));
        }

        if (region is not null)
        {
            variables.Add(new("AWS_REGION", region));
            variables.Add(new("AWS_DEFAULT_REGION", region));
        }

        return variables;
    }

    /// <summary>Renders <paramref name="credentials"/> in <paramref name="format"/>.</summary>
    public static string Render(CredentialFormat format, AwsCredentials credentials, string? region, string profile)
    {
        var builder = new StringBuilder();
        switch (format)
        {
            case CredentialFormat.Process:
                return ProcessJson(credentials);
            case CredentialFormat.Json:
                return Json(credentials, region, profile);
            case CredentialFormat.Ini:
                builder.Append('[').Append(profile).Append("]\n");
                builder.Append("aws_access_key_id = ").Append(credentials.AccessKeyId).Append('\n');
                builder.Append("aws_secret_access_key = ").Append(credentials.SecretAccessKey).Append('\n');
                if (credentials.SessionToken is { } token)
                {
                    builder.Append("aws_session_token = ").Append(token).Append('\n');
                }

                if (region is not null)
                {
                    builder.Append("region = ").Append(region).Append('\n');
                }

                return builder.ToString();
        }

        foreach (var (name, value) in Variables(credentials, region))
        {
            builder.Append(format switch
            {
                CredentialFormat.Fish => $"set -gx {name} {SingleQuoteFish(value)};",
                CredentialFormat.PowerShell => $"$Env:{name} = {SingleQuotePowerShell(value)}",
                CredentialFormat.Dotenv => $"{name}={DoubleQuoteDotenv(value)}",
                _ => $"export {name}={SingleQuotePosix(value)}",
            }).Append('\n');
        }

        if (format == CredentialFormat.Dotenv)
        {
            return builder.ToString();
        }

        // In a shell, what an earlier export of temporary credentials set must not outlive it.
        if (credentials.SessionToken is null)
        {
            builder.Append(format switch
            {
                CredentialFormat.Fish => "set -e AWS_SESSION_TOKEN; set -e AWS_CREDENTIAL_EXPIRATION;",
                CredentialFormat.PowerShell => "Remove-Item Env:AWS_SESSION_TOKEN, Env:AWS_CREDENTIAL_EXPIRATION -ErrorAction SilentlyContinue",
                _ => "unset AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION",
            }).Append('\n');
        }

        // The mark 'sesame use' looks for before it unsets what export set (docs/shell.md).
        builder.Append(format switch
        {
            CredentialFormat.Fish => $"set -gx SESAME_EXPORTED {SingleQuoteFish(profile)};",
            CredentialFormat.PowerShell => $"$Env:SESAME_EXPORTED = {SingleQuotePowerShell(profile)}",
            _ => $"export SESAME_EXPORTED={SingleQuotePosix(profile)}",
        }).Append('\n');
        return builder.ToString();
    }

    /// <summary>
    /// The <c>credential_process</c> document (Version 1): what the AWS CLI and SDKs read. Only
    /// temporary credentials carry <c>SessionToken</c> and <c>Expiration</c>.
    /// </summary>
    public static string ProcessJson(AwsCredentials credentials)
    {
        // Written by hand: this is the cached credential_process answer, and loading
        // System.Text.Json for six strings costs more than everything else it does.
        var builder = new StringBuilder(1024).Append("{\n  \"Version\": 1,\n");
        Field(builder, "AccessKeyId", credentials.AccessKeyId, last: false);
        Field(builder, "SecretAccessKey", credentials.SecretAccessKey, last: credentials.SessionToken is null && credentials.Expiration is null && credentials.AccountId is null);
        if (credentials.SessionToken is { } token)
        {
            Field(builder, "SessionToken", token, last: credentials.Expiration is null && credentials.AccountId is null);
        }

        if (credentials.Expiration is { } expiration)
        {
            Field(builder, "Expiration", Iso(expiration), last: credentials.AccountId is null);
        }

        if (credentials.AccountId is { } account)
        {
            Field(builder, "AccountId", account, last: true);
        }

        return builder.Append("}\n").ToString();
    }

    private static void Field(StringBuilder builder, string name, string value, bool last)
    {
        builder.Append("  \"").Append(name).Append("\": \"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append(last ? "\"\n" : "\",\n");
    }

    private static string Json(AwsCredentials credentials, string? region, string profile)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("Profile", profile);
            writer.WriteString("AccessKeyId", credentials.AccessKeyId);
            writer.WriteString("SecretAccessKey", credentials.SecretAccessKey);
            WriteNullable(writer, "SessionToken", credentials.SessionToken);
            WriteNullable(writer, "Expiration", credentials.Expiration is { } e ? Iso(e) : null);
            WriteNullable(writer, "AccountId", credentials.AccountId);
            WriteNullable(writer, "Region", region);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>ISO 8601 in UTC with a 'Z', as STS and the AWS CLI write it.</summary>
    public static string Iso(DateTimeOffset time) => UtcTimestamp.Format(time);

    private static string SingleQuotePosix(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string SingleQuoteFish(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string SingleQuotePowerShell(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string DoubleQuoteDotenv(string value)
        => value.AsSpan().IndexOfAny(Dotenv.Special) < 0 ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    // A holder class, so the search values are built only when dotenv output is asked for, not
    // on every credential_process answer.
    private static class Dotenv
    {
        public static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("\"\\$ #'\n`");
    }
}
