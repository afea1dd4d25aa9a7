import { vitePlugin as remix } from "@remix-run/dev";
import path from "node:path";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Server-only workspace packages stay outside the bundle: the server process loads them
// (through tsx) once, so the Prisma client and Redis connection are one per process.
const SERVER_ONLY_PACKAGES = ["@tradecraft/api", "@tradecraft/db", "@tradecraft/config", "@tradecraft/server"];
// …except the API's constants, which import nothing and are needed by the pages' components.
const CLIENT_SAFE = new Set(["@tradecraft/api/constants"]);
const isServerOnly = (id: string) =>
  !CLIENT_SAFE.has(id) && SERVER_ONLY_PACKAGES.some((name) => id === name || id.startsWith(`${name}/`));

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: { alias: { "~": path.join(import.meta.dirname, "app") } },
  ssr: { external: SERVER_ONLY_PACKAGES },
  build: {
    target: "es2022",
    rollupOptions: { external: (id) => isServerOnly(id) },
    // The password strength meter's dictionaries (~1.7 MB) are one chunk, loaded only when a
    // member starts typing a new password; every other chunk is far below this.
    chunkSizeWarningLimit: 1800,
  },
});
