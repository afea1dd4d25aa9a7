// The browser's way to the router: @trpc/client on /api/trpc (the same procedures the loaders
// call), with the server's superjson transformer. Only client-side islands use it.
import type { AppRouter } from "@tradecraft/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";

let client: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;

/** The page's one tRPC client, created on first use in the browser. */
export function browserApi() {
  client ??= createTRPCClient<AppRouter>({ links: [httpLink({ url: "/api/trpc", transformer: superjson })] });
  return client;
}
