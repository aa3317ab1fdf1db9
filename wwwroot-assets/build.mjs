// Builds the browser modules into Platform.Web/wwwroot/js, and the service workers (src/worker) into
// Platform.Web/wwwroot itself, since a worker controls only pages at or below its own address. The
// output is committed, so `dotnet run` needs no Node.js; a test checks that it matches these sources
// (`npm run check` does the same).
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wwwroot = join(here, "..", "Platform.Web", "wwwroot");
const outputs = [
  { source: join(here, "src"), target: join(wwwroot, "js"), prefix: "" },
  { source: join(here, "src", "worker"), target: wwwroot, prefix: "worker/" },
];
const check = process.argv.includes("--check");

let stale = 0;
for (const { source, target, prefix } of outputs) {
  await mkdir(target, { recursive: true });
  for (const name of (await readdir(source)).filter((f) => f.endsWith(".js"))) {
    const built = `// Built from wwwroot-assets/src/${prefix}${name}: edit the source, then run npm run build.\n` +
      (await readFile(join(source, name), "utf8"));
    const out = join(target, name);
    if (check) {
      const current = await readFile(out, "utf8").catch(() => "");
      if (current !== built) {
        console.error(`stale: ${out}`);
        stale++;
      }
    } else {
      await writeFile(out, built);
      console.log(`built ${out}`);
    }
  }
}
process.exit(stale ? 1 : 0);
