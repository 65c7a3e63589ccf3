using System.Globalization;
using Sesame.Sandbox.Sts;
using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Moto;

/// <summary>
/// Builds an <see cref="Organisation"/> in moto through IAM's own API while authentication is still off
/// (moto's default), then switches authentication on (POST /moto-api/reset-auth, body 0).
/// </summary>
internal static class MotoSeeder
{
    public const string BrokerName = "sesame-sandbox-broker";

    public static async Task SeedAsync(Directory directory, CancellationToken cancellationToken)
    {
        var moto = directory.Moto;
        var org = directory.Organisation;

        // The broker lives alone in its account, so every AssumeRole it makes is cross-account: moto then
        // checks the broker's identity policy, and the front (not moto) judges federated and service trust.
        await IamAsync(moto, Organisation.BrokerAccountId, "CreateUser", [new("UserName", BrokerName)], cancellationToken);
        await IamAsync(moto, Organisation.BrokerAccountId, "PutUserPolicy", [new("UserName", BrokerName), new("PolicyName", "assume-any-role"),
            new("PolicyDocument", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""")], cancellationToken);
        var brokerKey = await IamAsync(moto, Organisation.BrokerAccountId, "CreateAccessKey", [new("UserName", BrokerName)], cancellationToken);
        directory.Broker = new SigningCredentials(brokerKey.Find("AccessKeyId")!, brokerKey.Find("SecretAccessKey")!, null);
        directory.Credentials.Add(new IssuedCredential(directory.Broker.AccessKeyId, directory.Broker.SecretAccessKey, null, CredentialKind.Broker,
            $"arn:aws:iam::{Organisation.BrokerAccountId}:user/{BrokerName}", Organisation.BrokerAccountId, null) { UserName = BrokerName });

        foreach (var user in org.Users)
        {
            await IamAsync(moto, user.AccountId, "CreateUser", [new("UserName", user.Name)], cancellationToken);
            await IamAsync(moto, user.AccountId, "PutUserPolicy", [new("UserName", user.Name), new("PolicyName", "sandbox"),
                new("PolicyDocument", user.Policy ?? TrustDocuments.AllowAll)], cancellationToken);
            var key = await IamAsync(moto, user.AccountId, "CreateAccessKey", [new("UserName", user.Name)], cancellationToken);
            string? serial = null;
            if (user.HasMfa)
            {
                var device = await IamAsync(moto, user.AccountId, "CreateVirtualMFADevice", [new("VirtualMFADeviceName", user.Name)], cancellationToken);
                serial = device.Find("SerialNumber")!;
                var secret = user.MfaSeed is null ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(20) : Base32.Decode(user.MfaSeed);
                directory.Mfa.Add(serial, user.Arn, secret);
                var now = directory.Clock.GetUtcNow();
                await IamAsync(moto, user.AccountId, "EnableMFADevice", [new("UserName", user.Name), new("SerialNumber", serial),
                    new("AuthenticationCode1", Totp.CodeAt(secret, now - Totp.Step)), new("AuthenticationCode2", Totp.CodeAt(secret, now))], cancellationToken);
            }

            var sandboxUser = new SandboxUser(user.Name, user.AccountId, key.Find("AccessKeyId")!, key.Find("SecretAccessKey")!, serial);
            directory.Users[user.Name] = sandboxUser;
            directory.Credentials.Add(new IssuedCredential(sandboxUser.AccessKeyId, sandboxUser.SecretAccessKey, null, CredentialKind.User, user.Arn, user.AccountId, null)
            {
                UserName = user.Name,
            });
        }

        foreach (var role in org.Roles)
        {
            await CreateRoleAsync(moto, role, directory.OidcProviderHost, alreadyInside: false, cancellationToken);
            directory.MarkCreated(role);
        }

        await moto.ResetAuthAsync("0", cancellationToken);
    }

    public static async Task CreateRoleAsync(MotoClient moto, Role role, string oidcProviderHost, bool alreadyInside, CancellationToken cancellationToken)
    {
        await IamAsync(moto, role.AccountId, "CreateRole", [new("RoleName", role.Name), new("Path", role.Path),
            new("AssumeRolePolicyDocument", TrustDocuments.ForMoto(role, oidcProviderHost)),
            new("MaxSessionDuration", ((int)role.MaxSessionDuration.TotalSeconds).ToString(CultureInfo.InvariantCulture))], cancellationToken, alreadyInside);
        await IamAsync(moto, role.AccountId, "PutRolePolicy", [new("RoleName", role.Name), new("PolicyName", "sandbox"),
            new("PolicyDocument", role.Policy ?? TrustDocuments.AllowAll)], cancellationToken, alreadyInside);
    }

    private static async Task<MotoResponse> IamAsync(MotoClient moto, string accountId, string action, KeyValuePair<string, string>[] parameters,
        CancellationToken cancellationToken, bool alreadyInside = false)
    {
        var response = await moto.QueryAsync("iam", action, parameters, credentials: null, accountId, cancellationToken, alreadyInside);
        if (!response.Ok)
        {
            throw new InvalidOperationException($"moto refused IAM {action} in account {accountId}: HTTP {response.Status} {response.ErrorCode}");
        }

        return response;
    }
}
