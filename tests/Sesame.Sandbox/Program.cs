namespace Sesame.Sandbox;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await using var sandbox = await Sandbox.StartAsync(Organisation.Demo(), new SandboxOptions { Log = Console.Error.WriteLine });
        Console.WriteLine(sandbox.Sts.Endpoint);
        foreach (var user in sandbox.Users.Values)
        {
            Console.WriteLine($"{user.Name} {user.AccessKeyId} {user.SecretAccessKey} {user.MfaSerial}");
        }

        await Console.In.ReadToEndAsync();
        return args.Length;
    }
}
