using System.Runtime.InteropServices;

namespace Sesame.Core.Stores.Unlock;

/// <summary>
/// Caches unlocked keys in the Linux kernel keyring (keyutils), linked into the process's session
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

        var buffer = new byte[128];
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
        try
        {
            // Looking up a name that does not exist proves the library and the system call work.
            _ = Native.request_key("user", "sesame:probe", IntPtr.Zero, 0);
            return null;
        }
        catch (DllNotFoundException)
        {
            return "libkeyutils.so.1 is missing (apt-get install libkeyutils1)";
        }
        catch (EntryPointNotFoundException)
        {
            return "libkeyutils.so.1 is too old";
        }
    }

    private static partial class Native
    {
        private const string Lib = "libkeyutils.so.1";

        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int add_key(string type, string description, byte[] payload, nuint length, int keyring);

        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int request_key(string type, string description, IntPtr calloutInfo, int destination);

        [LibraryImport(Lib)]
        internal static partial int keyctl_get_keyring_ID(int id, int create);

        [LibraryImport(Lib)]
        internal static partial nint keyctl_read(int key, byte[] buffer, nuint length);

        [LibraryImport(Lib)]
        internal static partial nint keyctl_set_timeout(int key, uint seconds);

        [LibraryImport(Lib)]
        internal static partial nint keyctl_setperm(int key, uint permissions);

        [LibraryImport(Lib)]
        internal static partial nint keyctl_invalidate(int key);

        [LibraryImport(Lib)]
        internal static partial nint keyctl_unlink(int key, int keyring);
    }
}
