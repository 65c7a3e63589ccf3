using System.Buffers;

namespace Sesame.Core.Platform;

/// <summary>
/// A regular file's content as read once (<see cref="IFileSystem.ReadContent"/>): its bytes — copied,
/// or for a large file a private read-only mapping — and the version (size, last write time) they are,
/// taken from the open file, so it describes exactly these bytes.
/// </summary>
public sealed class FileContent
{
    /// <summary>Creates the content.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="stamp">The version read, or <c>null</c> when it is not known.</param>
    public FileContent(ReadOnlyMemory<byte> bytes, FileStamp? stamp)
    {
        Bytes = bytes;
        Stamp = stamp;
    }

    /// <summary>The bytes; a mapping stays valid as long as this memory (or anything holding it) is reachable.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The version read, or <c>null</c> when it is not known.</summary>
    public FileStamp? Stamp { get; }
}

/// <summary>
/// A read-only, private mapping of a file as <see cref="Memory{T}"/>, made by
/// <see cref="PhysicalFileSystem.ForShortLivedProcess"/>: it lasts until the process exits (no
/// finalizer unmaps it, so a span taken from it can never outlive the pages). A mapping shows the file
/// as it is on disk: Sesame maps only config files, which every writer it knows replaces by renaming
/// a new file over them (the mapped version stays intact), and trusts an indexed version only if the
/// path still names it after indexing.
/// </summary>
public sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly nint _address;
    private readonly int _length;

    internal MappedFileMemory(nint address, int length)
    {
        _address = address;
        _length = length;
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan() => new((void*)_address, _length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0) => new((byte*)_address + elementIndex);

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Never unmapped early: see the type's remarks.
    }
}
