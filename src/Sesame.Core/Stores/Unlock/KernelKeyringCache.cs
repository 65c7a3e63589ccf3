using System.Runtime.InteropServices;

namespace Sesame.Core.Stores.Unlock;

/// <summary>
/// Caches unlocked keys in the Linux kernel keyring (the keyutils system calls), linked into the process's session
/// keyring (the login session's under pam_keyinit, else the user-session keyring) with a timeout
/// and possessor-only permissions: the key dies with the login session or after the
/// timeout, whichever comes first, never touches disk, and a lookup is two system calls.
/// Entries are named <c>sesame:&lt;id&gt;</c>.
/// </summary>
public sealed partial class KernelKeyringCache : IUnlockCache
{
    private const int SessionKeyring = -3;
    private const int UserKeyring = -4;
    private const uint PossessorAll = 0x3f000000;
    private static readonly Lazy<string?> LoadError = new(Probe);

    /// <inheritdoc />
    public string Name => "kernel-keyring";

    /// <inheritdoc />
    public bool IsAvailable => OperatingSystem.IsLinux() && LoadError.Value is null;

    /// <summary>Why the kernel keyring cannot be used, or <c>null</c> when it can.</summary>
    public static string? UnavailableReason => OperatingSystem.IsLinux() ? LoadError.Value : "the kernel keyring exists only on Linux";

    /// <inheritdoc />
    public byte[]? TryGet(string id)
    {
        if (!IsAvailable)
        {
            return null;
        }

        var serial = Native.request_key("user", Description(id), IntPtr.Zero, 0);
        if (serial <= 0)
        {
            return null;
        }

        // Large enough for a cached session (about 600 bytes), so one read is usually all it takes.
        var buffer = new byte[1024];
        var length = Native.keyctl_read(serial, buffer, (nuint)buffer.Length);
        if (length > buffer.Length && length <= 1 << 20)
        {
            // Larger entries (cached sessions): keyctl_read reports the size it needs.
            buffer = new byte[length];
            length = Native.keyctl_read(serial, buffer, (nuint)buffer.Length);
        }

        if (length <= 0 || length > buffer.Length)
        {
            return null;
        }

        var key = buffer.AsSpan(0, (int)length).ToArray();
        // Array.Clear, not CryptographicOperations.ZeroMemory: this runs on every cached answer and
        // the latter loads the cryptography assembly; a heap array's clearing is never elided.
        Array.Clear(buffer);
        return key;
    }

