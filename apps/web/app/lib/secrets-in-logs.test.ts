// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx: this app has no vitest).
//
// No token, password or cookie in the logs. The account journeys (sign-up, email confirmation,
// sign-in, forgot and reset password, password and email change, lockout and unlock) run through
// the real Express server (request ids, request log), the real route loaders and actions, the
// real API on a database of its own, while every log line, at every level, is captured. Every
// secret the journeys see (each token mailed, each password typed, each cookie set) is then
// looked for in what the logger wrote. Remix's rendering is left out: the route functions are
// called directly, the way Remix calls them.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { createTestDatabase, type TestDatabase } from "@tradecraft/db/testing";
import { createHttpApp, type FetchHandler } from "@tradecraft/server";

const APP_URL = "http://localhost:3000";
const PASSWORD = "violet tractor sings under copper rain";
const NEW_PASSWORD = "seven quiet herons fold paper lanterns";
const CHANGED_PASSWORD = "amber kettle drifts over quiet harbour";

/** What Remix calls on a route module: its loader for GET, its action otherwise. */
type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

let db: TestDatabase;
let server: http.Server;
let baseUrl = "";
const written: string[] = [];
/** Every secret the journeys saw; none may appear in the logs. */
const secrets = new Set<string>([PASSWORD, NEW_PASSWORD, CHANGED_PASSWORD]);
const run = Math.random().toString(36).slice(2, 8);
const hex = () => Math.floor(Math.random() * 0xffff).toString(16);

before(async () => {
  db = await createTestDatabase({ prefix: "tc_web_logs" });
  process.env.DATABASE_URL = db.url;
  process.env.APP_URL = APP_URL;
  // Imported once the environment is set: the API reads it when first used.
  const routes: Record<string, RouteModule> = {
    "/signup": await import("../routes/signup.tsx"),
    "/login": await import("../routes/login.tsx"),
    "/logout": await import("../routes/logout.tsx"),
    "/verify-email": await import("../routes/verify-email.tsx"),
    "/forgot-password": await import("../routes/forgot-password.tsx"),
    "/reset-password": await import("../routes/reset-password.tsx"),
    "/unlock": await import("../routes/unlock.tsx"),
    "/app/settings/profile": await import("../routes/app.settings.profile.tsx"),
    "/app/settings/security": await import("../routes/app.settings.security.tsx"),
  };
  const trpc: RouteModule = await import("../routes/api.trpc.$.ts");
  const handler: FetchHandler = async (request) => {
    const { pathname } = new URL(request.url);
    const route = pathname.startsWith("/api/trpc/") ? trpc : routes[pathname];
    const fn = request.method === "GET" ? route?.loader : route?.action;
    if (!fn) return new Response("Not found", { status: 404 });
    try {
      const result = await fn({ request, params: {}, context: {} });
      return result instanceof Response ? result : Response.json(result);
    } catch (thrown) {
      if (thrown instanceof Response) return thrown; // a redirect, as Remix would send it
      throw thrown;
    }
  };
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  const app = createHttpApp({
    app: "web",
    logger: createLogger({ level: "trace", pretty: false, destination }),
    version: "0.0.0-test",
    isProduction: false,
    appUrl: APP_URL,
    // Each journey is its own client, through X-Forwarded-For (Redis keeps limits between runs).
    trustProxy: 1,
    bodyLimitBytes: 1024 * 1024,
    handler,
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await closePrisma();
  await closeRedis();
  await db?.drop();
});

/** A browser: its own address, its cookies, and every cookie value it is given noted as a secret. */
function browser(ip = `2001:db8:${hex()}:${hex()}::1`) {
  const jar = new Map<string, string>();
  async function send(
    path: string,
    {
      form,
      method = form ? "POST" : "GET",
      ip: from = ip,
    }: { form?: Record<string, string>; method?: string; ip?: string } = {},
  ) {
    const headers: Record<string, string> = {
      "X-Forwarded-For": from,
      Origin: APP_URL,
      "User-Agent": "secrets-in-logs",
    };
    if (jar.size) headers.Cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: form ? new URLSearchParams(form) : undefined,
      redirect: "manual",
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, value = ""] = pair!.split("=");
      if (value) {
        jar.set(name!, value);
        // The whole value and its parts (a device cookie is "<id>.<mac>").
        for (const part of [value, ...value.split(".")]) secrets.add(part);
      } else jar.delete(name!);
    }
    return { status: response.status, location: response.headers.get("location"), body: await response.text() };
  }
  return { send, jar };
}

/** The tokens of the newest message to `to` whose template matches, each link's token noted as a secret. */
async function mailedTokens(to: string, template: string): Promise<Record<string, string>> {
  const message = await getPrisma().emailMessage.findFirstOrThrow({
    where: { toAddress: to, template },
    orderBy: { createdAt: "desc" },
  });
  const tokens: Record<string, string> = {};
  for (const link of message.textBody.match(/https?:\/\/\S+/g) ?? []) {
    const url = new URL(link);
    const token = url.searchParams.get("token");
    if (token) {
      tokens[url.pathname] = token;
      secrets.add(token);
    }
  }
  return tokens;
}

