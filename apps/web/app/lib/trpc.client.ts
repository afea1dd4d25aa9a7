// The browser's way to the router: @trpc/client on /api/trpc (the same procedures the loaders
// call), with the server's superjson transformer. Subscriptions (the live ticker) stream over
// server-sent events on the same endpoint; everything else is a plain request. Only client-side
// islands use it.
import type { AppRouter } from "@tradecraft/api";
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import superjson from "superjson";

let client: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;

/** The page's one tRPC client, created on first use in the browser. */
export function browserApi() {
  client ??= createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
        false: httpLink({ url: "/api/trpc", transformer: superjson }),
      }),
    ],
  });
  return client;
}
