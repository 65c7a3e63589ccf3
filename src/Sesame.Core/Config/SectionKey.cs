namespace Sesame.Core.Config;

/// <summary>What a section header names, and in which namespace.</summary>
public enum SectionKind
{
    /// <summary>A profile (<c>[default]</c>, <c>[profile x]</c>, or <c>[x]</c> in the credentials file).</summary>
    Profile,

    /// <summary>An <c>[sso-session x]</c> section.</summary>
    SsoSession,

    /// <summary>A <c>[services x]</c> section.</summary>
    Services,

    /// <summary>Any other prefixed section of the config file (kept, never interpreted).</summary>
    Unknown,
}

/// <summary>
/// A parsed section header. Rules (cross-SDK suite; smithy-rs normalize.rs): the bracket text is
/// trimmed and split at its first space or tab into a prefix and a name. In the config file a
/// prefixed name must be a valid identifier and an unprefixed section is only valid as
/// <c>[default]</c>; in the credentials file no prefix is allowed.
/// </summary>
public readonly record struct SectionKey(string? Prefix, string Name)
{
    /// <summary>The <c>profile</c> prefix.</summary>
    public const string ProfilePrefix = "profile";

    /// <summary>The <c>sso-session</c> prefix.</summary>
    public const string SsoSessionPrefix = "sso-session";

    /// <summary>The <c>services</c> prefix.</summary>
    public const string ServicesPrefix = "services";

    /// <summary>Splits the text between the brackets.</summary>
    public static SectionKey Parse(string inner) => Parse(inner.AsSpan());

    /// <summary>Splits the text between the brackets (known prefixes reuse one string instance).</summary>
    public static SectionKey Parse(ReadOnlySpan<char> inner)
    {
        var span = inner.Trim(" \t");
        var split = span.IndexOfAny(' ', '\t');
        if (split < 0)
        {
            return new SectionKey(null, span.SequenceEqual("default") ? "default" : span.ToString());
        }

        var prefix = span[..split].Trim(" \t");
        var name = span[(split + 1)..].Trim(" \t").ToString();
        return new SectionKey(Intern(prefix), name);
    }

    private static string Intern(ReadOnlySpan<char> prefix)
        => prefix.SequenceEqual(ProfilePrefix) ? ProfilePrefix
        : prefix.SequenceEqual(SsoSessionPrefix) ? SsoSessionPrefix
        : prefix.SequenceEqual(ServicesPrefix) ? ServicesPrefix
        : prefix.ToString();

    /// <summary>True for <c>[profile default]</c>.</summary>
    public bool IsPrefixedDefault => Prefix == ProfilePrefix && Name == "default";

    /// <summary>True for <c>[default]</c>.</summary>
    public bool IsUnprefixedDefault => Prefix is null && Name == "default";

    /// <summary>
    /// Decides whether the section is valid in a file of <paramref name="kind"/>, and what it names.
    /// Returns <c>null</c> with a reason when the section must be ignored.
    /// </summary>
    public SectionKind? Classify(ConfigFileKind kind, out string? ignoredReason)
    {
        ignoredReason = null;
        if (kind == ConfigFileKind.Config)
        {
            if (Prefix is null)
            {
                if (Name == "default")
                {
                    return SectionKind.Profile;
                }

                ignoredReason = $"section [{Name}] ignored: in the config file, profiles other than [default] are written [profile {Name}]";
                return null;
            }

            if (!Identifiers.IsValid(Name))
            {
                ignoredReason = $"section [{Prefix} {Name}] ignored: '{Name}' is not a valid name (letters, digits and - _ / . % @ : + only)";
                return null;
            }

            return Prefix switch
            {
                ProfilePrefix => SectionKind.Profile,
                SsoSessionPrefix => SectionKind.SsoSession,
                ServicesPrefix => SectionKind.Services,
                _ => SectionKind.Unknown,
            };
        }

        if (Prefix is not null)
        {
            ignoredReason = Prefix == ProfilePrefix
                ? $"section [profile {Name}] ignored: in the credentials file, profiles are written [{Name}]"
                : $"section [{Prefix} {Name}] ignored: [{Prefix} …] sections belong in the config file, not the credentials file";
            return null;
        }

        if (!Identifiers.IsValid(Name))
        {
            ignoredReason = $"section [{Name}] ignored: '{Name}' is not a valid profile name (letters, digits and - _ / . % @ : + only)";
            return null;
        }

        return SectionKind.Profile;
    }
}

/// <summary>The identifier rule for profile, section and property names.</summary>
public static class Identifiers
{
    /// <summary>True when <paramref name="name"/> is non-empty and uses only <c>[A-Za-z0-9_\-/.%@:+]</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or '.' or '%' or '@' or ':' or '+'))
            {
                return false;
            }
        }

        return true;
    }
}
