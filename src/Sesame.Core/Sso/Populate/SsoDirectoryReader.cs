using Sesame.Core.Aws;
using Sesame.Core.Credentials;

namespace Sesame.Core.Sso.Populate;

/// <summary>An account and the roles the user has in it.</summary>
/// <param name="Account">The account.</param>
/// <param name="Roles">Its role (permission set) names, sorted.</param>
public sealed record SsoAccountRoles(SsoAccountInfo Account, IReadOnlyList<string> Roles);

/// <summary>How far listing has come.</summary>
/// <param name="Accounts">Accounts found so far.</param>
/// <param name="AccountsDone">Accounts whose roles are listed.</param>
/// <param name="Roles">Roles found so far.</param>
/// <param name="Throttled">Requests the portal answered with 429 so far (each retried after a pause).</param>
/// <param name="AccountsComplete">True once every page of accounts is in.</param>
public sealed record SsoListingProgress(int Accounts, int AccountsDone, int Roles, int Throttled, bool AccountsComplete);

/// <summary>
/// Lists every account and role the access token reaches: ListAccounts page by page (100 a page),
/// then ListAccountRoles for each account with bounded concurrency. Throttling
/// (<c>TooManyRequestsException</c>, 429) and transient failures are retried with exponential
/// backoff and full jitter on the injected clock, so an organisation of thousands of accounts
/// completes at whatever rate the portal allows instead of failing half-way (aws-sso-util#74,
/// granted's populate at ~600 accounts).
/// </summary>
public sealed class SsoDirectoryReader
{
    /// <summary>Page size for both listings (the portal's maximum).</summary>
    public const int PageSize = 100;

    private readonly ISsoPortalClient _portal;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private int _throttled;

    /// <summary>Creates the reader.</summary>
    /// <param name="portal">The portal client (its own SDK retries should be off: this class paces the calls).</param>
    /// <param name="time">The clock for backoff pauses.</param>
    /// <param name="random">Jitter source (seeded in tests).</param>
    public SsoDirectoryReader(ISsoPortalClient portal, TimeProvider time, Random? random = null)
    {
        _portal = portal;
        _time = time;
        _random = random ?? Random.Shared;
    }

    /// <summary>How many calls may be in flight at once (default 6).</summary>
    public int Concurrency { get; init; } = 6;

    /// <summary>Attempts per call before giving up (default 20 for throttling: a large organisation at a low request rate throttles often, and giving up loses the whole listing; 3 for other transient failures).</summary>
    public int MaxAttempts { get; init; } = 20;

    /// <summary>The first backoff ceiling (default 200 ms); it doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest pause between attempts (default 10 s).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Lists every account with its roles, accounts sorted by id.</summary>
    public async Task<IReadOnlyList<SsoAccountRoles>> ListAsync(string accessToken, IProgress<SsoListingProgress>? progress, CancellationToken cancellationToken)
    {
        var accounts = new List<SsoAccountInfo>();
        string? next = null;
        do
        {
            var token = next;
            var page = await WithRetryAsync(ct => _portal.ListAccountsAsync(accessToken, token, PageSize, ct), cancellationToken).ConfigureAwait(false);
            accounts.AddRange(page.Items);
            next = page.NextToken;
            progress?.Report(new SsoListingProgress(accounts.Count, 0, 0, _throttled, next is null));
        }
        while (next is not null);

        accounts = [.. accounts.DistinctBy(a => a.AccountId).OrderBy(a => a.AccountId, StringComparer.Ordinal)];
        var results = new SsoAccountRoles[accounts.Count];
        int done = 0, roles = 0;
        var gate = new object();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, accounts.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var account = accounts[index];
                var names = await ListRolesAsync(accessToken, account.AccountId, ct).ConfigureAwait(false);
                results[index] = new SsoAccountRoles(account, names);

                // Count and report under one lock so reports arrive in order: the last report a
                // caller sees is the final tally, and a progress bar never steps backwards.
                lock (gate)
                {
                    done++;
                    roles += names.Count;
                    progress?.Report(new SsoListingProgress(accounts.Count, done, roles, Volatile.Read(ref _throttled), true));
                }
            }).ConfigureAwait(false);
        return results;
    }

    private async Task<IReadOnlyList<string>> ListRolesAsync(string accessToken, string accountId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? next = null;
        do
        {
            var token = next;
            var page = await WithRetryAsync(ct => _portal.ListAccountRolesAsync(accessToken, accountId, token, PageSize, ct), cancellationToken).ConfigureAwait(false);
            names.AddRange(page.Items.Select(r => r.RoleName));
            next = page.NextToken;
        }
        while (next is not null);

        return [.. names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private async Task<T> WithRetryAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (IsRetryable(e) && attempt < (IsThrottle(e) ? MaxAttempts : 3))
            {
                if (IsThrottle(e))
                {
                    Interlocked.Increment(ref _throttled);
                }

                // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a random pause
                // up to a ceiling that doubles per attempt, so retrying callers spread out.
                var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, BaseBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
                double jitter;
                lock (_random)
                {
                    jitter = _random.NextDouble();
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(10, ceiling * jitter)), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsThrottle(AwsServiceException e) => e.StatusCode == 429 || e.ErrorCode is "TooManyRequestsException" or "ThrottlingException";

    private static bool IsRetryable(AwsServiceException e) => IsThrottle(e) || e.StatusCode >= 500 || e.StatusCode == 0;
}
