using Sesame.Sandbox.Wire;

namespace Sesame.Sandbox.Sts;

/// <summary>
/// The organisation's virtual MFA devices. Tests act as the user with <see cref="CurrentCode"/> or
/// <see cref="UnusedCode"/>. The sandbox accepts the current TOTP code ±1 step (30 s) and never the same
/// code twice for one device, as IAM does.
/// </summary>
public sealed class MfaDevices
{
    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly object _lock = new();

    internal MfaDevices(TimeProvider clock) => _clock = clock;

    /// <summary>Serial numbers (ARNs) of every device.</summary>
    public IReadOnlyCollection<string> Serials
    {
        get
        {
            lock (_lock)
            {
                return [.. _devices.Keys];
            }
        }
    }

    /// <summary>The device's base32 seed, as a user would type it into an authenticator (or <c>sesame mfa add</c>).</summary>
    public string Seed(string serial) => Base32.Encode(Get(serial).Secret);

    /// <summary>The code the device shows now (by the sandbox's clock).</summary>
    public string CurrentCode(string serial) => Totp.CodeAt(Get(serial).Secret, _clock.GetUtcNow());

    /// <summary>
    /// A code that will be accepted now and has not been used yet: the current step's, or else the next
    /// step's (accepted within the ±1 step window). Lets a test make two MFA calls within one 30 s step.
    /// </summary>
    public string UnusedCode(string serial)
    {
        var device = Get(serial);
        var step = Totp.StepAt(_clock.GetUtcNow());
        lock (_lock)
        {
            var free = device.Used.Contains(step) ? step + 1 : step;
            if (device.Used.Contains(free))
            {
                throw new InvalidOperationException($"both codes that {serial} accepts now were already used; advance the clock or wait {Totp.Step.TotalSeconds:0} s");
            }

            return Totp.Code(device.Secret, free);
        }
    }

    internal void Add(string serial, string userArn, byte[] secret)
    {
        lock (_lock)
        {
            _devices[serial] = new Device(userArn, secret);
        }
    }

    /// <summary>The ARN of the user the device belongs to, or null when there is no such device.</summary>
    internal string? OwnerOf(string serial)
    {
        lock (_lock)
        {
            return _devices.GetValueOrDefault(serial)?.UserArn;
        }
    }

    /// <summary>Checks a code without using it up.</summary>
    internal bool IsValid(string serial, string code) => MatchingStep(serial, code) is not null;

    /// <summary>Checks a code and marks it used, atomically: true once per code.</summary>
    internal bool TryConsume(string serial, string code)
    {
        lock (_lock)
        {
            if (MatchingStep(serial, code) is not { } step)
            {
                return false;
            }

            _devices[serial].Used.Add(step);
            return true;
        }
    }

    private long? MatchingStep(string serial, string code)
    {
        lock (_lock)
        {
            if (!_devices.TryGetValue(serial, out var device) || code.Length != 6)
            {
                return null;
            }

            var now = Totp.StepAt(_clock.GetUtcNow());
            for (var step = now - 1; step <= now + 1; step++)
            {
                if (!device.Used.Contains(step) && Totp.Code(device.Secret, step) == code)
                {
                    return step;
                }
            }

            return null;
        }
    }

    private Device Get(string serial)
    {
        lock (_lock)
        {
            return _devices.TryGetValue(serial, out var device)
                ? device
                : throw new ArgumentException($"no MFA device {serial}; known: {string.Join(", ", _devices.Keys)}");
        }
    }

    private sealed record Device(string UserArn, byte[] Secret)
    {
        public HashSet<long> Used { get; } = [];
    }
}
