import pkg from "../package.json" with { type: "json" };

/** The running release: APP_VERSION when the deploy sets it, else the package version. */
export const APP_VERSION: string = process.env.APP_VERSION ?? (pkg as { version?: string }).version ?? "0.0.0";

const startedAt = Date.now();

/** Whole seconds since this process loaded the API. */
export const uptimeSeconds = () => Math.floor((Date.now() - startedAt) / 1000);
