using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Mfa;
using Sesame.Core.Stores.Typed;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame mfa add|code|list|remove</c>: TOTP seeds per mfa_serial (what people use oathtool for).</summary>
internal static class MfaCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "mfa",
            """
            Keep TOTP seeds (the secret behind a virtual MFA device's QR code) in the secret store and print codes
            from them, so MFA prompts can be answered without a phone. The seed is never printed.

            Examples:
              sesame mfa add arn:aws:iam::123456789012:mfa/alice
              sesame mfa code prod
            """);
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(Code(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Remove(context));
        return command;
    }

    private static Command Add(CliContext context)
    {
        var serial = new Argument<string>("mfa_serial") { Description = "The MFA device's serial (arn:aws:iam::ACCOUNT:mfa/NAME) as in mfa_serial" };
        var stdin = new Option<bool>("--stdin") { Description = "Read the seed from standard input instead of the terminal" };
        var algorithm = new Option<string>("--algorithm") { Description = "SHA1, SHA256 or SHA512 for a base32 seed (an otpauth:// URI says its own)", DefaultValueFactory = _ => "SHA1" };
        var digits = new Option<int>("--digits") { Description = "Code length for a base32 seed", DefaultValueFactory = _ => 6 };
        var period = new Option<int>("--period") { Description = "Seconds per code for a base32 seed", DefaultValueFactory = _ => 30 };
        var command = new Command(
            "add",
            """
            Store the TOTP seed of an MFA device, given as base32 (the "secret key" AWS shows under the QR code) or as
            the otpauth:// URI a QR code holds. It is asked on the terminal without echo, or read from stdin.

            Examples:
              sesame mfa add arn:aws:iam::123456789012:mfa/alice
              zbarimg -q --raw qr.png | sesame mfa add arn:aws:iam::123456789012:mfa/alice --stdin
            """);
        command.Arguments.Add(serial);
        command.Options.Add(stdin);
        command.Options.Add(algorithm);
        command.Options.Add(digits);
        command.Options.Add(period);
        command.SetAction(parseResult =>
        {
            var device = parseResult.GetValue(serial)!;
            ValidateSerial(device);
            var text = parseResult.GetValue(stdin)
                ? context.In.ReadToEnd()
                : context.Terminal.IsAvailable
                    ? context.Terminal.ReadLine($"TOTP seed (base32 or otpauth:// URI) for {device}: ", secret: true)
                    : throw new InteractionRequiredException("no terminal to ask for the seed; pipe it in with --stdin");
            var seed = TotpSeed.Parse(text, ParseAlgorithm(parseResult.GetValue(algorithm)!), parseResult.GetValue(digits), parseResult.GetValue(period));
            var store = context.Runtime(parseResult.GetValue(GlobalOptions.Debug)).Stores.Open();
            new TotpSeedStore(store).Put(device, seed);
            context.Out.WriteLine($"Stored the TOTP seed of {device} ({seed.Algorithm.ToString().ToUpperInvariant()}, {seed.Digits} digits, {seed.Period}s) in the {store.Backend} store.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Code(CliContext context)
    {
        var target = new Argument<string>("profile_or_mfa_serial") { Description = "A profile with mfa_serial, or an MFA serial" };
        var command = new Command(
            "code",
            """
            Print the current TOTP code of a stored seed, for a profile's mfa_serial or for a serial given directly.

            Examples:
              sesame mfa code prod
              sesame mfa code arn:aws:iam::123456789012:mfa/alice
              mfa_process = sesame mfa code prod        (in ~/.aws/config)
            """);
        command.Arguments.Add(target);
        command.SetAction(parseResult =>
        {
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var device = SerialFor(runtime.Profiles, parseResult.GetValue(target)!);
            var seed = runtime.Stores.TotpSeeds().Get(device)
                ?? throw new SesameException($"no TOTP seed is stored for {device}; add it with 'sesame mfa add {device}'", ExitCodes.ConfigError);
            context.Out.WriteLine(seed.CreateGenerator().Compute(context.Time.GetUtcNow()));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array (mfa_serial, algorithm, digits, period, issuer)" };
        var command = new Command("list", "List the MFA devices with a stored seed (nothing is unlocked).\n\nExamples:\n  sesame mfa list");
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var seeds = context.Runtime(parseResult.GetValue(GlobalOptions.Debug)).Stores.TotpSeeds().List();
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Out, writer =>
                {
                    writer.WriteStartArray();
                    foreach (var seed in seeds)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("mfa_serial", seed.MfaSerial);
                        writer.WriteString("algorithm", seed.Algorithm.ToString().ToUpperInvariant());
                        writer.WriteNumber("digits", seed.Digits);
                        writer.WriteNumber("period", seed.Period);
                        writer.WriteNullable("issuer", seed.Issuer);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            var table = new TextTable("MFA SERIAL", "ALGORITHM", "DIGITS", "PERIOD", "ISSUER");
            foreach (var seed in seeds)
            {
                table.Add(seed.MfaSerial, seed.Algorithm.ToString().ToUpperInvariant(), seed.Digits.ToString(System.Globalization.CultureInfo.InvariantCulture), seed.Period + "s", seed.Issuer);
            }

            table.Write(context.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var target = new Argument<string>("profile_or_mfa_serial") { Description = "A profile with mfa_serial, or an MFA serial" };
        var command = new Command("remove", "Delete a stored TOTP seed.\n\nExamples:\n  sesame mfa remove arn:aws:iam::123456789012:mfa/alice");
        command.Arguments.Add(target);
        command.SetAction(parseResult =>
        {
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var device = SerialFor(runtime.Profiles, parseResult.GetValue(target)!);
            if (!runtime.Stores.TotpSeeds().Remove(device))
            {
                throw new SesameException($"no TOTP seed is stored for {device}", ExitCodes.ConfigError);
            }

            context.Out.WriteLine($"Removed the TOTP seed of {device}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string SerialFor(ProfileSet profiles, string target)
    {
        if (profiles.GetProfile(target) is { } profile)
        {
            return profile.GetString(Keys.MfaSerial)
                ?? throw new SesameException($"profile '{target}' has no mfa_serial; name the MFA serial instead", ExitCodes.ConfigError);
        }

        ValidateSerial(target);
        return target;
    }

    // STS's SerialNumber pattern: 9-256 characters of [\w+=/:,.@-].
    private static void ValidateSerial(string serial)
    {
        if (serial.Length is < 9 or > 256 || !serial.All(c => char.IsAsciiLetterOrDigit(c) || "_+=/:,.@-".Contains(c, StringComparison.Ordinal)))
        {
            throw new SesameException($"'{serial}' is neither a profile nor an MFA serial (such as arn:aws:iam::123456789012:mfa/alice)", ExitCodes.ConfigError);
        }
    }

    private static TotpAlgorithm ParseAlgorithm(string text) => text.ToUpperInvariant() switch
    {
        "SHA1" => TotpAlgorithm.Sha1,
        "SHA256" => TotpAlgorithm.Sha256,
        "SHA512" => TotpAlgorithm.Sha512,
        _ => throw new SesameException("--algorithm must be SHA1, SHA256 or SHA512", ExitCodes.ConfigError),
    };
}
