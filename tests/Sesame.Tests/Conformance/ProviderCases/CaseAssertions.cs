using System.Text.Json.Nodes;
using Sesame.Core.Credentials;
using Sesame.Testing;
using Xunit.Abstractions;

namespace Sesame.Tests.Conformance.ProviderCases;

/// <summary>The checks every directory case gets.</summary>
public static class CaseAssertions
{
    /// <summary>
    /// The traffic was exactly the recording (nothing unexpected, nothing left over); the result is
    /// the expected credentials field for field (absent fields absent, expiry in epoch seconds) or
    /// a failure when one is expected; and no secret of the case shows in an error or the log.
    /// </summary>
    /// <param name="testCase">The case.</param>
    /// <param name="outcome">How the run ended.</param>
    /// <param name="output">Where the error texts are reported.</param>
    /// <param name="accountIdField">The expected-result field with the account id (<c>account_id</c> or Kotlin's <c>accountId</c>).</param>
    public static void Check(ProviderCase testCase, CaseOutcome outcome, ITestOutputHelper output, string accountIdField)
    {
        Assert.True(outcome.Traffic.Failures.Count == 0, "HTTP that was not recorded:\n  " + string.Join("\n  ", outcome.Traffic.Failures));
        var errorText = Describe(outcome.Error);
        SecretScan.AssertNoSecrets(errorText + "\n" + outcome.Log.Text, [.. testCase.Secrets()]);
        if (testCase.ExpectedError is { } expectedError)
        {
            Assert.True(outcome.Error is not null, $"expected a failure ({expectedError}), got credentials {outcome.Credentials}");

            // The upstream text is the Rust/Kotlin wording; matching it is optional (README §2.4).
            output.WriteLine($"expected error text: {expectedError}");
            output.WriteLine($"Sesame's error (exit {outcome.Error.ExitCode}): {outcome.Error.Message}");
            output.WriteLine($"upstream text matched: {(errorText.Contains(expectedError, StringComparison.OrdinalIgnoreCase) ? "yes" : "no")}");
        }
        else
        {
            Assert.True(outcome.Error is null, $"expected credentials, got: {errorText}");
            var expected = testCase.Expected!.DeepClone().AsObject();
            expected.Remove("business_metrics"); // Kotlin user-agent telemetry codes; Sesame sends none.
            var actual = Actual(outcome.Credentials!, accountIdField);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual.ToJsonString()}");
        }

        Assert.True(outcome.Traffic.Remaining == 0, $"{outcome.Traffic.Remaining} recorded exchanges were never requested; served: {string.Join(", ", outcome.Traffic.Served)}");
    }

    private static JsonObject Actual(AwsCredentials credentials, string accountIdField)
    {
        var actual = new JsonObject
        {
            ["access_key_id"] = credentials.AccessKeyId,
            ["secret_access_key"] = credentials.SecretAccessKey,
        };
        if (credentials.SessionToken is not null)
        {
            actual["session_token"] = credentials.SessionToken;
        }

        if (credentials.AccountId is not null)
        {
            actual[accountIdField] = credentials.AccountId;
        }

        if (credentials.Expiration is { } expiration)
        {
            actual["expiry"] = expiration.ToUnixTimeSeconds();
        }

        return actual;
    }

    private static string Describe(Exception? error)
    {
        var parts = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            parts.Add(e.Message);
        }

        return string.Join(" <- ", parts);
    }
}