describe("the logs of the account journeys", () => {
  const email = `logs-${run}@example.test`;
  const newEmail = `logs-new-${run}@example.test`;

  it("sign-up (new and taken address), email confirmation, sign-in with a non-ASCII redirectTo, sign-out", async () => {
    const visitor = browser();
    const signedUp = await visitor.send("/signup", { form: { displayName: "Lou Logs", email, password: PASSWORD } });
    assert.equal(signedUp.status, 200);
    assert.match(signedUp.body, /Check your email/);
    const again = await browser().send("/signup", { form: { displayName: "Someone", email, password: "weak" } });
    assert.equal(again.status, 400); // the password policy, before anything else
    assert.equal(
      (await browser().send("/signup", { form: { displayName: "Someone", email, password: NEW_PASSWORD } })).status,
      200,
    );

    const { "/verify-email": verifyToken } = await mailedTokens(email, "verify-email");
    assert.ok(verifyToken);
    assert.equal((await visitor.send(`/verify-email?token=${verifyToken}`)).status, 200);
    assert.equal((await visitor.send("/verify-email", { form: { token: verifyToken } })).status, 200);
    assert.equal((await visitor.send("/verify-email", { form: { token: verifyToken } })).status, 400); // used: refused

    const signedIn = await visitor.send("/login", {
      form: { email, password: PASSWORD, redirectTo: "/app/journal?tag=café" },
    });
    assert.equal(signedIn.status, 302);
    assert.equal(signedIn.location, "/app/journal?tag=caf%C3%A9");
    assert.ok(visitor.jar.get("tc_session") && visitor.jar.get("tc_device"));
    assert.equal((await visitor.send("/logout", { form: {} })).status, 302);
  });

  it("forgot and reset password, over the pages and over tRPC", async () => {
    const member = browser();
    assert.equal((await member.send("/forgot-password", { form: { email } })).status, 200);
    const { "/reset-password": resetToken } = await mailedTokens(email, "password-reset");
    assert.ok(resetToken);
    assert.equal((await member.send(`/reset-password?token=${resetToken}`)).status, 200);
    // The request of the issue: the token in a GET's tRPC input.
    const input = encodeURIComponent(JSON.stringify({ json: { token: resetToken } }));
    assert.equal((await member.send(`/api/trpc/auth.checkResetToken?input=${input}`)).status, 200);
    const batch = encodeURIComponent(JSON.stringify({ 0: { json: { token: resetToken } } }));
    assert.equal((await member.send(`/api/trpc/auth.checkResetToken?batch=1&input=${batch}`)).status, 200);
    const weak = await member.send("/reset-password", {
      form: { token: resetToken, password: "password1234", confirmPassword: "password1234" },
    });
    assert.equal(weak.status, 400);
    const reset = await member.send("/reset-password", {
      form: { token: resetToken, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    });
    assert.equal(reset.status, 302);
    assert.equal((await member.send(`/reset-password?token=${resetToken}`)).status, 400); // used
    secrets.add("password1234");
  });

  it("password change and email change while signed in", async () => {
    const member = browser();
    assert.equal((await member.send("/login", { form: { email, password: NEW_PASSWORD } })).status, 302);
    const changed = await member.send("/app/settings/security", {
      form: { intent: "changePassword", currentPassword: NEW_PASSWORD, newPassword: CHANGED_PASSWORD },
    });
    assert.equal(changed.status, 200);
    const requested = await member.send("/app/settings/profile", {
      form: { intent: "change-email", newEmail, currentPassword: CHANGED_PASSWORD },
    });
    assert.equal(requested.status, 200);
    const { "/verify-email": changeToken } = await mailedTokens(newEmail, "confirm-new-email");
    assert.ok(changeToken);
    assert.equal((await member.send(`/verify-email?token=${changeToken}`)).status, 200);
    assert.equal((await member.send("/verify-email", { form: { token: changeToken } })).status, 302);
  });

  it("lockout after failed sign-ins, and the email's unlock and reset links", async () => {
    const network = `2001:db8:${hex()}:${hex()}`; // one /64: one source to the lockout
    const guesser = browser();
    for (let i = 0; i < 10; i++) {
      const guess = `wrong guess ${i} ${run}`;
      secrets.add(guess);
      assert.equal(
        (await guesser.send("/login", { form: { email: newEmail, password: guess }, ip: `${network}::${i + 1}` }))
          .status,
        401,
      );
    }
    assert.equal(
      (await guesser.send("/login", { form: { email: newEmail, password: CHANGED_PASSWORD }, ip: `${network}::99` }))
        .status,
      429,
    );
    const { "/unlock": unlockToken, "/reset-password": resetToken } = await mailedTokens(newEmail, "account-locked");
    assert.ok(unlockToken && resetToken);
    const owner = browser();
    assert.equal((await owner.send(`/unlock?token=${unlockToken}`)).status, 200);
    assert.equal((await owner.send("/unlock", { form: { token: unlockToken } })).status, 200);
    assert.equal((await owner.send("/unlock", { form: { token: unlockToken } })).status, 400); // used
    assert.equal((await owner.send(`/reset-password?token=${resetToken}`)).status, 200);
    assert.equal(
      (await guesser.send("/login", { form: { email: newEmail, password: CHANGED_PASSWORD }, ip: `${network}::9a` }))
        .status,
      302,
    );
  });

  it("none of the tokens, passwords and cookies seen above appears in any log line", async () => {
    // Let the last request lines ("close" events) be written.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logs = written.join("");
    const lines = logs
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; url?: string });
    // The lines that would carry a leak were written, so a leak would be seen.
    const urls = lines.filter((l) => l.msg === "request").map((l) => l.url ?? "");
    for (const path of [
      "/verify-email?token=",
      "/reset-password?token=",
      "/api/trpc/auth.checkResetToken?input=",
      "/unlock?token=",
    ]) {
      assert.ok(
        urls.some((url) => url.startsWith(path)),
        `a request line for ${path}`,
      );
    }
    assert.ok(lines.some((l) => l.msg === "procedure refused"));
    assert.ok(secrets.size > 15, `secrets collected: ${secrets.size}`);
    const leaked = [...secrets].filter((secret) => logs.includes(secret));
    assert.deepEqual(leaked, [], `found in the logs: ${leaked.join(", ")}`);
  });
});
