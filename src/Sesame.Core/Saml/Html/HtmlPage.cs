using System.Net;
using System.Text;

namespace Sesame.Core.Saml.Html;

/// <summary>An <c>&lt;input&gt;</c> element: attribute values are HTML-decoded.</summary>
/// <param name="Name">The <c>name</c> attribute (empty when absent).</param>
/// <param name="Type">The <c>type</c> attribute, lower case (<c>text</c> when absent).</param>
/// <param name="Value">The <c>value</c> attribute, or <c>null</c> when absent.</param>
/// <param name="Id">The <c>id</c> attribute, or <c>null</c>.</param>
/// <param name="Placeholder">The <c>placeholder</c> attribute, or <c>null</c>.</param>
/// <param name="Checked">True when the element has a <c>checked</c> attribute.</param>
public sealed record HtmlInput(string Name, string Type, string? Value, string? Id, string? Placeholder, bool Checked);

/// <summary>A <c>&lt;form&gt;</c> element and the inputs between its start and end tags.</summary>
/// <param name="Id">The <c>id</c> attribute, or <c>null</c>.</param>
/// <param name="Name">The <c>name</c> attribute, or <c>null</c>.</param>
/// <param name="Action">The <c>action</c> attribute (HTML-decoded), or <c>null</c> (the form posts to the page's own URL).</param>
/// <param name="Method">The method, upper case (<c>GET</c> when absent).</param>
/// <param name="Inputs">The inputs inside the form, in document order.</param>
public sealed record HtmlForm(string? Id, string? Name, string? Action, string Method, IReadOnlyList<HtmlInput> Inputs)
{
    /// <summary>The first input named <paramref name="name"/> (case-insensitive), or <c>null</c>.</summary>
    public HtmlInput? Input(string name) => Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A forgiving reader for the few things Sesame needs from an IdP's pages: forms and their inputs, the
/// text of an element found by id or class, the title. It is not an HTML parser (no tree, no scripts run);
/// it scans tags the way aws-adfs and saml2aws query them (<c>form#loginForm</c>, <c>input[name=SAMLResponse]</c>,
/// <c>label#errorText</c>), skipping comments, scripts and styles. No regular expressions, no reflection.
/// </summary>
public sealed class HtmlPage
{
    private readonly string _html;
    private readonly List<Tag> _tags;

    private HtmlPage(string html, List<Tag> tags, List<HtmlForm> forms, List<HtmlInput> inputs)
    {
        _html = html;
        _tags = tags;
        Forms = forms;
        Inputs = inputs;
    }

    /// <summary>Every form in document order.</summary>
    public IReadOnlyList<HtmlForm> Forms { get; }

    /// <summary>Every input, inside a form or not, in document order.</summary>
    public IReadOnlyList<HtmlInput> Inputs { get; }

    /// <summary>The page's title text, or an empty string.</summary>
    public string Title => TextOf(_tags.FindIndex(t => !t.IsEnd && t.Name == "title"));

    /// <summary>Reads a page.</summary>
    public static HtmlPage Parse(string html)
    {
        var tags = Scan(html);
        var forms = new List<HtmlForm>();
        var inputs = new List<HtmlInput>();
        Tag? openForm = null;
        List<HtmlInput>? formInputs = null;
        foreach (var tag in tags)
        {
            if (tag.Name == "form" && !tag.IsEnd)
            {
                Close();
                openForm = tag;
                formInputs = [];
            }
            else if (tag.Name == "form" && tag.IsEnd)
            {
                Close();
            }
            else if (tag.Name == "input" && !tag.IsEnd)
            {
                var input = new HtmlInput(
                    tag.Attribute("name") ?? string.Empty,
                    (tag.Attribute("type") ?? "text").ToLowerInvariant(),
                    tag.Attribute("value"),
                    tag.Attribute("id"),
                    tag.Attribute("placeholder"),
                    tag.Attributes.ContainsKey("checked"));
                inputs.Add(input);
                formInputs?.Add(input);
            }
        }

        Close();
        return new HtmlPage(html, tags, forms, inputs);

        void Close()
        {
            if (openForm is not null)
            {
                forms.Add(new HtmlForm(openForm.Attribute("id"), openForm.Attribute("name"), openForm.Attribute("action"),
                    (openForm.Attribute("method") ?? "GET").ToUpperInvariant(), formInputs!));
                openForm = null;
                formInputs = null;
            }
        }
    }

    /// <summary>The form with this id (case-sensitive, as HTML ids are), or <c>null</c>.</summary>
    public HtmlForm? FormById(string id) => Forms.FirstOrDefault(f => f.Id == id);

    /// <summary>The first input with this id, or <c>null</c>.</summary>
    public HtmlInput? InputById(string id) => Inputs.FirstOrDefault(i => i.Id == id);

    /// <summary>The first input named <paramref name="name"/> (case-insensitive), or <c>null</c>.</summary>
    public HtmlInput? InputByName(string name) => Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when an element with this id exists.</summary>
    public bool HasElement(string id) => _tags.Exists(t => !t.IsEnd && t.Attribute("id") == id);

