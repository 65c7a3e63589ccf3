using System.Reflection;
using Sesame.Core.Engine;

namespace Sesame.Tests.Providers;

/// <summary>
/// A cached answer must never load the AWS SDK (it costs start-up time on every credential_process
/// call). The runtime loads an assembly when it lays out a type whose fields use it or compiles a
/// method that uses it, so: no type outside the SDK adapters may hold an SDK type in a field, a
/// property or a constructor parameter; the adapters are reached only through factories.
/// </summary>
public sealed class SdkIsolationTests
{
    private static readonly HashSet<string> SdkAdapters = new(StringComparer.Ordinal)
    {
        "Sesame.Core.Aws.SdkStsClient",
        "Sesame.Core.Aws.SdkSsoPortalClient",
        "Sesame.Core.Aws.SdkSsoOidcClient",
        "Sesame.Core.Aws.SdkCalls",
        "Sesame.Core.Aws.HandlerHttpClientFactory",

        // The library's face to AWS SDK programs (an AWSCredentials); the CLI never reaches it.
        "Sesame.SesameCredentials",
    };

    [Fact]
    public void No_type_outside_the_sdk_adapters_holds_an_aws_sdk_type()
    {
        var offenders = new List<string>();
        foreach (var type in typeof(CredentialEngine).Assembly.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null)
            {
                outer = outer.DeclaringType;
            }

            if (SdkAdapters.Contains(outer.FullName!))
            {
                continue;
            }

            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            var used = type.GetFields(all).Select(f => (f.Name, f.FieldType))
                .Concat(type.GetProperties(all).Select(p => (p.Name, p.PropertyType)))
                .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => (p.Name ?? "?", p.ParameterType)))
                .Append(("base type", type.BaseType ?? typeof(object)));
            offenders.AddRange(used.Where(u => IsSdk(u.Item2)).Select(u => $"{type.FullName}.{u.Item1}: {u.Item2.FullName}"));
        }

        Assert.True(offenders.Count == 0, "AWS SDK types outside the adapters:\n  " + string.Join("\n  ", offenders));
    }

    private static bool IsSdk(Type type)
        => type.Assembly.GetName().Name!.StartsWith("AWSSDK", StringComparison.Ordinal)
        || (type.IsGenericType && type.GetGenericArguments().Any(IsSdk))
        || (type.HasElementType && IsSdk(type.GetElementType()!));
}
