using System.Diagnostics;
using System.Text.Json;
using Platform.Tests.Support;

namespace Platform.Tests.FrontEnd;

/// <summary>
/// Runs the front-end build of wwwroot-assets: installs its locked npm packages first when node_modules lacks
/// them (npm ci, as on a fresh clone), then builds into a temporary folder instead of Platform.Web/wwwroot.
/// </summary>
public static class FrontEndBuild
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static string Folder => Path.Combine(RepositoryRoot.Path, "wwwroot-assets");

    /// <summary>Builds the sources into a new temporary folder (js/ and the workers) and returns it.</summary>
    public static async Task<string> BuildIntoTemporaryFolderAsync()
    {
        var output = Directory.CreateTempSubdirectory("platform-assets-").FullName;
        await OneAtATime.WaitAsync();
        try
        {
            if (!PackagesMatchTheLock())
            {
                await RunAsync("npm", "ci --no-audit --no-fund");
            }

            await RunAsync("node", $"build.mjs --out \"{output}\"");
            return output;
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>Whether every package named in package.json is installed at the version package-lock.json holds.</summary>
    private static bool PackagesMatchTheLock()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "package.json")));
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "package-lock.json")));
        var locked = lockFile.RootElement.GetProperty("packages");
        var names = new[] { "dependencies", "devDependencies" }
            .Where(section => manifest.RootElement.TryGetProperty(section, out _))
            .SelectMany(section => manifest.RootElement.GetProperty(section).EnumerateObject().Select(p => p.Name));
        foreach (var name in names)
        {
            var installed = Path.Combine(Folder, "node_modules", name, "package.json");
            if (!File.Exists(installed) || !locked.TryGetProperty($"node_modules/{name}", out var entry))
            {
                return false;
            }

            using var package = JsonDocument.Parse(File.ReadAllText(installed));
            if (package.RootElement.GetProperty("version").GetString() != entry.GetProperty("version").GetString())
            {
                return false;
            }
        }

        return true;
    }

    private static async Task RunAsync(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed: the front-end build needs Node.js 20 or later with npm (./test.sh installs it).", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            }
        }
    }
}
