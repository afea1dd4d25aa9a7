// @trpc/client's endpoint: the same router the loaders call, over HTTP, same-origin only.
// live.* streams normally never reach it: apps/web/server.ts serves them on Node's response first
// (packages/api/src/live/sse.ts) and hands over only what that path leaves (signed out, bad input).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleTrpcHttpRequest } from "@tradecraft/api/http";
import { getEnv } from "@tradecraft/config";

const handle = ({ request }: LoaderFunctionArgs | ActionFunctionArgs) =>
  handleTrpcHttpRequest(request, { allowedOrigins: [getEnv().APP_URL] });

export const loader = handle;
export const action = handle;
