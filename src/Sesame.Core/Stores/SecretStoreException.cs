using Sesame.Core.Errors;

namespace Sesame.Core.Stores;

/// <summary>Why a secret-store operation failed.</summary>
public enum SecretStoreFailure
{
    /// <summary>The backend cannot be used here (missing program, no D-Bus session, wrong OS).</summary>
    Unavailable,

    /// <summary>The store (keyring, collection) is locked and could not be unlocked without a prompt.</summary>
    Locked,

    /// <summary>The passphrase does not open the store.</summary>
    WrongPassphrase,

    /// <summary>A store file is corrupted, truncated or was tampered with.</summary>
    Corrupted,

    /// <summary>The backend reported another error.</summary>
    Failed,
}

/// <summary>
/// A secret store could not do what was asked. The message is one line that names the backend
/// and says what to do next; it never contains a secret. Exit code <see cref="ExitCodes.SecretStoreError"/>.
/// </summary>
public sealed class SecretStoreException : SesameException
{
    /// <summary>Creates the error.</summary>
    public SecretStoreException(SecretStoreFailure failure, string message, Exception? inner = null)
        : base(message, ExitCodes.SecretStoreError, inner) => Failure = failure;

    /// <summary>What kind of failure this is.</summary>
    public SecretStoreFailure Failure { get; }
}
