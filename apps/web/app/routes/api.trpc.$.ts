// @trpc/client's endpoint: the same router the loaders call, over HTTP, same-origin only.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleTrpcHttpRequest } from "@tradecraft/api/http";
import { getEnv } from "@tradecraft/config";

const handle = ({ request }: LoaderFunctionArgs | ActionFunctionArgs) =>
  handleTrpcHttpRequest(request, { allowedOrigins: [getEnv().APP_URL] });

export const loader = handle;
export const action = handle;
