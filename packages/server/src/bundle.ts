// Build step: compiles a server entry (TypeScript) and the workspace packages it imports into
// one JavaScript file that plain `node` runs (production runs no TypeScript loader).
//   tsx bundle.ts app <appDir>          apps/<app>/server.ts + its Remix build -> dist/server.js
//   tsx bundle.ts entry <in.ts> <out.js>
// An app's Remix server build goes into the same file as its server, so the workspace packages
// both import (request facts, the Prisma client, Redis) exist once per process.
// Third-party packages stay outside the bundle (native addons, WebAssembly, files they read next
// to themselves), imported by a path relative to the output file, so the bundle works wherever
// the repository (with its node_modules) is copied, pnpm's strict layout included.
import fs from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

/** Bundles `entry` with the workspace's own packages inlined; dependencies stay external. */
export async function bundleServer(entry: string, outfile: string): Promise<void> {
  const outDir = path.dirname(path.resolve(outfile));
  const dependenciesByPath: Plugin = {
    name: "dependencies-by-path",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith("node:") || args.pluginData === "resolving") return undefined;
        // Our own packages (TypeScript source) are compiled into the bundle.
        if (args.path.startsWith("@tradecraft/")) return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: "resolving",
        });
        if (resolved.errors.length > 0 || !resolved.path || !path.isAbsolute(resolved.path)) {
          return { path: args.path, external: true };
        }
        if (!resolved.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        let relative = path.relative(outDir, resolved.path).split(path.sep).join("/");
        if (!relative.startsWith(".")) relative = `./${relative}`;
        return { path: relative, external: true };
      });
    },
  };
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
    // The apps declare "sideEffects": false for their browser bundles; a server runs for its effects.
    ignoreAnnotations: true,
    // Some dependencies are CommonJS and call require(): give the ES module bundle one.
    banner: {
      js: "import { createRequire as __tcCreateRequire } from 'node:module'; const require = __tcCreateRequire(import.meta.url);",
    },
    plugins: [dependenciesByPath],
  });
}

/** Bundles an app's server.ts with its built Remix server into <appDir>/dist/server.js. */
export async function bundleApp(appDir: string): Promise<string> {
  const remixBuild = path.join(appDir, "build", "server", "index.js");
  if (!fs.existsSync(remixBuild)) throw new Error(`${remixBuild} is missing: run \`remix vite:build\` first`);
  const generated = path.join(appDir, "build", "server-entry");
  fs.mkdirSync(generated, { recursive: true });
  // The Remix build is handed over before server.ts runs (ES modules evaluate imports in order).
  fs.writeFileSync(
    path.join(generated, "provide-build.ts"),
    `import * as build from ${JSON.stringify(remixBuild)};\nimport { provideServerBuild } from "@tradecraft/server";\nprovideServerBuild(build);\n`,
  );
  const entry = path.join(generated, "entry.ts");
  fs.writeFileSync(entry, `import "./provide-build.ts";\nimport ${JSON.stringify(path.join(appDir, "server.ts"))};\n`);
  const outfile = path.join(appDir, "dist", "server.js");
  await bundleServer(entry, outfile);
  return outfile;
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === "app" && rest[0]) {
  const out = await bundleApp(path.resolve(rest[0]));
  console.warn(`bundled ${path.relative(process.cwd(), out)}`);
} else if (mode === "entry" && rest[0] && rest[1]) {
  await bundleServer(rest[0], rest[1]);
  console.warn(`bundled ${rest[1]}`);
} else if (mode) {
  console.error("usage: bundle.ts app <appDir> | bundle.ts entry <in.ts> <out.js>");
  process.exit(2);
}
