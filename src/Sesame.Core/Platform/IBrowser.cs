namespace Sesame.Core.Platform;

/// <summary>
/// Opens a URL in the user's web browser (the IAM Identity Center sign-in page). Tests replace it
/// with something that fetches the URL as a browser would; the real one honours <c>BROWSER</c>.
/// </summary>
public interface IBrowser
{
    /// <summary>True when a browser can probably be opened here (a desktop session, or <c>BROWSER</c> set).</summary>
    bool CanOpen { get; }

    /// <summary>Starts the browser on <paramref name="url"/> without waiting for it; false when that failed.</summary>
    bool TryOpen(string url);
}
