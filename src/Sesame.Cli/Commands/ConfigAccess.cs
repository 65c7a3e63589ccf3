using Sesame.Core.Config;

namespace Sesame.Cli.Commands;

/// <summary>Loading the shared files for a command.</summary>
internal static class ConfigAccess
{
    public static ConfigLoader Loader(CliContext context) => new(context.FileSystem, context.Environment);

    public static ProfileSet Load(CliContext context) => Loader(context).Load();
}
