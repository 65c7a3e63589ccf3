using Sesame.Core.Platform;

namespace Sesame.Testing;

/// <summary>An in-memory environment: exactly the variables a test sets, nothing from the host.</summary>
public sealed class TestEnvironment : IEnvironment
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public TestEnvironment(IEnumerable<KeyValuePair<string, string>>? variables = null, bool isWindows = false, string? runtimeHome = null)
    {
        if (variables is not null)
        {
            foreach (var (key, value) in variables)
            {
                _variables[key] = value;
            }
        }

        IsWindows = isWindows;
        RuntimeHomeDirectory = runtimeHome;
    }

    public string? this[string name]
    {
        get => _variables.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                _variables.Remove(name);
            }
            else
            {
                _variables[name] = value;
            }
        }
    }

    public string? GetVariable(string name) => _variables.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, string> GetAll() => new Dictionary<string, string>(_variables);

    public bool IsWindows { get; set; }

    public string? RuntimeHomeDirectory { get; set; }
}
