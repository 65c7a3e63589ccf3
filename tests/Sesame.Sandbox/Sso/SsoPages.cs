using System.Net;
using System.Text;

namespace Sesame.Sandbox.Sso;

/// <summary>The few HTML pages a person sees when approving in a browser.</summary>
internal static class SsoPages
{
    public static string Authorize(string requestId, string clientName, string scopes, IEnumerable<string> users) => Page("Allow access?", $"""
        <p><b>{E(clientName)}</b> asks to access your AWS accounts{(scopes.Length > 0 ? $" (scopes: {E(scopes)})" : string.Empty)}.</p>
        <form method="post" action="/authorize/decision">
          <input type="hidden" name="request" value="{E(requestId)}">
          {UserPicker(users)}
          <button name="decision" value="allow" id="allow">Allow access</button>
          <button name="decision" value="deny" id="deny">Deny</button>
        </form>
        """);

    public static string Device(string userCode, string clientName, IEnumerable<string> users) => Page("Authorize request", $"""
        <p><b>{E(clientName)}</b> asks to access your AWS accounts.</p>
        <p>Code: <code id="user-code">{E(userCode)}</code> (check that your terminal shows the same).</p>
        <form method="post" action="/device/decision">
          <input type="hidden" name="user_code" value="{E(userCode)}">
          {UserPicker(users)}
          <button name="decision" value="allow" id="allow">Allow access</button>
          <button name="decision" value="deny" id="deny">Deny</button>
        </form>
        """);

    public static string DeviceCodeEntry(string? problem) => Page("Enter the code", $"""
        {(problem is null ? string.Empty : $"<p class=err>{E(problem)}</p>")}
        <form method="get" action="/device"><input name="user_code" placeholder="ABCD-EFGH"><button>Next</button></form>
        """);

    public static string Message(string title, string text) => Page(title, $"<p>{text}</p>");

    private static string UserPicker(IEnumerable<string> users)
    {
        var sb = new StringBuilder("<p>Signed in as <select name=\"user\">");
        foreach (var user in users)
        {
            sb.Append("<option>").Append(E(user)).Append("</option>");
        }

        return sb.Append("</select></p>").ToString();
    }

    private const string Style = "body{font-family:sans-serif;max-width:40em;margin:3em auto}button{margin-right:1em}.err{color:#a00}";

    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html><head><meta charset="utf-8"><title>{E(title)} - Sesame sandbox</title>
        <style>{Style}</style></head>
        <body><h1>{E(title)}</h1>{body}<p><small>Sesame sandbox: a local stand-in for IAM Identity Center.</small></p></body></html>
        """;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
