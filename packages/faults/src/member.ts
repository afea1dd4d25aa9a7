// What a member's browser sends: the sign-in form, pages, and the journal's "add trade" call
// through tRPC with the session cookie and the same-origin header the app requires.

/** A stable client address per caller, so the apps' per-IP limits see one client each (TRUST_PROXY=1). */
export const FORWARDED_FOR = "10.77.0.1";

/** Signs in with the sign-in form; the `tc_session=…` cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: base,
      "x-forwarded-for": FORWARDED_FOR,
    },
    body: new URLSearchParams({ email, password, redirectTo: "/app" }).toString(),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith("tc_session="))
    ?.split(";")[0];
  if (!cookie) throw new Error(`could not sign in as ${email} (${response.status})`);
  return cookie;
}

/** A wrong-password sign-in attempt from `ip`; the response status (429 once rate-limited). */
export async function failedSignIn(base: string, email: string, ip: string): Promise<number> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, "x-forwarded-for": ip },
    body: new URLSearchParams({ email, password: "not-the-password-1", redirectTo: "/app" }).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Calls a tRPC mutation as the member's page script does; status and the parsed body. */
export async function mutate(
  base: string,
  cookie: string,
  procedure: string,
  input: unknown,
  timeoutMs = 15_000,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}/api/trpc/${procedure}`, {
    method: "POST",
    headers: {
      cookie,
      origin: base,
      "content-type": "application/json",
      "x-forwarded-for": FORWARDED_FOR,
    },
    body: JSON.stringify({ json: input }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (an HTML error page): kept as text
  }
  return { status: response.status, body };
}

/** The id of a created row in a tRPC success body ({ result: { data: { json: { id } } } }). */
export function createdId(body: unknown): string | null {
  const id = (body as { result?: { data?: { json?: { id?: unknown } } } })?.result?.data?.json?.id;
  return typeof id === "string" ? id : null;
}

/** One trade for the journal's create procedure (a closed long of 1 share). */
export function tradeInput(accountId: string, n: number) {
  const day = String(1 + (n % 28)).padStart(2, "0");
  return {
    accountId,
    symbol: "AAPL",
    direction: "long",
    quantity: "1",
    entryPrice: String(100 + (n % 50)),
    entryAt: `2026-01-${day}T10:00`,
    exitPrice: String(101 + (n % 50)),
    exitAt: `2026-01-${day}T11:00`,
    notes: `fault suite write ${n}`,
  };
}
