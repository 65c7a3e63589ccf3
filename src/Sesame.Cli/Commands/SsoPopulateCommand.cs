using System.CommandLine;
using Sesame.Cli.Output;
using Sesame.Core.Config;
using Sesame.Core.Errors;
using Sesame.Core.Runtime;
using Sesame.Core.Sso.Populate;

namespace Sesame.Cli.Commands;

/// <summary><c>sesame sso populate --sso-session S [--name-template T] [--region R] [--prune] [--dry-run]</c>.</summary>
internal static class SsoPopulateCommand
{
    public static Command Create(CliContext context)
    {
        var session = new Option<string>("--sso-session") { Description = "The [sso-session NAME] whose accounts and roles to write", Required = true };
        var template = new Option<string>("--name-template") { Description = "Profile name template: {account_name} {account_id} {role_name} {email} {session}", DefaultValueFactory = _ => ProfileNameTemplate.Default };
        var region = new Option<string?>("--region") { Description = "Write region = R into every generated profile" };
        var prune = new Option<bool>("--prune") { Description = "Remove generated profiles whose account or role no longer exists" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the change as a unified diff and write nothing" };
        var command = new Command(
            "populate",
            """
            Write a profile (sso_session, sso_account_id, sso_role_name) for every account and role the signed-in
            user can reach, into the AWS config file, keeping every other line as it is. Generated profiles carry
            'sesame_generated = <session>', so a later run updates them and --prune removes only them. Lists with
            bounded concurrency and backs off when the portal throttles, so organisations of thousands of accounts
            complete. A run that changes nothing leaves the file untouched.

            Examples:
              sesame sso populate --sso-session corp --dry-run
              sesame sso populate --sso-session corp --name-template '{account_name}.{role_name}' --region eu-west-1 --prune
            """);
        command.Options.Add(session);
        command.Options.Add(template);
        command.Options.Add(region);
        command.Options.Add(prune);
        command.Options.Add(dryRun);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var nameTemplate = new ProfileNameTemplate(parseResult.GetValue(template)!);
            var runtime = context.Runtime(parseResult.GetValue(GlobalOptions.Debug));
            var ui = SsoCommand.Ui(context);
            var dry = parseResult.GetValue(dryRun);
            var throttled = 0;
            var outcome = await ui.ProgressAsync("Listing accounts and roles", report => new SsoPopulation(runtime).RunAsync(
                parseResult.GetValue(session)!,
                nameTemplate,
                parseResult.GetValue(region),
                parseResult.GetValue(prune),
                dry,
                new Progress(p =>
                {
                    throttled = p.Throttled;
                    report(p.AccountsComplete ? $"{p.AccountsDone}/{p.Accounts} accounts, {p.Roles} roles" : $"{p.Accounts} accounts", p.AccountsComplete && p.Accounts > 0 ? (double)p.AccountsDone / p.Accounts : 0);
                }),
                cancellationToken)).ConfigureAwait(false);

            var result = outcome.Plan;
            var shown = PathDisplay.Shorten(outcome.Path, runtime.Locator.HomeDirectory);
            var summary = $"{outcome.Directory.Sum(d => d.Roles.Count)} roles in {outcome.Directory.Count} accounts listed in {outcome.ListingTime.TotalSeconds:F0} s"
                + (throttled > 0 ? $" (the portal throttled {throttled} requests; each was retried after a pause)" : string.Empty);
            var counts = $"{result.Added} added, {result.Updated} updated, {result.Removed} removed, {result.Unchanged} unchanged"
                + (result.Renamed > 0 ? $" ({result.Renamed} renamed)" : string.Empty)
                + (result.Stale > 0 ? $", {result.Stale} no longer assigned (kept; --prune removes them)" : string.Empty);

            // Roles someone already wrote a profile for get no generated twin: say which, so nobody looks for one.
            var kept = result.KeptHandWritten.Count == 0 ? string.Empty
                : $" {result.KeptHandWritten.Count} role(s) already have a profile written by hand, left as is: {string.Join(", ", result.KeptHandWritten.Take(5))}{(result.KeptHandWritten.Count > 5 ? ", …" : string.Empty)}.";
            if (dry)
            {
                context.Out.Write(UnifiedDiff.Create(Text(result.Before), Text(result.After), "a/" + shown, "b/" + shown));
                context.Error.WriteLine($"sso populate --dry-run: {summary}; would write {shown}: {(result.HasChanges ? counts : "no changes")}. Nothing was written.{kept}");
            }
            else if (!outcome.Written)
            {
                context.Out.WriteLine($"sso populate: {summary}; no changes to {shown}.{kept}");
            }
            else
            {
                context.Out.WriteLine($"sso populate: {summary}; wrote {shown}: {counts}.{kept}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');

    // Reports synchronously on the reporting thread (Progress<T> would post to a thread-pool queue and lag).
    private sealed class Progress(Action<SsoListingProgress> report) : IProgress<SsoListingProgress>
    {
        private readonly object _gate = new();

        public void Report(SsoListingProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
