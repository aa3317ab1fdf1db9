using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Infrastructure.Events;

/// <summary>
/// This node's stable name, the first part of every claim its dispatchers make (<c>node#dispatcher</c>). A node that
/// restarts under the same name knows that claims under it belong to a dispatcher that died, and takes them back at once.
/// The name is <see cref="OutboxOptions.NodeName"/> when set; otherwise it is kept in a file of
/// <see cref="OutboxOptions.NodeFolder"/> that this process holds open and locked while it runs, so two processes (or two
/// apps in one process) never share a name: the second finds the first file locked and takes the next.
/// </summary>
public sealed class OutboxNode : IDisposable
{
    public const int MaxNameLength = 60;
    private const int Slots = 64;
    private readonly FileStream? _held;

    public OutboxNode(IOptions<OutboxOptions> options, ILogger<OutboxNode> logger)
    {
        var configured = options.Value.NodeName;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Name = Clean(configured);
            return;
        }

        try
        {
            var folder = Path.GetFullPath(options.Value.NodeFolder);
            Directory.CreateDirectory(folder);
            for (var slot = 0; slot < Slots && _held is null; slot++)
            {
                _held = TryHold(Path.Combine(folder, $"outbox-node-{slot}.id"));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "The outbox node name cannot be kept in {Folder}", options.Value.NodeFolder);
        }

        if (_held is null)
        {
            // No file to keep it in: a name of this run only. Its claims wait out their lease after a crash.
            Name = NewName();
            logger.LogWarning("The outbox node runs under the name {Node} of this run only; set Outbox:NodeName to keep one", Name);
            return;
        }

        using var reader = new StreamReader(_held, leaveOpen: true);
        var kept = reader.ReadToEnd().Trim();
        if (kept.Length is > 0 and <= MaxNameLength && !kept.Contains('#', StringComparison.Ordinal))
        {
            Name = kept;
            return;
        }

        Name = NewName();
        _held.SetLength(0);
        using var writer = new StreamWriter(_held, leaveOpen: true);
        writer.Write(Name);
        writer.Flush();
        _held.Flush(flushToDisk: true);
    }

    /// <summary>The node's name: at most <see cref="MaxNameLength"/> characters, without <c>#</c>.</summary>
    public string Name { get; }

    /// <summary>The claim name of one dispatcher of this node: the node's name and the dispatcher's own id.</summary>
    public string DispatcherName() => $"{Name}#{Guid.NewGuid():N}";

    /// <summary>What every claim of this node's dispatchers starts with.</summary>
    public string ClaimPrefix => Name + "#";

    public void Dispose() => _held?.Dispose();

    /// <summary>The file, open and locked against every other opener, or null when another process or app holds it.</summary>
    private static FileStream? TryHold(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string NewName()
    {
        var machine = Clean(Environment.MachineName);
        machine = machine.Length > 40 ? machine[..40] : machine;
        return $"{machine}/{Guid.NewGuid().ToString("N")[..12]}";
    }

    private static string Clean(string name)
    {
        var clean = name.Trim().Replace('#', '-');
        return clean.Length > MaxNameLength ? clean[..MaxNameLength] : clean;
    }
}
