using System.Text;
using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Tests.Unit;

/// <summary>The sandbox's own SigV4 against the worked example of aws-wire-reference.md §2.3.</summary>
public class SigV4Tests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static readonly byte[] Body = Encoding.ASCII.GetBytes("Action=GetCallerIdentity&Version=2011-06-15");
    private static readonly DateTimeOffset SignedAt = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static WireRequest Request(string authorization) => new("POST", "/", string.Empty,
    [
        new("Host", "sts.us-east-1.amazonaws.com"),
        new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        new("X-Amz-Date", "20240115T120000Z"),
        new("Authorization", authorization),
        new("User-Agent", "not signed"),
    ], Body);

    [Fact]
    public void Worked_example_intermediate_values_match_the_reference()
    {
        Assert.Equal("ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843", SigV4.HexSha256(Body));
        var canonical = SigV4.CanonicalRequest("POST", "/", string.Empty, Request("x").Headers, "content-type;host;x-amz-date", SigV4.HexSha256(Body));
        Assert.Equal("8542f7d650db52356332e9a68b4df6c28377435a82d102dc8ee6ebd87d2149e6", SigV4.HexSha256(Encoding.UTF8.GetBytes(canonical)));
        var key = SigV4.SigningKey(Secret, "20240115", "us-east-1", "sts");
        Assert.Equal("c1a78205e84844de7463980b6e986343bffa13eca3fbc091db6f1417303a8948", Convert.ToHexStringLower(key));
        var stringToSign = SigV4.StringToSign("20240115T120000Z", "20240115/us-east-1/sts/aws4_request", canonical);
        Assert.Equal("9a23847f73423ebf25c7dbcb9513c6473d8db24e57ef96cb0f2f12e9a388712f", SigV4.Signature(key, stringToSign));
    }

    [Fact]
    public void Signer_reproduces_the_worked_example_signature()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = "sts.us-east-1.amazonaws.com",
            ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8",
        };
        SigV4Signer.Sign("POST", "/", string.Empty, headers, Body, "AKIAIOSFODNN7EXAMPLE", Secret, null, "us-east-1", "sts", SignedAt);
        Assert.EndsWith("Signature=9a23847f73423ebf25c7dbcb9513c6473d8db24e57ef96cb0f2f12e9a388712f", headers["Authorization"]);
    }

    [Fact]
    public void Verifier_accepts_the_worked_example_and_rejects_a_changed_body()
    {
        var authorization = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240115/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=9a23847f73423ebf25c7dbcb9513c6473d8db24e57ef96cb0f2f12e9a388712f";
        var request = Request(authorization);
        var claims = SigV4Verifier.Parse(request, out var error);
        Assert.Null(error);
        Assert.NotNull(claims);
        Assert.Equal("AKIAIOSFODNN7EXAMPLE", claims.AccessKeyId);
        Assert.Null(SigV4Verifier.Verify(request, claims, Secret, SignedAt.AddMinutes(1)));

        var tampered = request with { Body = Encoding.ASCII.GetBytes("Action=GetCallerIdentity&Version=2011-06-16") };
        Assert.Equal("SignatureDoesNotMatch", SigV4Verifier.Verify(tampered, claims, Secret, SignedAt)?.Code);
        Assert.Equal("SignatureDoesNotMatch", SigV4Verifier.Verify(request, claims, "wrong", SignedAt)?.Code);
    }

    [Fact]
    public void Verifier_rejects_requests_signed_more_than_five_minutes_away()
    {
        var request = Request("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240115/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=9a23847f73423ebf25c7dbcb9513c6473d8db24e57ef96cb0f2f12e9a388712f");
        var claims = SigV4Verifier.Parse(request, out _)!;
        var error = SigV4Verifier.Verify(request, claims, Secret, SignedAt.AddMinutes(6));
        Assert.Equal("SignatureDoesNotMatch", error?.Code);
        Assert.StartsWith("Signature expired", error?.Message);
    }

    [Fact]
    public void Malformed_authorization_is_an_incomplete_signature_and_none_is_unsigned()
    {
        Assert.Null(SigV4Verifier.Parse(Request("AWS4-HMAC-SHA256 Credential=AKID/20240115/us-east-1/sts"), out var error));
        Assert.Equal("IncompleteSignature", error?.Code);
        var unsigned = new WireRequest("POST", "/", string.Empty, [], Body);
        Assert.Null(SigV4Verifier.Parse(unsigned, out var none));
        Assert.Null(none);
    }

    [Theory]
    [InlineData("b=2&a=1&a=0", "a=0&a=1&b=2")]
    [InlineData("X-Amz-Credential=AKID%2F20240115%2Fus-east-1%2Fsts%2Faws4_request&Action=GetCallerIdentity", "Action=GetCallerIdentity&X-Amz-Credential=AKID%2F20240115%2Fus-east-1%2Fsts%2Faws4_request")]
    [InlineData("k=a%20b~c", "k=a%20b~c")]
    public void Canonical_query_sorts_and_strictly_encodes(string raw, string canonical) =>
        Assert.Equal(canonical, SigV4.CanonicalQuery(raw));

    [Fact]
    public void Header_values_are_trimmed_and_inner_whitespace_collapsed() =>
        Assert.Equal("a b c", SigV4.TrimAll("  a   b\t c "));
}
