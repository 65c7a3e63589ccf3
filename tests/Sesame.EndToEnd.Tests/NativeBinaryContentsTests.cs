using System.Text;
using Sesame.Testing;

namespace Sesame.EndToEnd.Tests;

/// <summary>
/// What the shipped program carries (docs/architecture.md, "Dependencies and why"): Sesame calls STS and
/// IAM Identity Center with its own clients and draws its interactive prompts itself, so neither the AWS
/// SDK for .NET nor Spectre.Console is compiled into the Native AOT binary (every megabyte of it was start-up
/// work on every cached answer). AWSSDK.Core stays a dependency of the library's face only.
/// </summary>
public sealed class NativeBinaryContentsTests
{
    // Assembly names Native AOT keeps in the binary when their code is compiled in.
    private static readonly string[] Absent = ["AWSSDK", "Amazon.Runtime", "Amazon.SecurityToken", "Spectre.Console", "libkeyutils"];

    [Fact]
    public void The_native_binary_carries_neither_the_aws_sdk_nor_spectre_console()
    {
        if (SesameBinary.IsNativeAot)
        {
            var binary = Encoding.Latin1.GetString(File.ReadAllBytes(SesameBinary.Path));

            // The check can see assembly names at all: one that is compiled in is there.
            Assert.Contains("System.CommandLine", binary, StringComparison.Ordinal);
            var carried = Absent.Where(name => binary.Contains(name, StringComparison.Ordinal)).ToList();
            Assert.True(carried.Count == 0, "the native binary carries " + string.Join(", ", carried));
        }
        else
        {
            // The JIT build (SESAME_TEST_BINARY unset): the CLI's folder holds AWSSDK.Core for the library face only.
            var folder = Path.GetDirectoryName(SesameBinary.Path)!;
            var dlls = Directory.GetFiles(folder, "*.dll").Select(Path.GetFileName).ToList();
            Assert.DoesNotContain(dlls, name => name!.StartsWith("Spectre.Console", StringComparison.Ordinal));
            Assert.Equal(["AWSSDK.Core.dll"], dlls.Where(name => name!.StartsWith("AWSSDK", StringComparison.Ordinal)));
        }
    }
}
