using System.Text;

namespace Sesame.Sandbox.Hosting;

/// <summary>A recorded call: every recorder entry has an action (operation) name.</summary>
public interface IRecordedCall
{
    /// <summary>The operation, e.g. <c>AssumeRole</c> or <c>GetRoleCredentials</c>.</summary>
    string Action { get; }

    /// <summary>One line for assertion messages (never secrets).</summary>
    string Describe();
}

/// <summary>
/// What an endpoint was asked, in order, for tests to assert on ("exactly one GetSessionToken and three
/// AssumeRole"). Thread-safe; every query returns a snapshot.
/// </summary>
/// <typeparam name="T">The call record type.</typeparam>
public sealed class CallLog<T>
    where T : IRecordedCall
{
    private readonly List<T> _calls = [];
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every call so far.</summary>
    public IReadOnlyList<T> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The calls of one action.</summary>
    public IReadOnlyList<T> Of(string action) => Where(c => c.Action == action);

    /// <summary>How many calls of one action.</summary>
    public int Count(string action) => Of(action).Count;

    /// <summary>The calls matching a predicate.</summary>
    public IReadOnlyList<T> Where(Func<T, bool> predicate) => All.Where(predicate).ToList();

    /// <summary>The action names in order, e.g. <c>["GetSessionToken", "AssumeRole"]</c>.</summary>
    public IReadOnlyList<string> Actions => All.Select(c => c.Action).ToList();

    /// <summary>Forgets every call (e.g. after the arrange part of a test).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _calls.Clear();
        }
    }

    /// <summary>Waits until a call matching <paramref name="predicate"/> has been recorded.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var match = _calls.FirstOrDefault(predicate);
                if (match is not null)
                {
                    return match;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no matching call within {timeout}; calls so far:\n{this}");
            }
        }
    }

    /// <summary>One line per call, for assertion messages.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var call in All)
        {
            sb.AppendLine(call.Describe());
        }

        return sb.Length == 0 ? "(no calls)" : sb.ToString();
    }

    internal void Add(T call)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _calls.Add(call);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
