using System.Diagnostics;
using Sesame.Core.Credentials;
using Sesame.Core.Config;
using Sesame.Core.Config.Editing;
using Sesame.Core.Sso;
using Sesame.Core.Sso.Populate;

namespace Sesame.Core.Runtime;

/// <summary>
/// <c>sso populate</c>: list every account and role the signed-in user can reach (bounded concurrency,
/// backing off when the portal throttles), then plan and write a profile for each through the config
/// editor — the plan is made under the file's lock from the file as it is then, so concurrent edits
/// are never lost, and a run that changes nothing writes nothing.
/// </summary>
public sealed class SsoPopulation
{
    private readonly SesameRuntime _runtime;

    /// <summary>Creates the workflow over a runtime.</summary>
    public SsoPopulation(SesameRuntime runtime) => _runtime = runtime;

    /// <summary>Lists the session's accounts and roles and writes (or, with <paramref name="dryRun"/>, only plans) the profiles.</summary>
    /// <param name="sessionName">The <c>[sso-session]</c>.</param>
    /// <param name="template">How profiles are named.</param>
    /// <param name="region">A region to write into every generated profile, or <c>null</c>.</param>
    /// <param name="prune">Remove generated profiles no longer assigned.</param>
    /// <param name="dryRun">Write nothing.</param>
    /// <param name="progress">Listing progress, reported in order on the reporting thread.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public async Task<SsoPopulateOutcome> RunAsync(string sessionName, ProfileNameTemplate template, string? region, bool prune, bool dryRun, IProgress<SsoListingProgress>? progress, CancellationToken cancellationToken)
    {
        var session = SsoSession.Named(_runtime.Profiles, sessionName).Require();
        var token = await _runtime.Sso.TokenSource().GetTokenAsync(session, cancellationToken).ConfigureAwait(false);
        var reader = new SsoDirectoryReader(_runtime.Sso.ListingPortal(session), _runtime.Seams.Time);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<SsoAccountRoles> directory;
        try
        {
            directory = await reader.ListAsync(token.AccessToken, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.StatusCode == 401)
        {
            throw new SsoLoginRequiredException(session, $"was refused by the portal ({e.ErrorCode ?? "401"}: the token has expired or is otherwise invalid)");
        }

        var listed = clock.Elapsed;
        var options = new PopulateOptions(session.SessionName!, template, region, prune);
        var edit = await _runtime.ConfigEditor.ReplaceAsync(
            ConfigFileKind.Config,
            (path, before) =>
            {
                var file = before is null ? null : ConfigFile.Parse(path, ConfigFileKind.Config, before);
                var plan = ProfilePopulator.Plan(file, path, directory, options);
                return (plan.After, plan);
            },
            new ConfigEditOptions(DryRun: dryRun),
            cancellationToken).ConfigureAwait(false);
        return new SsoPopulateOutcome(directory, listed, edit.Result, edit.Path, edit.Written);
    }
}

/// <summary>What <c>sso populate</c> found and did.</summary>
/// <param name="Directory">Every account and its roles.</param>
/// <param name="ListingTime">How long the listing took.</param>
/// <param name="Plan">The planned change (before and after bytes, counts).</param>
/// <param name="Path">The config file.</param>
/// <param name="Written">True when the file was written.</param>
public sealed record SsoPopulateOutcome(IReadOnlyList<SsoAccountRoles> Directory, TimeSpan ListingTime, PopulateResult Plan, string Path, bool Written);
