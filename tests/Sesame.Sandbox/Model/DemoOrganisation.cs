namespace Sesame.Sandbox;

/// <summary>
/// The organisation <c>scripts/try</c> starts: set-ups people really have, in two accounts.
/// </summary>
public static class DemoOrganisation
{
    /// <summary>Where the people are (users, the first role of the chain).</summary>
    public const string DevAccount = "111111111111";

    /// <summary>Where the workloads are.</summary>
    public const string ProdAccount = "222222222222";

    /// <summary>The external id the Auditor role requires.</summary>
    public const string AuditorExternalId = "sesame-demo";

    /// <summary>Builds a fresh instance (callers may change it before starting a sandbox).</summary>
    public static Organisation Create()
    {
        var alice = new IamUser("alice", DevAccount) { HasMfa = true };
        var bob = new IamUser("bob", DevAccount);
        var chainOne = new Role("ChainOne", DevAccount, Trust.Principal(alice.Arn, bob.Arn));
        var chainTwo = new Role("ChainTwo", ProdAccount, Trust.Principal(chainOne.Arn));
        var chainThree = new Role("ChainThree", ProdAccount, Trust.Principal(chainTwo.Arn));
        var instance = new Role("InstanceRole", DevAccount, Trust.Service("ec2.amazonaws.com")) { MaxSessionDuration = TimeSpan.FromHours(6) };
        return new Organisation
        {
            Accounts = [new Account(DevAccount, "dev"), new Account(ProdAccount, "prod")],
            Users = [alice, bob],
            Roles =
            [
                new Role("Developer", DevAccount, Trust.Accounts(DevAccount)),
                new Role("Deploy", ProdAccount, Trust.Accounts(DevAccount).WithMfa()) { MaxSessionDuration = TimeSpan.FromHours(4) },
                new Role("Auditor", ProdAccount, Trust.Principal(alice.Arn).WithExternalId(AuditorExternalId)),
                chainOne,
                chainTwo,
                chainThree,
                new Role("WebIdentityDeploy", ProdAccount, Trust.WebIdentity()),
                new Role("SamlAdmin", ProdAccount, Trust.Saml()) { MaxSessionDuration = TimeSpan.FromHours(8) },
                instance,
            ],
            InstanceRole = instance.Arn,
            IdentityCenter = new IdentityCenter
            {
                Accounts =
                [
                    new SsoAccount(DevAccount, "dev", ["ReadOnly", "Admin"]),
                    new SsoAccount(ProdAccount, "prod", ["ReadOnly", "Admin"]),
                ],
                Users = [new SsoUser("alice")],
            },
        };
    }
}
