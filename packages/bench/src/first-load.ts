// Issue 13's page-weight figure: the JavaScript a page makes the browser load before it is
// interactive, gzip-compressed. Read from the server-rendered HTML as a browser would: the
// modulepreload links, the module scripts and what their inline imports name, then every static
// import of those modules, transitively (dynamic `import()` chunks load later and are left out).
import { gzipSync } from "node:zlib";

export interface FirstLoadFigures {
  page: string;
  modules: number;
  /** Uncompressed bytes of the modules. */
  rawBytes: number;
  /** The modules gzip-compressed at level 9, one by one (as they are served). */
  gzipBytes: number;
  /** The inline scripts of the HTML itself (hydration data, the module bootstrap), gzip level 9. */
  inlineGzipBytes: number;
  /** The five heaviest modules, for "what dominates". */
  largest: { url: string; gzipBytes: number }[];
}

export const FIRST_LOAD_TARGET_KB = 120;

const gzipSize = (bytes: Uint8Array | string) => gzipSync(bytes, { level: 9 }).length;

/** The JavaScript URLs the HTML loads at once: preloads, module script sources and their static imports. */
export function scriptUrlsOf(html: string, pageUrl: string): { urls: string[]; inline: string[] } {
  const urls = new Set<string>();
  const inline: string[] = [];
  for (const m of html.matchAll(/<link\b[^>]*\brel=["']modulepreload["'][^>]*>/gi)) {
    const href = /\bhref=["']([^"']+)["']/i.exec(m[0])?.[1];
    if (href) urls.add(new URL(href, pageUrl).toString());
  }
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = /\bsrc=["']([^"']+)["']/i.exec(m[1]!)?.[1];
    if (src) urls.add(new URL(src, pageUrl).toString());
    else if (m[2]!.trim()) {
      inline.push(m[2]!);
      for (const spec of staticImportsOf(m[2]!)) urls.add(new URL(spec, pageUrl).toString());
    }
  }
  return { urls: [...urls], inline };
}

/** `import "x"`, `import … from "x"`, `export … from "x"`: not `import("x")`, which loads later. */
export function staticImportsOf(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"'\s]+\.m?js)["']/g)].map((m) => m[1]!);
}

/** Fetches `path` (with the cookie when given) and weighs the JavaScript its first load needs. */
export async function firstLoadJs(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<FirstLoadFigures> {
  const pageUrl = new URL(path, base).toString();
  const response = await fetch(pageUrl, { headers: { accept: "text/html", ...headers }, redirect: "manual" });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}, not a page`);
  const html = await response.text();
  const { urls, inline } = scriptUrlsOf(html, pageUrl);
  const seen = new Map<string, { raw: number; gzip: number }>();
  const queue = [...urls];
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const js = await fetch(url);
    if (!js.ok) throw new Error(`${url} answered ${js.status}`);
    const code = await js.text();
    const bytes = Buffer.from(code);
    seen.set(url, { raw: bytes.length, gzip: gzipSize(bytes) });
    for (const spec of staticImportsOf(code)) queue.push(new URL(spec, url).toString());
  }
  const sizes = [...seen.entries()];
  return {
    page: path,
    modules: sizes.length,
    rawBytes: sizes.reduce((sum, [, s]) => sum + s.raw, 0),
    gzipBytes: sizes.reduce((sum, [, s]) => sum + s.gzip, 0),
    inlineGzipBytes: inline.reduce((sum, code) => sum + gzipSize(code), 0),
    largest: sizes
      .sort((a, b) => b[1].gzip - a[1].gzip)
      .slice(0, 5)
      .map(([url, s]) => ({ url: new URL(url).pathname, gzipBytes: s.gzip })),
  };
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** "first-load JS / (gzip): 98.4 KB (target ≤ 120 KB)", with what dominates when over. */
export function describeFirstLoad(f: FirstLoadFigures): string {
  const over = kb(f.gzipBytes) > FIRST_LOAD_TARGET_KB;
  const lines = [
    `first-load JS ${f.page} (gzip): ${kb(f.gzipBytes)} KB (target ≤ ${FIRST_LOAD_TARGET_KB} KB)${over ? ` — MISSED by ${Math.round((kb(f.gzipBytes) - FIRST_LOAD_TARGET_KB) * 10) / 10} KB` : ""}` +
      ` · ${f.modules} modules, ${kb(f.rawBytes)} KB raw; inline scripts ${kb(f.inlineGzipBytes)} KB gzip`,
  ];
  if (over) lines.push(`  largest: ${f.largest.map((l) => `${l.url} ${kb(l.gzipBytes)} KB`).join(", ")}`);
  return lines.join("\n");
}
