using System.Reflection;
using Sesame.Cli;

namespace Sesame.Tests.Cli.Sso;

/// <summary>
/// credential-process runs on every SDK refresh, so it must never load QRCoder (start-up time of the
/// framework-dependent build). The runtime loads an assembly when it lays out a type whose fields use
/// it or compiles a method that uses it: only the QR adapter may mention that library, and it is
/// used only inside the actions of interactive commands. (Spectre.Console is gone: the interactive
/// console is Sesame's own, Interactive/TerminalConsoleUi.)
/// </summary>
public sealed class InteractiveIsolationTests
{
    private static readonly HashSet<string> Adapters = new(StringComparer.Ordinal)
    {
        "Sesame.Cli.Interactive.QrCodeText",
    };

    [Fact]
    public void No_type_outside_the_qr_adapter_holds_a_qrcoder_type()
    {
        var offenders = new List<string>();
        foreach (var type in typeof(CliApp).Assembly.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null)
            {
                outer = outer.DeclaringType;
            }

            if (Adapters.Contains(outer.FullName!))
            {
                continue;
            }

            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            var used = type.GetFields(all).Select(f => (f.Name, f.FieldType))
                .Concat(type.GetProperties(all).Select(p => (p.Name, p.PropertyType)))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => (m.Name, p.ParameterType)).Append((m.Name, m.ReturnType))))
                .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => (p.Name ?? "?", p.ParameterType)))
                .Append(("base type", type.BaseType ?? typeof(object)));
            offenders.AddRange(used.Where(u => IsInteractiveLibrary(u.Item2)).Select(u => $"{type.FullName}.{u.Item1}: {u.Item2.FullName}"));
        }

        Assert.True(offenders.Count == 0, "QRCoder types outside the adapter:\n  " + string.Join("\n  ", offenders));
    }

    [Fact]
    public async Task The_real_credential_process_opens_neither_library_nor_the_aws_sdk_on_a_cached_answer()
    {
        // A fresh process, so nothing another test loaded counts: strace lists every file it opens.
        if (!File.Exists("/usr/bin/strace"))
        {
            throw new InvalidOperationException("this test needs strace to see which assemblies the real binary opens: apt-get install strace");
        }

        using var home = new Sesame.Testing.TempDirectory();
        home.Write(".aws/config", "[profile p]\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDEXAMPLE\", \"SecretAccessKey\": \"x\"}'\n");
        var trace = home.Combine("trace");
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/strace") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-f", "-e", "trace=openat,open", "-o", trace, Sesame.Testing.SesameBinary.Path, "credential-process", "p" })
        {
            start.ArgumentList.Add(argument);
        }

        Sesame.Testing.CallerEnvironment.Scrub(start);
        start.Environment["HOME"] = home.Path;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
        var opened = File.ReadAllText(trace);
        if (Sesame.Testing.SesameBinary.IsNativeAot)
        {
            // Native AOT (SESAME_TEST_BINARY): everything is compiled in and nothing is loaded, so no
            // assembly may be opened at all, nor OpenSSL (which only the SDK's paths start).
            Assert.Contains(home.Combine(".aws/config"), opened, StringComparison.Ordinal);
            Assert.DoesNotContain(".dll", opened, StringComparison.Ordinal);
            Assert.DoesNotContain("libssl", opened, StringComparison.Ordinal);
            return;
        }

        Assert.Contains("sesame.dll", opened, StringComparison.Ordinal);
        Assert.DoesNotContain("QRCoder.dll", opened, StringComparison.Ordinal);
        Assert.DoesNotContain("AWSSDK", opened, StringComparison.Ordinal);
    }

    private static bool IsInteractiveLibrary(Type type)
        => type.Assembly.GetName().Name is "QRCoder"
        || (type.IsGenericType && type.GetGenericArguments().Any(IsInteractiveLibrary))
        || (type.HasElementType && IsInteractiveLibrary(type.GetElementType()!));
}
