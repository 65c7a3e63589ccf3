using Sesame.Core.Config.Chain;
using Sesame.Core.Errors;

namespace Sesame.Core.Engine;

/// <summary>
/// Catches the loop a profile makes when its <c>credential_process</c> asks Sesame for that same
/// profile (<c>credential_process = sesame credential-process x</c> in <c>[profile x]</c>, left behind
/// when the stored key it pointed at was removed): without this the helper would call itself until the
/// helper timeout, printing a line per level. Found at plan time, with the file and line.
/// </summary>
public static class HelperLoops
{
    /// <summary>Throws when the plan's base is a <c>credential_process</c> that asks Sesame for its own profile.</summary>
    public static void Check(ChainPlan plan)
    {
        if (plan.Base is CredentialProcessSource process && CallsSesameFor(process.Command.Value, process.Profile))
        {
            var at = process.Command.Location;
            throw new ConfigException(
                $"profile '{process.Profile}' has credential_process = {process.Command.Value.Trim()}, which asks Sesame for this same profile: a loop. "
                + $"Store its key with 'sesame keys add {process.Profile}' (the stored key is used first), or remove the credential_process line",
                at.File,
                at.Line);
        }
    }

    /// <summary>True when <paramref name="command"/> runs <c>sesame credential-process</c> for <paramref name="profile"/>.</summary>
    public static bool CallsSesameFor(string command, string profile)
    {
        var words = Words(command);
        if (words.Count < 3)
        {
            return false;
        }

        var program = words[0];
        var slash = Math.Max(program.LastIndexOf('/'), program.LastIndexOf('\\'));
        var name = program[(slash + 1)..];
        if (name is not ("sesame" or "sesame.exe") || words[1] != "credential-process")
        {
            return false;
        }

        for (var i = 2; i < words.Count; i++)
        {
            if (words[i] == "--mfa-token")
            {
                i++;
                continue;
            }

            if (!words[i].StartsWith('-'))
            {
                return words[i] == profile;
            }
        }

        return false;
    }

    // Whitespace-separated words, with '…' and "…" quoting (enough for the commands people write here).
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
