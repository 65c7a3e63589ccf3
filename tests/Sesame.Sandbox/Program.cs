using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Sesame.Sandbox.Clients;

namespace Sesame.Sandbox;

/// <summary>
/// The runnable sandbox: starts the demo organisation, writes a home with profiles, prints what a client
/// needs (JSON or shell), and runs until stdin closes or it is signalled. Used by scripts/try.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Sesame.Sandbox [--format json|shell] [--home DIR] [--sso-accounts N] [--throttle RPS]
                              [--auto-approve USER] [--container] [--sts-latency MS] [--verbose]

        Starts moto and the sandbox endpoints with the demo organisation (docs/sandbox.md), writes
        DIR/.aws/config and DIR/.aws/credentials (a temporary folder by default), prints the environment
        to use them, and keeps running until standard input closes or it gets SIGTERM/SIGINT.
          --format shell        print `export NAME='value'` lines (default: one JSON object)
          --sso-accounts N      replace the Identity Center accounts by N generated ones (5 permission sets each)
          --throttle RPS        throttle the SSO portal to RPS requests/s per operation
          --auto-approve USER   approve every SSO login as USER without a browser
          --container           include the container-credentials variables
          --sts-latency MS      add MS milliseconds to every STS call (for timing what a client adds)
        """;

    public static async Task<int> Main(string[] args)
    {
        string format = "json", home = string.Empty, autoApprove = string.Empty;
        int ssoAccounts = 0;
        double throttle = 0;
        var stsLatency = 0;
        bool container = false, verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--format": format = Next(); break;
                case "--home": home = Next(); break;
                case "--sso-accounts": ssoAccounts = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--throttle": throttle = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--auto-approve": autoApprove = Next(); break;
                case "--container": container = true; break;
                case "--sts-latency": stsLatency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--verbose": verbose = true; break;
                default:
                    Console.Error.WriteLine(Usage);
                    return args[i] is "-h" or "--help" ? 0 : 2;
            }
        }

        var organisation = Organisation.Demo();
        if (ssoAccounts > 0)
        {
            organisation = new Organisation
            {
                Accounts = organisation.Accounts,
                Users = organisation.Users,
                Roles = organisation.Roles,
                InstanceRole = organisation.InstanceRole,
                IdentityCenter = IdentityCenter.Generated(ssoAccounts, "ReadOnly", "PowerUser", "Admin", "Billing", "Audit"),
            };
        }

        Sandbox sandbox;
        try
        {
            sandbox = await Sandbox.StartAsync(organisation, new SandboxOptions { Log = verbose ? Console.Error.WriteLine : null });
        }
        catch (SandboxUnavailableException e)
        {
            Console.Error.WriteLine("sandbox: " + e.Message);
            return 3;
        }

        await using (sandbox)
        {
            if (stsLatency > 0)
            {
                sandbox.Sts.Faults.Add(Hosting.Fault.Latency(TimeSpan.FromMilliseconds(stsLatency)), times: int.MaxValue);
            }

            if (throttle > 0)
            {
                sandbox.Sso.Throttle(throttle);
            }

            if (autoApprove.Length > 0)
            {
                sandbox.Sso.AutoApprove = autoApprove;
            }

            var homePath = home.Length > 0 ? Path.GetFullPath(home) : Directory.CreateTempSubdirectory("sesame-try-").FullName;
            Directory.CreateDirectory(Path.Combine(homePath, ".aws"));
            var rendered = SandboxProfiles.Render(sandbox, homePath);
            var configFile = Path.Combine(homePath, ".aws", "config");
            var credentialsFile = Path.Combine(homePath, ".aws", "credentials");
            await File.WriteAllTextAsync(configFile, rendered.Config);
            await File.WriteAllTextAsync(credentialsFile, rendered.Credentials);
            foreach (var (path, content) in rendered.Files)
            {
                await File.WriteAllTextAsync(path, content);
            }

            var env = new SortedDictionary<string, string>(sandbox.ClientEnvironment(container).ToDictionary(), StringComparer.Ordinal)
            {
                ["AWS_CONFIG_FILE"] = configFile,
                ["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile,
                ["SESAME_SANDBOX_CONTROL"] = sandbox.Sso.Endpoint.ToString().TrimEnd('/') + "/sandbox",
                ["SESAME_SANDBOX_HOME"] = homePath,
            };
            Print(format, env, rendered, sandbox);

            using var stop = new CancellationTokenSource();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            var stdinClosed = Task.Run(async () =>
            {
                var buffer = new char[256];
                while (await Console.In.ReadAsync(buffer, stop.Token) > 0)
                {
                }
            }, CancellationToken.None);
            try
            {
                await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    private static void Print(string format, SortedDictionary<string, string> env, SandboxProfiles.Rendered rendered, Sandbox sandbox)
    {
        if (format == "shell")
        {
            foreach (var (name, value) in env)
            {
                Console.WriteLine($"export {name}='{value.Replace("'", "'\\''", StringComparison.Ordinal)}'");
            }

            foreach (var (name, description) in rendered.Profiles)
            {
                Console.WriteLine($"# profile {name}: {description}");
            }

            foreach (var serial in sandbox.Mfa.Serials)
            {
                Console.WriteLine($"# MFA device {serial}: codes from $SESAME_SANDBOX_CONTROL/mfa/code?serial={serial}");
            }

            // Made-up secrets of a throw-away sandbox, printed so `sesame mfa add` and SAML sign-in can be tried.
            foreach (var serial in sandbox.Mfa.Serials)
            {
                Console.WriteLine($"# mfa-seed {serial} {sandbox.Mfa.Seed(serial)}");
            }

            foreach (var user in sandbox.Organisation.SamlUsers)
            {
                Console.WriteLine($"# saml-user {sandbox.Saml.SignOnUrl} {user.Name} {user.Password}");
            }

            Console.WriteLine("# ready");
        }
        else
        {
            var json = new JsonObject
            {
                ["environment"] = new JsonObject(env.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value)))),
                ["profiles"] = new JsonObject(rendered.Profiles.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)JsonValue.Create(p.Description)))),
                ["mfaDevices"] = new JsonArray(sandbox.Mfa.Serials.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                ["motoVersion"] = sandbox.MotoVersion,
            };
            Console.WriteLine(json.ToJsonString());
        }

        Console.Out.Flush();
    }
}
