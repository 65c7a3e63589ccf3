using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Sesame.Core.Saml.Browser;

/// <summary>
/// Browser sign-in at any IdP: starts the user's Chromium, Chrome or Edge with a throw-away profile and the
/// DevTools protocol on a loopback port, puts the remembered IdP cookies in, opens the sign-in page, and lets the
/// person sign in however the IdP asks (passwords, any MFA, passkeys). The form post to AWS's SAML endpoint is
/// intercepted with <c>Fetch.enable</c> at the request stage and answered locally (<c>Fetch.fulfillRequest</c>),
/// so the assertion never leaves the machine; Sesame reads the SAMLResponse from the post body, takes the
/// browser's cookies for the next time, closes the browser and deletes the profile.
/// </summary>
public sealed class ChromiumSamlSource : IBrowserSamlSource
{
    private const string DonePage = "<!DOCTYPE html><html><head><title>Signed in</title></head><body><p>Signed in. Sesame has what it needs; you can close this window.</p></body></html>";

    private readonly ChromiumOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the source.</summary>
    public ChromiumSamlSource(ChromiumOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<BrowserSignInResult> SignInAsync(BrowserSignInRequest request, CancellationToken cancellationToken)
    {
        var profile = CreateProfile();
        Process? process = null;
        try
        {
            process = Start(profile.FullName, request.BrowserPath ?? _options.ExecutablePath);
            var endpoint = await WaitForDevToolsAsync(profile.FullName, process, cancellationToken).ConfigureAwait(false);
            await using var cdp = new CdpConnection();
            await cdp.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return await DriveAsync(cdp, process, request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Stop(process);
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A browser helper still holding a file; the temporary folder is cleaned by the system.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task<BrowserSignInResult> DriveAsync(CdpConnection cdp, Process process, BrowserSignInRequest request, CancellationToken cancellationToken)
    {
        var captured = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.OnEvent = async (method, parameters, sessionId) =>
        {
            if (method == "Fetch.requestPaused" && sessionId is not null)
            {
                await OnRequestPausedAsync(cdp, parameters, sessionId, captured, cancellationToken).ConfigureAwait(false);
            }
            else if (method == "Page.loadEventFired")
            {
                loaded.TrySetResult();
            }
        };

        if (request.Cookies.Count > 0)
        {
            await cdp.SendAsync("Storage.setCookies", w => WriteCookies(w, request.Cookies), null, cancellationToken).ConfigureAwait(false);
        }

        var target = await cdp.SendAsync("Target.createTarget", w => w.WriteString("url", "about:blank"), null, cancellationToken).ConfigureAwait(false);
        var targetId = target.GetProperty("targetId").GetString();
        var attached = await cdp.SendAsync("Target.attachToTarget", w =>
        {
            w.WriteString("targetId", targetId);
            w.WriteBoolean("flatten", true);
        }, null, cancellationToken).ConfigureAwait(false);
        var session = attached.GetProperty("sessionId").GetString()!;
        await cdp.SendAsync("Fetch.enable", w =>
        {
            w.WriteStartArray("patterns");
            foreach (var pattern in ChromiumOptions.AwsAcsPatterns.Concat(_options.ExtraAcsPatterns))
            {
                w.WriteStartObject();
                w.WriteString("urlPattern", pattern);
                w.WriteString("requestStage", "Request");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }, session, cancellationToken).ConfigureAwait(false);
        if (_options.Automation is not null)
        {
            // Automation scripts run in the sign-in page, not in the about:blank it replaces.
            await cdp.SendAsync("Page.enable", null, session, cancellationToken).ConfigureAwait(false);
        }

        await cdp.SendAsync("Page.navigate", w => w.WriteString("url", request.SignInUrl.AbsoluteUri), session, cancellationToken).ConfigureAwait(false);
        if (_options.Automation is { } automation)
        {
            await Task.WhenAny(loaded.Task, captured.Task, Task.Delay(_options.StartTimeout, _time, cancellationToken)).ConfigureAwait(false);
            if (!captured.Task.IsCompleted)
            {
                await automation((script, ct) => EvaluateAsync(cdp, session, script, ct), cancellationToken).ConfigureAwait(false);
            }
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var exited = process.WaitForExitAsync(linked.Token);
        var finished = await Task.WhenAny(captured.Task, exited, cdp.Closed, Task.Delay(Timeout.InfiniteTimeSpan, linked.Token)).ConfigureAwait(false);
        if (finished != captured.Task)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw timeout.IsCancellationRequested
                ? new SamlSignInException(SamlFailure.Browser, $"the sign-in in the browser did not finish within {_options.Timeout.TotalMinutes:F0} minutes", exitCode: Errors.ExitCodes.Timeout)
                : new SamlSignInException(SamlFailure.Browser, "the browser was closed before the sign-in reached AWS");
        }

        var saml = await captured.Task.ConfigureAwait(false);
        var cookies = await ReadCookiesAsync(cdp, cancellationToken).ConfigureAwait(false);
        return new BrowserSignInResult(saml, cookies);
    }

    private static async Task OnRequestPausedAsync(CdpConnection cdp, JsonElement parameters, string session, TaskCompletionSource<string> captured, CancellationToken cancellationToken)
    {
        var requestId = parameters.GetProperty("requestId").GetString();
        var request = parameters.GetProperty("request");
        var saml = request.GetProperty("method").GetString() == "POST" ? SamlResponseOf(request) : null;
        if (saml is null)
        {
            await cdp.SendAsync("Fetch.continueRequest", w => w.WriteString("requestId", requestId), session, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Answered here: the post (and the assertion in it) never goes to the network.
        await cdp.SendAsync("Fetch.fulfillRequest", w =>
        {
            w.WriteString("requestId", requestId);
            w.WriteNumber("responseCode", 200);
            w.WriteStartArray("responseHeaders");
            w.WriteStartObject();
            w.WriteString("name", "Content-Type");
            w.WriteString("value", "text/html; charset=utf-8");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteBase64String("body", Encoding.UTF8.GetBytes(DonePage));
        }, session, cancellationToken).ConfigureAwait(false);
        captured.TrySetResult(saml);
    }

    /// <summary>The SAMLResponse field of a form-encoded post body (from <c>postData</c> or <c>postDataEntries</c>).</summary>
    internal static string? SamlResponseOf(JsonElement request)
    {
        string? body = null;
        if (request.TryGetProperty("postData", out var postData))
        {
            body = postData.GetString();
        }
        else if (request.TryGetProperty("postDataEntries", out var entries))
        {
            var builder = new StringBuilder();
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.TryGetProperty("bytes", out var bytes))
                {
                    builder.Append(Encoding.UTF8.GetString(bytes.GetBytesFromBase64()));
                }
            }

            body = builder.ToString();
        }

        return body is null ? null : FormField(body, "SAMLResponse");
    }

    internal static string? FormField(string body, string name)
    {
        foreach (var pair in body.Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            if (Uri.UnescapeDataString(key.Replace('+', ' ')) == name)
            {
                return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }

    private static async Task<string?> EvaluateAsync(CdpConnection cdp, string session, string script, CancellationToken cancellationToken)
    {
        var result = await cdp.SendAsync("Runtime.evaluate", w =>
        {
            w.WriteString("expression", script);
            w.WriteBoolean("returnByValue", true);
            w.WriteBoolean("awaitPromise", true);
        }, session, cancellationToken).ConfigureAwait(false);
        return result.TryGetProperty("result", out var value) && value.TryGetProperty("value", out var v) ? v.ToString() : null;
    }

    private static async Task<IReadOnlyList<IdpCookie>> ReadCookiesAsync(CdpConnection cdp, CancellationToken cancellationToken)
    {
        var result = await cdp.SendAsync("Storage.getCookies", null, null, cancellationToken).ConfigureAwait(false);
        var cookies = new List<IdpCookie>();
        foreach (var c in result.GetProperty("cookies").EnumerateArray())
        {
            var session = c.TryGetProperty("session", out var s) && s.GetBoolean();
            var expires = !session && c.TryGetProperty("expires", out var e) && e.GetDouble() > 0 ? DateTimeOffset.FromUnixTimeSeconds((long)e.GetDouble()) : (DateTimeOffset?)null;
            cookies.Add(new IdpCookie(c.GetProperty("name").GetString()!, c.GetProperty("value").GetString() ?? string.Empty,
                c.GetProperty("domain").GetString() ?? string.Empty, c.GetProperty("path").GetString() ?? "/", expires,
                c.TryGetProperty("secure", out var sec) && sec.GetBoolean(), c.TryGetProperty("httpOnly", out var h) && h.GetBoolean()));
        }

        return cookies;
    }

    private static void WriteCookies(System.Text.Json.Utf8JsonWriter w, IReadOnlyList<IdpCookie> cookies)
    {
        w.WriteStartArray("cookies");
        foreach (var cookie in cookies)
        {
            w.WriteStartObject();
            w.WriteString("name", cookie.Name);
            w.WriteString("value", cookie.Value);
            w.WriteString("domain", cookie.Domain);
            w.WriteString("path", cookie.Path);
            w.WriteBoolean("secure", cookie.Secure);
            w.WriteBoolean("httpOnly", cookie.HttpOnly);
            if (cookie.Expires is { } at)
            {
                w.WriteNumber("expires", at.ToUnixTimeSeconds());
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>A fresh, owner-only folder for the browser profile (it will hold the IdP's cookies for a moment).</summary>
    private DirectoryInfo CreateProfile()
    {
        if (_options.ProfileRoot is null)
        {
            return Directory.CreateTempSubdirectory("sesame-browser-");
        }

        var path = Path.Combine(_options.ProfileRoot, "sesame-browser-" + Guid.NewGuid().ToString("N")[..12]);
        return OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Process Start(string profile, string executable)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var arguments = new List<string>
        {
            // Port 0: the browser picks a free loopback port and writes it to DevToolsActivePort in the profile.
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            "--user-data-dir=" + profile,
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
        };
        if (_options.Headless)
        {
            arguments.Add("--headless");
            arguments.Add("--disable-gpu");
        }

        arguments.AddRange(_options.ExtraArguments);
        arguments.Add("about:blank");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(info) ?? throw new SamlSignInException(SamlFailure.Browser, $"could not start the browser {Path.GetFileName(executable)}");
            // The browser's own chatter is not Sesame's output; drain it so the pipes never fill.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SamlSignInException(SamlFailure.Browser, $"could not start the browser {Path.GetFileName(executable)}: {e.Message}", e);
        }
    }

    private async Task<Uri> WaitForDevToolsAsync(string profile, Process process, CancellationToken cancellationToken)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var deadline = _time.GetUtcNow() + _options.StartTimeout;
        while (true)
        {
            if (File.Exists(file))
            {
                var lines = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port))
                {
                    return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
                }
            }

            if (process.HasExited)
            {
                throw new SamlSignInException(SamlFailure.Browser, $"the browser exited (code {process.ExitCode}) before opening its DevTools port; if it runs as root, add --no-sandbox");
            }

            if (_time.GetUtcNow() >= deadline)
            {
                throw new SamlSignInException(SamlFailure.Browser, $"the browser did not open its DevTools port within {_options.StartTimeout.TotalSeconds:F0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }
}
