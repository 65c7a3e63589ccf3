using System.Globalization;
using Sesame.Core.Aws;
using Sesame.Core.Config;
using Sesame.Core.Platform;
using Sesame.Core.Runtime;

namespace Sesame.Core.Doctor;

/// <summary>
/// The clock against STS: one unsigned <c>GET</c> to the STS endpoint the settings select (the selected
/// profile's region and endpoint settings, so <c>AWS_ENDPOINT_URL_STS</c> and <c>[services]</c> apply),
/// and its <c>Date</c> header against this computer's time at the middle of the round trip. AWS refuses
/// requests signed more than 5 minutes off (SigV4), and expiry times computed on a wrong clock make
/// cached credentials look fresh when they are not. No credentials are needed or sent; an unreachable
/// endpoint is a note, never a failure.
/// </summary>
internal static class ClockSkewCheck
{
    /// <summary>SigV4: a request whose time is more than 5 minutes from AWS's is refused (SignatureDoesNotMatch / "Signature expired").</summary>
    public static readonly TimeSpan RefusedAt = TimeSpan.FromMinutes(5);

    /// <summary>From here on expiry computations are noticeably off (the refresh window is minutes).</summary>
    public static readonly TimeSpan WarnAt = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(SesameRuntime runtime, ProfileSet? profiles, DoctorOptions options, List<DoctorFinding> findings, CancellationToken cancellationToken)
    {
        if (options.Offline)
        {
            findings.Add(new(DoctorSeverity.Info, "clock-skew", "the clock was not checked against STS (--offline)", null, null));
            return;
        }

        var environment = runtime.Seams.Environment;
        var set = profiles ?? ProfileSet.Empty;
        var settings = new AwsSettings(environment, set, set.GetProfile(runtime.Locator.SelectedProfile));
        var url = settings.QueryEndpointFor(AwsService.Sts).Url;
        var time = runtime.Seams.Time;
        var handler = runtime.Seams.Http?.Handler;
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        using var timeout = new CancellationTokenSource(options.NetworkTimeout ?? TimeSpan.FromSeconds(5), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        DateTimeOffset sent;
        DateTimeOffset received;
        DateTimeOffset? date;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            sent = time.GetUtcNow();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            received = time.GetUtcNow();
            date = response.Headers.Date;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            findings.Add(Skipped(url, "no answer within the time limit"));
            return;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException or System.Net.Sockets.SocketException or NotSupportedException)
        {
            findings.Add(Skipped(url, TerminalText.Sanitize(e.Message) ?? e.GetType().Name));
            return;
        }

        if (date is not { } server)
        {
            findings.Add(Skipped(url, "the answer had no Date header"));
            return;
        }

        // The Date header has whole seconds: allow that, and half the round trip either way.
        var local = sent + ((received - sent) / 2);
        var skew = server - local;
        var size = skew.Duration();
        var slack = TimeSpan.FromSeconds(1) + ((received - sent) / 2);
        var direction = skew > TimeSpan.Zero ? "behind" : "ahead of";
        var amount = Describe(size);
        if (size > RefusedAt + slack)
        {
            findings.Add(new(
                DoctorSeverity.Error,
                "clock-skew",
                $"this computer's clock is {amount} {direction} STS ({url.Host}): AWS refuses requests signed more than 5 minutes off, and cached credentials are judged fresh or expired by a wrong clock",
                null,
                "synchronise the clock (timedatectl set-ntp true, or your system's time settings)"));
        }
        else if (size > WarnAt + slack)
        {
            findings.Add(new(
                DoctorSeverity.Warning,
                "clock-skew",
                $"this computer's clock is {amount} {direction} STS ({url.Host}): credentials are refreshed too early or used after they expired; at 5 minutes AWS refuses every request",
                null,
                "synchronise the clock (timedatectl set-ntp true, or your system's time settings)"));
        }
        else
        {
            findings.Add(new(DoctorSeverity.Info, "clock-skew", $"the clock agrees with STS ({url.Host}) to within {Describe(TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(size.TotalSeconds))))}", null, null));
        }
    }

    private static DoctorFinding Skipped(Uri url, string why)
        => new(DoctorSeverity.Info, "clock-skew", $"the clock was not checked: STS at {url} could not be reached ({why})", null, null);

    private static string Describe(TimeSpan span)
        => span.TotalMinutes >= 2 ? $"{(int)Math.Round(span.TotalMinutes)} minutes" : ((int)Math.Round(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " s";
}
