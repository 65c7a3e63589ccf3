using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame configure saml &lt;profile&gt;</c>: write a SAML profile the AWS CLI and every SDK can use.</summary>
internal static class ConfigureSamlCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile to create or update" };
        var url = new Option<string?>("--url") { Description = "The AD FS host, or your identity provider's sign-in URL for AWS" };
        var username = new Option<string?>("--username") { Description = "Your user name at the identity provider (DOMAIN\\user or user@domain)" };
        var roleArn = new Option<string?>("--role-arn") { Description = "The role to assume (without it: sign in and pick one)" };
        var principalArn = new Option<string?>("--principal-arn") { Description = "The IAM SAML provider, when the role comes with several" };
        var duration = new Option<string?>("--duration") { Description = "Session length: 3600, 90m, 8h (the role and the IdP may allow less)" };
        var region = new Option<string?>("--region") { Description = "The profile's region" };
        var provider = new Option<string?>("--provider") { Description = "adfs (sign in over HTTP, the default) or browser (any IdP, in Chromium/Chrome/Edge)" };
        provider.AcceptOnlyFromAmong("adfs", "browser");
        var fromAwsAdfs = new Option<string?>("--from-aws-adfs") { Description = "Convert the aws-adfs profile of this name (its adfs_config.* keys)" };
        var fromSaml2Aws = new Option<string?>("--from-saml2aws") { Description = "Convert this account of ~/.saml2aws (empty: the default one)", Arity = ArgumentArity.ZeroOrOne };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the IdP password from standard input when signing in to list the roles" };
        var mfaToken = new Option<string?>("--mfa-token") { Description = "A one-time code for the IdP's MFA adapter" };
        var command = new Command(
            "saml",
            """
            Write a profile that signs in with SAML (AD FS, or any identity provider in your browser), so that the
            AWS CLI and every SDK use it unchanged through 'credential_process = sesame credential-process NAME'
            (profiles with source_profile = NAME work too). Missing settings are asked for; without --role-arn,
            Sesame signs in and lists the roles the identity provider offers. Also converts aws-adfs profiles and
            saml2aws accounts (their temporary keys in the credentials file are removed).

            Examples:
              sesame configure saml corp
              sesame configure saml corp --url adfs.example.com --username 'EXAMPLE\alice' --role-arn arn:aws:iam::111122223333:role/Dev
              sesame configure saml corp --from-aws-adfs corp
            """);
        command.Arguments.Add(profile);
        foreach (var option in new Option[] { url, username, roleArn, principalArn, duration, region, provider, fromAwsAdfs, fromSaml2Aws, passwordStdin, mfaToken })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var ui = SsoCommand.Ui(context);
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var request = new SamlConfigureRequest(
                parseResult.GetValue(url),
                parseResult.GetValue(username),
                parseResult.GetValue(roleArn),
                parseResult.GetValue(principalArn),
                parseResult.GetValue(duration),
                parseResult.GetValue(region),
                parseResult.GetValue(provider),
                parseResult.GetValue(fromAwsAdfs),
                parseResult.GetResult(fromSaml2Aws) is null ? null : parseResult.GetValue(fromSaml2Aws) ?? string.Empty,
                parseResult.GetValue(passwordStdin) ? context.In : null,
                parseResult.GetValue(mfaToken),
                new UiSamlPresenter(ui));
            var done = await new SamlConfigurator(runtime, ui).RunAsync(parseResult.GetValue(profile)!, request, cancellationToken).ConfigureAwait(false);
            foreach (var warning in done.Warnings)
            {
                context.Error.WriteLine($"sesame: warning: {warning}");
            }

            var shown = PathDisplay.Shorten(done.ConfigPath, runtime.Locator.HomeDirectory);
            context.Out.WriteLine($"Profile '{done.Profile}' ({done.RoleArn ?? "the role is picked at sign-in"}) written to {shown}.");
            if (done.RemovedTemporaryKeys)
            {
                context.Out.WriteLine($"Its temporary keys were removed from {PathDisplay.Shorten(runtime.Locator.CredentialsFilePath, runtime.Locator.HomeDirectory)} (the AWS CLI would have used them first).");
            }

            context.Out.WriteLine($"Try it: sesame exec {done.Profile} -- aws sts get-caller-identity");
            return ExitCodes.Success;
        });
        return command;
    }
}
