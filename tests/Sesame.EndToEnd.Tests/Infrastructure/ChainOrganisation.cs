using Sesame.Sandbox.Clients;
using Sesame.Sandbox;

namespace Sesame.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The organisation most engine scenarios use: alice (MFA) and bob (no MFA) in dev; an MFA-protected
/// role in dev, a chain dev → prod → ops, and ten MFA-protected roles in prod.
/// </summary>
public static class ChainOrganisation
{
    public const string Dev = "111111111111";
    public const string Prod = "222222222222";
    public const string Ops = "333333333333";
    /// <summary>MFA users, one per test that needs a device of its own (a TOTP code is accepted once).</summary>
    public const int MfaUsers = 16;

    public static Organisation Create() => new()
    {
        Accounts = [new Account(Dev, "dev"), new Account(Prod, "prod"), new Account(Ops, "ops")],
        Users = [.. Enumerable.Range(0, MfaUsers).Select(i => new IamUser($"user{i}", Dev) { HasMfa = true }), new IamUser("bob", Dev)],
        Roles =
        [
            new Role("One", Dev, Trust.Accounts(Dev).WithMfa()),
            new Role("Two", Prod, Trust.Principal($"arn:aws:iam::{Dev}:role/One")),
            new Role("Three", Ops, Trust.Principal($"arn:aws:iam::{Prod}:role/Two")),
            new Role("Plain", Prod, Trust.Accounts(Dev)),
            new Role("Four", Ops, Trust.Principal($"arn:aws:iam::{Ops}:role/Three")),
            new Role("Five", Ops, Trust.Principal($"arn:aws:iam::{Ops}:role/Four")),
            .. Enumerable.Range(0, 10).Select(i => new Role($"Team{i}", Prod, Trust.Accounts(Dev).WithMfa())),

            // A chain without MFA, for side-by-side runs with botocore (which would prompt for MFA).
            new Role("Hop1", Dev, Trust.Accounts(Dev)),
            new Role("Hop2", Prod, Trust.Principal($"arn:aws:iam::{Dev}:role/Hop1")),
            new Role("Hop3", Ops, Trust.Principal($"arn:aws:iam::{Prod}:role/Hop2")),
            new Role("Hop4", Ops, Trust.Principal($"arn:aws:iam::{Ops}:role/Hop3")),
            new Role("Hop5", Ops, Trust.Principal($"arn:aws:iam::{Ops}:role/Hop4")),
        ],
    };

    /// <summary>
    /// Config text: profile <c>alice</c> with the keys of MFA user <paramref name="mfaUser"/>, <c>bob</c>,
    /// the chain one → two → three, plain, and team0..9. Returns alice's MFA serial.
    /// </summary>
    public static string WriteProfiles(ClientHome home, global::Sesame.Sandbox.Sandbox sandbox, string mfaUser, string extraConfig = "")
    {
        var alice = sandbox.User(mfaUser);
        var aliceMfa = alice.MfaSerial!;
        var bob = sandbox.User("bob");
        home.WriteCredentials($"""
            [alice]
            aws_access_key_id = {alice.AccessKeyId}
            aws_secret_access_key = {alice.SecretAccessKey}

            [bob]
            aws_access_key_id = {bob.AccessKeyId}
            aws_secret_access_key = {bob.SecretAccessKey}

            """);
        var teams = string.Concat(Enumerable.Range(0, 10).Select(i => $"""

            [profile team{i}]
            role_arn = arn:aws:iam::{Prod}:role/Team{i}
            source_profile = alice
            mfa_serial = {aliceMfa}

            """));
        home.WriteConfig($"""
            [profile alice]
            region = {sandbox.Region}

            [profile one]
            role_arn = arn:aws:iam::{Dev}:role/One
            source_profile = alice
            mfa_serial = {aliceMfa}

            [profile two]
            role_arn = arn:aws:iam::{Prod}:role/Two
            source_profile = one

            [profile three]
            role_arn = arn:aws:iam::{Ops}:role/Three
            source_profile = two
            role_session_name = e2e

            [profile plain]
            role_arn = arn:aws:iam::{Prod}:role/Plain
            source_profile = bob
            role_session_name = plain-e2e
            {teams}
            {extraConfig}
            """);
        return aliceMfa;
    }
}