    /// <inheritdoc />
    public void Put(string id, ReadOnlySpan<byte> key, TimeSpan lifetime)
    {
        if (!IsAvailable || lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var payload = key.ToArray();
        try
        {
            var serial = Native.add_key("user", Description(id), payload, (nuint)payload.Length, TargetKeyring());
            if (serial > 0)
            {
                _ = Native.keyctl_setperm(serial, PossessorAll);
                _ = Native.keyctl_set_timeout(serial, (uint)Math.Clamp(lifetime.TotalSeconds, 1, uint.MaxValue));
            }
        }
        finally
        {
            Array.Clear(payload);
        }
    }

    /// <inheritdoc />
    public bool Remove(string id)
    {
        if (!IsAvailable)
        {
            return false;
        }

        var removed = false;
        // A key may be linked more than once (several puts); invalidate until none is found.
        for (var i = 0; i < 8; i++)
        {
            var serial = Native.request_key("user", Description(id), IntPtr.Zero, 0);
            if (serial <= 0)
            {
                break;
            }

            removed |= Native.keyctl_invalidate(serial) == 0 || Native.keyctl_unlink(serial, TargetKeyring()) == 0;
        }

        return removed;
    }

    private static string Description(string id) => "sesame:" + id;

    // The session keyring the process already has. Asking add_key for "@s" directly would make a
    // process without one (no pam_keyinit: containers, some SSH set-ups) join a fresh anonymous
    // session keyring that dies with it; resolving without "create" gives the user-session
    // keyring instead, which later processes of the same user search too.
    private static int TargetKeyring()
    {
        var ring = Native.keyctl_get_keyring_ID(SessionKeyring, 0);
        return ring > 0 ? ring : UserKeyring;
    }

    private static string? Probe()
    {
        if (!Native.IsSupported)
        {
            return $"the kernel keyring's system calls are not known for {RuntimeInformation.ProcessArchitecture}";
        }

        // Looking up a name that does not exist proves the system call works (ENOKEY).
        if (Native.request_key("user", "sesame:probe", 0, out var errno) > 0 || errno == Native.ENOKEY)
        {
            return null;
        }

        return errno switch
        {
            Native.ENOSYS => "the kernel has no key management (CONFIG_KEYS)",
            Native.EPERM or Native.EACCES => "the kernel keyring is not allowed here (a container's seccomp profile, say)",
            _ => $"the kernel keyring refused a lookup (errno {errno})",
        };
    }

    /// <summary>
    /// The keyutils calls as the system calls they wrap (add_key(2), request_key(2), keyctl(2)), made
    /// through the C library's <c>syscall</c>: no libkeyutils to look up and load on every cached
    /// answer (that lookup alone cost about 0.6 million instructions and a dlopen per process).
    /// </summary>
    private static unsafe partial class Native
    {
        public const int EPERM = 1;
        public const int EACCES = 13;
        public const int ENOSYS = 38;
        public const int ENOKEY = 126;

        private const int KeyctlGetKeyringId = 0;
        private const int KeyctlSetPerm = 5;
        private const int KeyctlUnlink = 9;
        private const int KeyctlRead = 11;
        private const int KeyctlSetTimeout = 15;
        private const int KeyctlInvalidate = 21;

        // (add_key, request_key, keyctl) by processor: x86-64's own table, and the generic table arm64 uses.
        private static readonly (nint AddKey, nint RequestKey, nint Keyctl) Numbers = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (248, 249, 250),
            Architecture.Arm64 => (217, 218, 219),
            _ => (-1, -1, -1),
        };

        public static bool IsSupported => Numbers.Keyctl > 0;

        public static int add_key(string type, string description, byte[] payload, nuint length, int keyring)
        {
            var t = Utf8(type);
            var d = Utf8(description);
            fixed (byte* pt = t, pd = d, pp = payload)
            {
                return (int)Call(Numbers.AddKey, (nint)pt, (nint)pd, (nint)pp, (nint)length, keyring, out _);
            }
        }

        public static int request_key(string type, string description, nint calloutInfo, int destination)
            => request_key(type, description, destination, out _);

        public static int request_key(string type, string description, int destination, out int errno)
        {
            var t = Utf8(type);
            var d = Utf8(description);
            fixed (byte* pt = t, pd = d)
            {
                return (int)Call(Numbers.RequestKey, (nint)pt, (nint)pd, 0, destination, 0, out errno);
            }
        }

        public static int keyctl_get_keyring_ID(int id, int create) => (int)Keyctl(KeyctlGetKeyringId, id, create, 0);

        public static nint keyctl_read(int key, byte[] buffer, nuint length)
        {
            fixed (byte* pb = buffer)
            {
                return Keyctl(KeyctlRead, key, (nint)pb, (nint)length);
            }
        }

        public static nint keyctl_set_timeout(int key, uint seconds) => Keyctl(KeyctlSetTimeout, key, (nint)seconds, 0);

        public static nint keyctl_setperm(int key, uint permissions) => Keyctl(KeyctlSetPerm, key, (nint)permissions, 0);

        public static nint keyctl_invalidate(int key) => Keyctl(KeyctlInvalidate, key, 0, 0);

        public static nint keyctl_unlink(int key, int keyring) => Keyctl(KeyctlUnlink, key, keyring, 0);

        private static nint Keyctl(int operation, nint a, nint b, nint c) => Call(Numbers.Keyctl, operation, a, b, c, 0, out _);

        private static nint Call(nint number, nint a1, nint a2, nint a3, nint a4, nint a5, out int errno)
        {
            if (number < 0)
            {
                errno = ENOSYS;
                return -1;
            }

            var result = syscall(number, a1, a2, a3, a4, a5);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return result;
        }

        private static byte[] Utf8(string text)
        {
            var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
            System.Text.Encoding.UTF8.GetBytes(text, bytes);
            return bytes;
        }

        // syscall(2) is variadic; on Linux x86-64 and arm64 integer arguments are passed alike either way.
        [LibraryImport("libc", SetLastError = true)]
        private static partial nint syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5);
    }
}
