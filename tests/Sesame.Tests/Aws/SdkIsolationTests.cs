using System.Reflection;
using Sesame.Cli;
using Sesame.Core.Engine;

namespace Sesame.Tests.Aws;

/// <summary>
/// Sesame makes its AWS calls with its own small clients (Aws/, Aws/Wire/); the AWS SDK for .NET is
/// referenced only by the library's face to SDK programs (Delivery/: an <c>AWSCredentials</c> and the
/// DI registration). Everything else, and the CLI as a whole, must not use an SDK type, so the native
/// binary trims AWSSDK.Core away (docs/benchmarks.md) and no command can start depending on it unseen.
/// </summary>
public sealed class SdkIsolationTests
{
    /// <summary>The library face (src/Sesame.Core/Delivery/).</summary>
    private static readonly HashSet<string> Delivery = new(StringComparer.Ordinal)
    {
        "Sesame.SesameCredentials",
        "Sesame.SesameServiceCollectionExtensions",
    };

    private const BindingFlags All = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void Nothing_outside_Delivery_uses_an_aws_sdk_type()
    {
        var offenders = new List<string>();
        foreach (var type in typeof(CredentialEngine).Assembly.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null)
            {
                outer = outer.DeclaringType;
            }

            if (!Delivery.Contains(outer.FullName!))
            {
                offenders.AddRange(SdkUses(type));
            }
        }

        Assert.True(offenders.Count == 0, "AWS SDK types outside Delivery/:\n  " + string.Join("\n  ", offenders));
    }

    [Fact]
    public void The_cli_references_no_aws_sdk_assembly_and_no_sdk_type()
    {
        var cli = typeof(CliApp).Assembly;

        Assert.DoesNotContain(cli.GetReferencedAssemblies(), a => a.Name!.StartsWith("AWSSDK", StringComparison.Ordinal));
        Assert.Empty(cli.GetTypes().SelectMany(SdkUses));
    }

    [Fact]
    public void Only_AWSSDK_Core_is_referenced_and_only_for_the_library_face()
    {
        var sdk = typeof(CredentialEngine).Assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("AWSSDK", StringComparison.Ordinal)).Select(a => a.Name);

        Assert.Equal(["AWSSDK.Core"], sdk);
    }

    private static IEnumerable<string> SdkUses(Type type)
    {
        var used = type.GetFields(All).Select(f => (f.Name, f.FieldType))
            .Concat(type.GetProperties(All).Select(p => (p.Name, p.PropertyType)))
            .Concat(type.GetConstructors(All).SelectMany(c => c.GetParameters()).Select(p => (p.Name ?? "?", p.ParameterType)))
            .Concat(type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => ($"{m.Name}({p.Name})", p.ParameterType)).Append(($"{m.Name} returns", m.ReturnType))))
            .Concat(type.GetInterfaces().Select(i => ("interface", i)))
            .Append(("base type", type.BaseType ?? typeof(object)));
        return used.Where(u => IsSdk(u.Item2)).Select(u => $"{type.FullName}.{u.Item1}: {u.Item2.FullName}");
    }

    private static bool IsSdk(Type type)
        => type.Assembly.GetName().Name!.StartsWith("AWSSDK", StringComparison.Ordinal)
        || (type.IsGenericType && type.GetGenericArguments().Any(IsSdk))
        || (type.HasElementType && IsSdk(type.GetElementType()!));
}
