// A loader that fails on purpose, served only to test stacks started with E2E_FAULT_ROUTES=1 (a
// 404 everywhere else, before any other work): the e2e suite proves through it that a real
// loader error of a signed-in member reaches Sentry with the member's id and nothing personal.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "@tradecraft/config";
import { requireUser } from "~/lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (!getEnv().E2E_FAULT_ROUTES) throw new Response("Not found", { status: 404 });
  await requireUser(request);
  throw new Error("E2E fault: a loader failed on purpose");
}

export default function FaultRoute() {
  return null;
}
