// Bundles and minifies the front-end sources with esbuild (ADR 0019). Every src/*.js is an entry point
// and becomes Platform.Web/wwwroot/js/<name>.js, an ES module with what it imports (src/lib, npm packages)
// bundled in. Every src/worker/*.js is a service worker and becomes Platform.Web/wwwroot/<name>.js, a
// classic script, since a worker controls only pages at or below its own address.
//
//   npm run build                  writes Platform.Web/wwwroot (the output is committed)
//   node build.mjs --out <folder>  writes <folder>/js and <folder> instead (FrontEndAssetsTests compares)
import { readdir } from "node:fs/promises";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outIndex = process.argv.indexOf("--out");
const root = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(here, "..", "Platform.Web", "wwwroot");

async function entries(folder) {
  return (await readdir(join(here, folder))).filter((f) => f.endsWith(".js")).sort().map((f) => `${folder}/${f}`);
}

function banner(folder) {
  return `// Built by esbuild from wwwroot-assets/${folder}: edit the sources there, then run npm run build.`;
}

// What every browser the platform supports runs (evergreen Chromium, Firefox and Safari).
const shared = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  target: ["es2022"],
  charset: "utf8",
  legalComments: "eof",
  logLevel: "warning",
};

await esbuild.build({
  ...shared,
  entryPoints: await entries("src"),
  outdir: join(root, "js"),
  format: "esm",
  banner: { js: banner("src") },
});

await esbuild.build({
  ...shared,
  entryPoints: await entries("src/worker"),
  outdir: root,
  format: "iife",
  banner: { js: banner("src/worker") },
});

console.log(`built into ${root}`);
