namespace Sesame.Core.Sso;

/// <summary>
/// Which sign-in flow <c>sso login</c> uses when nobody asked for one. The redirect flow (authorization
/// code with PKCE) can only finish in a browser on this computer; with no browser to open and no terminal
/// to show the URL on (a CI job, a script, <c>ssh host sesame sso login</c> without a terminal), it would
/// wait ten minutes for a redirect that cannot come. Then the device code is used instead: its URL and
/// code go to standard error, where a log or the person running it can see them, they can be approved
/// from any device, and the wait ends when the code expires.
/// </summary>
public static class SsoFlowChoice
{
    /// <summary>
    /// The options to sign in with: <paramref name="requested"/>, or the device-code flow when the redirect
    /// flow could not finish. <paramref name="note"/> is the sentence to show when the choice changed.
    /// </summary>
    /// <param name="requested">What the command line asked for.</param>
    /// <param name="browserCanOpen">Whether a browser can be opened here (<c>IBrowser.CanOpen</c>).</param>
    /// <param name="interactive">Whether someone is at a terminal who can open the printed URL on this computer.</param>
    /// <param name="note">Why the flow changed, or <c>null</c>.</param>
    public static SsoLoginOptions Choose(SsoLoginOptions requested, bool browserCanOpen, bool interactive, out string? note)
    {
        note = null;
        if (requested.UseDeviceCode || interactive || (browserCanOpen && !requested.NoBrowser))
        {
            return requested;
        }

        note = "No browser can be opened here and there is no terminal, so a browser sign-in on this computer could not finish: "
            + "signing in with a device code instead, which you can approve on any device.";
        return requested with { UseDeviceCode = true };
    }
}
