using System.Text;
using Sesame.Core.Aws.Wire;

namespace Sesame.Tests.Aws;

/// <summary>The small XML reader STS and IAM answers go through.</summary>
public sealed class AwsXmlTests
{
    private static AwsXmlElement Parse(string xml) => AwsXml.Parse(Encoding.UTF8.GetBytes(xml));

    [Fact]
    public void Reads_elements_by_local_name_with_entities_cdata_comments_and_the_declaration()
    {
        var root = Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- an answer -->
            <a:Response xmlns:a="urn:x" attr='x > y'>
              <Result><Value>one &amp; two &lt;3&gt; &quot;q&quot; &apos;s&apos; &#65;&#x42;</Value><Empty/><Data><![CDATA[<raw> & text]]></Data></Result>
            </a:Response>
            """);

        Assert.Equal("Response", root.Name);
        var result = root.Child("Result")!;
        Assert.Equal("one & two <3> \"q\" 's' AB", result.ChildText("Value"));
        Assert.Equal(string.Empty, result.ChildText("Empty"));
        Assert.Equal("<raw> & text", result.ChildText("Data"));
        Assert.Null(result.Child("Missing"));
        Assert.Same(result.Child("Value"), root.Descendant("Value"));
    }

    [Fact]
    public void Lists_descendants_in_document_order()
    {
        var root = Parse("<R><Keys><member><Id>1</Id></member><member><Id>2</Id></member></Keys><member><Id>3</Id></member></R>");

        Assert.Equal(["1", "2", "3"], root.Descendants("member").Select(m => m.ChildText("Id")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<a>")]
    [InlineData("<a></b>")]
    [InlineData("<a/><b/>")]
    [InlineData("text<a/>")]
    [InlineData("<a>&unknown;</a>")]
    [InlineData("<a>&#0;</a>")]
    [InlineData("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>")]
    [InlineData("<a attr='unterminated></a>")]
    public void Refuses_what_is_not_a_well_formed_document(string xml)
        => Assert.Throws<FormatException>(() => Parse(xml));
}
