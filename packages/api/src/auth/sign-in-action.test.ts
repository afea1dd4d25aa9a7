// The sign-in form's action as both apps run it: a Request in, a redirect out, with the session
// cookie the API put on the request's response headers.
import { randomUUID } from "node:crypto";
import { hashPassword, sessionIdFromToken } from "@tradecraft/auth";
import { rootLogger, runWithRequestFacts } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { signInAction } from "./sign-in-action.ts";

const prisma = getPrisma();
const PASSWORD = "violet tractor sings under copper rain";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function member(role: "MEMBER" | "ADMIN" = "MEMBER") {
  const email = `redirect-${randomUUID().slice(0, 8)}@example.test`;
  const user = await prisma.user.create({
    data: {
      email,
      displayName: "Rae Redirect",
      role,
      passwordHash: await hashPassword(PASSWORD),
      profile: { create: {} },
    },
    select: { id: true },
  });
  return { id: user.id, email };
}

/** Posts the sign-in form as a browser would, inside a request context like the HTTP server's. */
async function postSignIn(app: "web" | "admin", fields: Record<string, string>) {
  const responseHeaders = new Headers();
  const request = new Request(`http://localhost/login`, { method: "POST", body: new URLSearchParams(fields) });
  const ip = `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::9`;
  const facts = { requestId: `sign-in-action-${randomUUID()}`, ip, app, logger: rootLogger(), responseHeaders };
  const response = await runWithRequestFacts(facts, () =>
    signInAction(request, { app, fallback: app === "web" ? "/app" : "/" }),
  );
  const cookieName = app === "web" ? "tc_session" : "tc_admin_session";
  const token = responseHeaders
    .getSetCookie()
    .find((c) => c.startsWith(`${cookieName}=`))
    ?.slice(cookieName.length + 1)
    .split(";")[0];
  return { response, token };
}

describe("signInAction", () => {
  it("a non-ASCII redirectTo still signs in: the target is sent percent-encoded, with the session's cookie", async () => {
    const m = await member();
    const { response, token } = await postSignIn("web", {
      email: m.email,
      password: PASSWORD,
      redirectTo: "/app/journal?symbol=日本株&tag=café",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/app/journal?symbol=%E6%97%A5%E6%9C%AC%E6%A0%AA&tag=caf%C3%A9");
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    // The one session started is the one whose cookie the browser gets.
    const sessions = await prisma.session.findMany({ where: { userId: m.id }, select: { id: true } });
    expect(sessions).toEqual([{ id: sessionIdFromToken(token!) }]);
  });

  it("the admin app's sign-in does the same", async () => {
    const admin = await member("ADMIN");
    const { response, token } = await postSignIn("admin", {
      email: admin.email,
      password: PASSWORD,
      redirectTo: "/users?q=Zoë €",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/users?q=Zo%C3%AB%20%E2%82%AC");
    expect(token).toMatch(/^[a-z2-7]{32}$/);
  });

  it("a refused sign-in answers with the form's error and starts no session, whatever the redirectTo", async () => {
    const m = await member();
    const { response, token } = await postSignIn("web", {
      email: m.email,
      password: "not the password at all",
      redirectTo: "/app/日本",
    });
    expect(response.status).toBe(401);
    expect(token).toBeUndefined();
    expect(await prisma.session.count({ where: { userId: m.id } })).toBe(0);
  });
});