    /// <summary>
    /// The decoded text of the first element with this id (inner tags dropped), or <c>null</c> when there
    /// is no such element. Not cleaned: pass it through <see cref="RemoteText.Clean"/> before showing it.
    /// </summary>
    public string? TextById(string id)
    {
        var index = _tags.FindIndex(t => !t.IsEnd && t.Attribute("id") == id);
        return index < 0 ? null : TextOf(index);
    }

    /// <summary>The decoded texts of every <paramref name="tagName"/> element whose class list contains <paramref name="className"/>.</summary>
    public IEnumerable<string> TextsByClass(string tagName, string className)
    {
        for (var i = 0; i < _tags.Count; i++)
        {
            var tag = _tags[i];
            if (!tag.IsEnd && tag.Name == tagName && tag.Attribute("class") is { } classes
                && classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(className, StringComparer.Ordinal))
            {
                yield return TextOf(i);
            }
        }
    }

    private string TextOf(int index)
    {
        if (index < 0)
        {
            return string.Empty;
        }

        var start = _tags[index];
        if (start.SelfClosing)
        {
            return string.Empty;
        }

        // Up to the matching end tag, counting nested tags of the same name.
        var depth = 0;
        var end = _html.Length;
        var text = new StringBuilder();
        var position = start.End;
        for (var i = index + 1; i < _tags.Count; i++)
        {
            var tag = _tags[i];
            text.Append(_html, position, tag.Start - position);
            position = tag.End;
            if (tag.Name == start.Name)
            {
                if (!tag.IsEnd && !tag.SelfClosing)
                {
                    depth++;
                }
                else if (tag.IsEnd && depth-- == 0)
                {
                    end = tag.Start;
                    break;
                }
            }
        }

        if (end == _html.Length)
        {
            text.Append(_html, position, _html.Length - position);
        }

        return WebUtility.HtmlDecode(text.ToString()).Trim();
    }

    private static List<Tag> Scan(string html)
    {
        var tags = new List<Tag>();
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length)
            {
                break;
            }

            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var close = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = close < 0 ? html.Length : close + 3;
                continue;
            }

            var next = html[lt + 1];
            if (next is '!' or '?')
            {
                var close = html.IndexOf('>', lt + 2);
                i = close < 0 ? html.Length : close + 1;
                continue;
            }

            var isEnd = next == '/';
            var nameStart = lt + (isEnd ? 2 : 1);
            var p = nameStart;
            while (p < html.Length && (char.IsAsciiLetterOrDigit(html[p]) || html[p] is '-' or ':' or '_'))
            {
                p++;
            }

            if (p == nameStart)
            {
                i = lt + 1;
                continue;
            }

            var name = html[nameStart..p].ToLowerInvariant();
            var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var selfClosing = false;
            p = ReadAttributes(html, p, attributes, ref selfClosing);
            var tag = new Tag(name, isEnd, lt, p, selfClosing || name is "input" or "br" or "img" or "meta" or "link" or "hr", attributes);
            tags.Add(tag);
            i = p;
            if (!isEnd && name is "script" or "style" or "textarea")
            {
                // Raw text: skip to the end tag so "<" inside a script is not read as a tag.
                var close = html.IndexOf("</" + name, p, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? html.Length : close;
            }
        }

        return tags;
    }

    private static int ReadAttributes(string html, int p, Dictionary<string, string> attributes, ref bool selfClosing)
    {
        while (p < html.Length)
        {
            while (p < html.Length && char.IsWhiteSpace(html[p]))
            {
                p++;
            }

            if (p >= html.Length)
            {
                return p;
            }

            if (html[p] == '>')
            {
                return p + 1;
            }

            if (html[p] == '/')
            {
                selfClosing = p + 1 < html.Length && html[p + 1] == '>';
                p++;
                continue;
            }

            var nameStart = p;
            while (p < html.Length && !char.IsWhiteSpace(html[p]) && html[p] is not ('=' or '>' or '/'))
            {
                p++;
            }

            var name = html[nameStart..p];
            while (p < html.Length && char.IsWhiteSpace(html[p]))
            {
                p++;
            }

            string value = string.Empty;
            if (p < html.Length && html[p] == '=')
            {
                p++;
                while (p < html.Length && char.IsWhiteSpace(html[p]))
                {
                    p++;
                }

                if (p < html.Length && html[p] is '"' or '\'')
                {
                    var quote = html[p];
                    var close = html.IndexOf(quote, p + 1);
                    close = close < 0 ? html.Length : close;
                    value = html[(p + 1)..close];
                    p = Math.Min(close + 1, html.Length);
                }
                else
                {
                    var valueStart = p;
                    while (p < html.Length && !char.IsWhiteSpace(html[p]) && html[p] != '>')
                    {
                        p++;
                    }

                    value = html[valueStart..p];
                }
            }

            if (name.Length > 0)
            {
                attributes.TryAdd(name, WebUtility.HtmlDecode(value));
            }
        }

        return p;
    }

    private sealed record Tag(string Name, bool IsEnd, int Start, int End, bool SelfClosing, Dictionary<string, string> Attributes)
    {
        public string? Attribute(string name) => Attributes.GetValueOrDefault(name);
    }
}
