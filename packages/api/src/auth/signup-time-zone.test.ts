// Issue 13, time zone: sign-up stores the browser's zone (or Accept-Language's guess), refuses an
// unknown one, says it in the welcome email; the home page's offer is answered once.
import { randomUUID } from "node:crypto";
import { hashPassword } from "@tradecraft/auth";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { formErrorsOf } from "../http.ts";
import { signupRequested } from "./signup.handler.ts";

const prisma = getPrisma();
const PASSWORD = "violet tractor sings under copper rain";

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const newIp = () => `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::13`;
const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@zone.test`;

async function browser({ acceptLanguage, cookie }: { acceptLanguage?: string; cookie?: string } = {}) {
  const headers = new Headers({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0 signup-time-zone" });
  if (acceptLanguage) headers.set("accept-language", acceptLanguage);
  if (cookie) headers.set("cookie", cookie);
  const ctx = await createContext({
    headers,
    app: "web",
    ip: newIp(),
    requestId: `tz-${randomUUID()}`,
    responseHeaders: new Headers(),
  });
  return { api: createCaller(ctx), ctx };
}

const profileOf = (email: string) =>
  prisma.profile.findFirstOrThrow({
    where: { user: { email } },
    select: { timeZone: true, timeZoneConfirmedAt: true },
  });

describe("sign-up's time zone", () => {
  it("stores the browser's zone, confirmed, and the welcome email names it with the profile link", async () => {
    const email = uniqueEmail("ny");
    const { api } = await browser({ acceptLanguage: "de-DE" });
    const answer = await api.auth.signup({
      email,
      password: PASSWORD,
      displayName: "Nora York",
      timeZone: "America/New_York",
    });
    expect(answer.message).toBe(signupRequested(email));
    const profile = await profileOf(email);
    expect(profile.timeZone).toBe("America/New_York");
    expect(profile.timeZoneConfirmedAt).toBeInstanceOf(Date);
    const mail = await prisma.emailMessage.findFirstOrThrow({
      where: { toAddress: email, template: "verify-email" },
      select: { textBody: true },
    });
    expect(mail.textBody).toContain("shown in the America/New_York time zone");
    expect(mail.textBody).toMatch(/change it in your profile: \S+\/app\/settings\/profile/);
  });

  it("refuses an unknown zone with a field error and creates nobody", async () => {
    const email = uniqueEmail("mars");
    const { api } = await browser();
    const error = await api.auth
      .signup({ email, password: PASSWORD, displayName: "Olympus Mons", timeZone: "Mars/Olympus_Mons" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(formErrorsOf(error)?.fieldErrors.timeZone).toEqual(["Not a known IANA time zone (e.g. America/New_York)"]);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("without a zone, takes Accept-Language's region (en-GB → Europe/London), left unconfirmed", async () => {
    const email = uniqueEmail("ldn");
    const { api } = await browser({ acceptLanguage: "en-GB,en;q=0.9" });
    await api.auth.signup({ email, password: PASSWORD, displayName: "Lenny Don" });
    expect(await profileOf(email)).toEqual({ timeZone: "Europe/London", timeZoneConfirmedAt: null });
  });

  it("without a zone or a region, is UTC", async () => {
    const email = uniqueEmail("utc");
    const { api } = await browser({ acceptLanguage: "en" });
    await api.auth.signup({ email, password: PASSWORD, displayName: "Uma Tee" });
    expect((await profileOf(email)).timeZone).toBe("UTC");
  });

  it("changes nothing of an existing account: same answer, its zone untouched", async () => {
    const email = uniqueEmail("taken");
    await (
      await browser()
    ).api.auth.signup({ email, password: PASSWORD, displayName: "Tak En", timeZone: "Asia/Tokyo" });
    const again = await (
      await browser()
    ).api.auth.signup({ email, password: PASSWORD, displayName: "Tak En", timeZone: "Europe/Paris" });
    expect(again.message).toBe(signupRequested(email));
    expect((await profileOf(email)).timeZone).toBe("Asia/Tokyo");
  });
});

describe("account.confirmTimeZone (the home page's offer)", () => {
  async function signedInMember() {
    const email = uniqueEmail("member");
    await prisma.user.create({
      data: { email, displayName: "Old Timer", passwordHash: await hashPassword(PASSWORD), profile: { create: {} } },
      select: { id: true },
    });
    const { api, ctx } = await browser();
    await api.auth.login({ email, password: PASSWORD });
    const cookie = ctx.responseHeaders
      .getSetCookie()
      .find((c) => c.startsWith("tc_session="))!
      .split(";")[0]!;
    return { email, api: (await browser({ cookie })).api };
  }

  it("an existing member starts on UTC, unconfirmed; using the offered zone sets it and ends the offer", async () => {
    const { api } = await signedInMember();
    expect(await api.account.profile()).toMatchObject({ timeZone: "UTC", timeZoneConfirmed: false });
    const after = await api.account.confirmTimeZone({ timeZone: "America/New_York" });
    expect(after).toMatchObject({ timeZone: "America/New_York", timeZoneConfirmed: true });
    expect(await api.account.profile()).toMatchObject({ timeZone: "America/New_York", timeZoneConfirmed: true });
  });

  it("keeping UTC (no zone) ends the offer and leaves the zone", async () => {
    const { api } = await signedInMember();
    expect(await api.account.confirmTimeZone({})).toMatchObject({ timeZone: "UTC", timeZoneConfirmed: true });
  });

  it("refuses an unknown zone with a field error and changes nothing", async () => {
    const { api } = await signedInMember();
    const error = await api.account.confirmTimeZone({ timeZone: "Nowhere/Land" }).catch((e: unknown) => e);
    expect(formErrorsOf(error)?.fieldErrors.timeZone).toBeDefined();
    expect(await api.account.profile()).toMatchObject({ timeZone: "UTC", timeZoneConfirmed: false });
  });

  it("saving the profile counts as choosing", async () => {
    const { api } = await signedInMember();
    await api.account.updateProfile({ displayName: "Old Timer", bio: "", timeZone: "UTC", coachStyle: "concise" });
    expect(await api.account.profile()).toMatchObject({ timeZone: "UTC", timeZoneConfirmed: true });
  });
});
