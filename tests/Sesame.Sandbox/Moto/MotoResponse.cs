using System.Xml.Linq;

namespace Sesame.Sandbox.Moto;

/// <summary>moto's answer: status, headers and body bytes, passed on unchanged when forwarding.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Headers">Response headers worth passing on (hop-by-hop ones removed).</param>
/// <param name="Body">Body bytes.</param>
public sealed record MotoResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>True for 2xx.</summary>
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The body parsed as XML (query-protocol services answer in XML).</summary>
    public XElement Xml() => XElement.Parse(System.Text.Encoding.UTF8.GetString(Body));

    /// <summary>The text of the first descendant element with this local name, or null.</summary>
    public string? Find(string localName) => Xml().Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;

    /// <summary>Error code from an error body, or null.</summary>
    public string? ErrorCode => Ok ? null : TryFind("Code");

    private string? TryFind(string localName)
    {
        try
        {
            return Find(localName);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}
