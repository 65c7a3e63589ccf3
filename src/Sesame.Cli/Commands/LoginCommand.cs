using System.CommandLine;
using Sesame.Core.Errors;
using Sesame.Core.Platform;
using Sesame.Core.Runtime;
using Sesame.Core.Settings;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame login &lt;profile&gt; [--print] [--service S | --destination URL] [--region R] [--duration D] [--browser CMD]</c>.</summary>
internal static class LoginCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The profile to sign in to the AWS console with" };
        var print = new Option<bool>("--print") { Description = "Print the login URL instead of opening it (it signs in whoever opens it, once, within 15 minutes)" };
        var service = new Option<string?>("--service") { Description = "The console page to open: ec2, s3, cloudwatch, … (default: the console home)", HelpName = "S" };
        var destination = new Option<string?>("--destination") { Description = "A console URL to open instead of a service page", HelpName = "URL" };
        var region = new Option<string?>("--region") { Description = "The console region (default: the profile's)", HelpName = "R" };
        var duration = new Option<string?>("--duration")
        {
            Description = "How long the console session lasts: 15m to 12h for a role, 15m to 36h for IAM user keys (ignored, with a warning, where AWS does not allow choosing it)",
            HelpName = "D",
        };
        var browser = new Option<string?>("--browser") { Description = "The browser command to open the URL with (%s is replaced by the URL; default: BROWSER, then the platform's opener)", HelpName = "CMD" };
        var mfaToken = CommonOptions.MfaToken();
        var command = new Command(
            "login",
            """
            Sign in to the AWS console with a profile's credentials: the role's session (SSO, SAML and chained
            roles included) becomes a console sign-in token at the AWS federation endpoint; IAM user keys
            first become a federation session (GetFederationToken), so no long-term key is ever sent there.
            The URL opens in your browser, or is printed with --print. The federation endpoint follows
            AWS_ENDPOINT_URL_SIGNIN; the partition (aws, aws-cn, aws-us-gov) follows the region.

            Examples:
              sesame login prod
              sesame login prod --service ec2 --region eu-west-1
              sesame login prod --print
              sesame login prod --browser "firefox --private-window %s"
            """);
        command.Arguments.Add(profile);
        command.Options.Add(print);
        command.Options.Add(service);
        command.Options.Add(destination);
        command.Options.Add(region);
        command.Options.Add(duration);
        command.Options.Add(browser);
        command.Options.Add(mfaToken);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TimeSpan? length = null;
            if (parseResult.GetValue(duration) is { } text)
            {
                length = SettingParsers.TryParseDuration(text, out var parsed) && parsed > TimeSpan.Zero
                    ? parsed
                    : throw new SesameException($"--duration '{text}' is not a duration such as 1h or 90m", ExitCodes.ConfigError);
            }

            if (parseResult.GetValue(print) && parseResult.GetValue(browser) is not null)
            {
                throw new SesameException("--print and --browser do not go together: --print shows the URL instead of opening it", ExitCodes.ConfigError);
            }

            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug), parseResult.GetValue(mfaToken));
            var options = new ConsoleLoginOptions(parseResult.GetValue(service), parseResult.GetValue(destination), parseResult.GetValue(region), length);
            var login = await new ConsoleLogins(runtime).CreateAsync(parseResult.GetValue(profile)!, options, cancellationToken).ConfigureAwait(false);
            var url = login.Url.AbsoluteUri;
            if (parseResult.GetValue(print))
            {
                context.Out.WriteLine(url);
                return ExitCodes.Success;
            }

            var opener = parseResult.GetValue(browser) is { } chosen ? new SystemBrowser(context.Environment, chosen) : context.Browser ?? new SystemBrowser(context.Environment);
            if (opener.TryOpen(url))
            {
                context.Error.WriteLine($"sesame: opened the AWS console ({login.Destination}) in your browser");
                return ExitCodes.Success;
            }

            // The URL is a secret; it goes to standard output only because the person asked to sign in and nothing could open it.
            context.Error.WriteLine("sesame: could not open a browser; open this URL yourself within 15 minutes (it signs in whoever opens it):");
            context.Out.WriteLine(url);
            return ExitCodes.Success;
        });
        return command;
    }
}
