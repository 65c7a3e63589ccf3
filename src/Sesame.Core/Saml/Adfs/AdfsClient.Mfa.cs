using Sesame.Core.Saml.Secrets;

namespace Sesame.Core.Saml.Adfs;

/// <summary>The MFA adapters: one-time codes, and the Azure MFA adapter's code or push approval.</summary>
public sealed partial class AdfsClient
{
    private async Task<IdpResponse> AnswerMfaAsync(IdpHttp http, IdpResponse response, AdfsPage page, SignInState state, CancellationToken cancellationToken)
    {
        var adapter = page.Adapter!;
        state.AskedMfa = true;
        if (!string.Equals(state.Adapter, adapter.AuthMethod, StringComparison.OrdinalIgnoreCase))
        {
            // A second adapter after the first (AD FS can chain them) gets its own two attempts.
            state.Adapter = adapter.AuthMethod;
            state.CodeAttempts = 0;
        }

        switch (adapter.Kind)
        {
            case AdfsAdapterKind.Unsupported:
                throw new SamlSignInException(SamlFailure.UnknownAdapter,
                    $"the identity provider at {IdpHttp.Origin(_options.SignOnUrl)} asks for the MFA adapter '{RemoteText.Clean(adapter.AuthMethod)}', which Sesame cannot answer over HTTP " +
                    $"(it knows Azure MFA, RSA SecurID, Symantec VIP and SafeNet); set {SamlKeys.Provider} = browser to sign in with a browser");
            case AdfsAdapterKind.AzureMfa when page.CodeInput() is not null:
            case AdfsAdapterKind.OneTimeCode:
                return await SubmitCodeAsync(http, response, page, state, cancellationToken).ConfigureAwait(false);
            default:
                return await WaitForApprovalAsync(http, response, page, state, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IdpResponse> SubmitCodeAsync(IdpHttp http, IdpResponse response, AdfsPage page, SignInState state, CancellationToken cancellationToken)
    {
        var adapter = page.Adapter!;
        if (state.CodeAttempts >= 2)
        {
            throw new SamlSignInException(SamlFailure.MfaRefused,
                $"the identity provider at {IdpHttp.Origin(_options.SignOnUrl)} refused the {adapter.Label}: {page.Error ?? "the code page came back without a message"}");
        }

        if (page.Error is { } error && state.CodeAttempts > 0)
        {
            state.Request.Presenter.Show($"The identity provider said: {error}");
        }

        var codeInput = page.CodeInput();
        if (codeInput is null)
        {
            // RSA SecurID v2 and some others first post the adapter's hidden fields to open a context, then ask.
            if (state.CodeAttempts > 0 || page.Form is null)
            {
                throw new SamlSignInException(SamlFailure.Protocol, $"the {adapter.Label} page of the identity provider at {IdpHttp.Origin(_options.SignOnUrl)} has no field for the code");
            }

            state.CodeAttempts = 0;
            return await PostFormAsync(http, response, page, null, null, cancellationToken).ConfigureAwait(false);
        }

        state.CodeAttempts++;
        var challenge = new SamlMfaChallenge(adapter.AuthMethod, adapter.Label, adapter.Hidden, state.Request.MfaDeviceId);
        var code = await state.Request.MfaCodes.GetCodeAsync(challenge, state.CodeAttempts, cancellationToken).ConfigureAwait(false);
        return await PostFormAsync(http, response, page, codeInput.Name, code, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IdpResponse> WaitForApprovalAsync(IdpHttp http, IdpResponse response, AdfsPage page, SignInState state, CancellationToken cancellationToken)
    {
        var presenter = state.Request.Presenter;
        var deadline = _time.GetUtcNow() + _options.MfaTimeout;
        string? shownNumber = null;
        string? shownInstructions = null;
        while (true)
        {
            var instructions = RemoteText.Clean(page.Html.TextById("instructions"));
            if (instructions.Length > 0 && instructions != shownInstructions)
            {
                presenter.Show(instructions);
                shownInstructions = instructions;
            }
            else if (shownInstructions is null)
            {
                presenter.Show("Approve the sign-in request on your phone (Microsoft Authenticator).");
                shownInstructions = string.Empty;
            }

            // Number matching: the user types this number into the app to approve.
            var number = RemoteText.Clean(page.Html.TextById("validEntropyNumber"));
            if (number.Length > 0 && number != shownNumber)
            {
                presenter.Show($"Enter the number {number} in Microsoft Authenticator to approve the sign-in.");
                shownNumber = number;
            }

            if (page.Error is { } error)
            {
                throw new SamlSignInException(SamlFailure.MfaRefused, $"the identity provider at {IdpHttp.Origin(_options.SignOnUrl)} did not accept the {page.Adapter!.Label}: {error}");
            }

            if (_time.GetUtcNow() >= deadline)
            {
                throw new SamlSignInException(SamlFailure.MfaTimeout,
                    $"the sign-in request was not approved within {_options.MfaTimeout.TotalSeconds:F0} s; run the command again and approve it on your phone", exitCode: Errors.ExitCodes.Timeout);
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            response = await PostFormAsync(http, response, page, null, null, cancellationToken).ConfigureAwait(false);
            var next = AdfsPage.Classify(response.Page);
            if (response.Status == 401 || next.Kind != AdfsPageKind.Mfa || !string.Equals(next.Adapter?.AuthMethod, page.Adapter!.AuthMethod, StringComparison.OrdinalIgnoreCase)
                || next.CodeInput() is not null)
            {
                // Approved (the assertion), or the adapter moved on to something else: the main loop decides.
                return response;
            }

            page = next;
        }
    }

    /// <summary>Posts an MFA page's form: its hidden fields (AuthMethod, Context), and the code when there is one.</summary>
    private static Task<IdpResponse> PostFormAsync(IdpHttp http, IdpResponse response, AdfsPage page, string? codeField, string? code, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, ReadOnlyMemory<char>>>();
        foreach (var input in page.Form?.Inputs ?? [])
        {
            if (input.Name.Length == 0 || input.Type is "submit" or "button" or "image" or "reset" || (input.Type is "checkbox" or "radio" && !input.Checked))
            {
                continue;
            }

            if (codeField is not null && input.Name.Equals(codeField, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (input.Type == "hidden" || input.Value is not null)
            {
                fields.Add(new(input.Name, (input.Value ?? string.Empty).AsMemory()));
            }
        }

        if (codeField is not null)
        {
            fields.Add(new(codeField, code.AsMemory()));
        }

        if (!fields.Exists(f => f.Key.Equals("AuthMethod", StringComparison.OrdinalIgnoreCase)) && page.Adapter is { } adapter && adapter.CodeField != adapter.AuthMethod)
        {
            fields.Add(new("AuthMethod", adapter.AuthMethod.AsMemory()));
        }

        // aws-adfs posts adapter answers to the sign-in options form's action; a form without an action posts
        // to the page itself, as a browser does. In AD FS both are the same endpoint.
        var action = ActionOf(response, page.Form?.Action, fallback: page.Html.FormById("options")?.Action is { Length: > 0 } options
            ? ActionOf(response, options)
            : response.Uri);
        return http.PostAsync(action, () => new SecretFormContent(fields), cancellationToken);
    }
}
