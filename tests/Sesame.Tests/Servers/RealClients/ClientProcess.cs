using System.Diagnostics;
using System.Text.Json;

namespace Sesame.Tests.Servers.RealClients;

/// <summary>
/// A real AWS client (botocore, the AWS SDK for .NET) as a child process with a clean environment:
/// nothing from the test host, only HOME (an empty temporary folder) and the variables the test gives.
/// The test sends one command per line and reads one JSON line back; disposing ends the process.
/// </summary>
internal sealed class ClientProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _home;
    private readonly List<string> _stderr = [];

    private ClientProcess(Process process, string home)
    {
        _process = process;
        _home = home;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public static ClientProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var home = Directory.CreateTempSubdirectory("sesame-client-").FullName;
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["HOME"] = home;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ClientProcess(Process.Start(start)!, home);
    }

    /// <summary>Sends a command and returns the JSON line it answered.</summary>
    public async Task<JsonElement> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(line is not null, $"the client exited without answering '{command}':\n{StandardError}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>Sends a command and returns the access key id it printed, failing the test with the client's error otherwise.</summary>
    public async Task<string> KeyAsync(string command = "get")
    {
        var answer = await AskAsync(command);
        if (answer.TryGetProperty("error", out var error))
        {
            Assert.Fail($"the client could not get credentials: {error.GetString()}\n{StandardError}");
        }

        return answer.GetProperty("accessKeyId").GetString()!;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Already gone.
        }

        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }
}
