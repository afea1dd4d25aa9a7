import { randomUUID } from "node:crypto";
import { getPrisma } from "@tradecraft/db";
import { describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";
import { failureOf, newMember } from "../testing/members.ts";
import { ALREADY_PRO_MESSAGE, OPEN_REQUEST_MESSAGE } from "./pro-requests.service.ts";

/** An admin on the admin app's session, as the admin app's loaders call the router. */
async function newAdmin() {
  const user = await getPrisma().user.create({
    data: { email: `admin-${randomUUID()}@example.test`, displayName: "Ada Admin", role: "ADMIN" },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({
    headers: new Headers(),
    app: "admin",
    requestId: `admin-${randomUUID()}`,
    ip: "192.0.2.9",
  });
  return { user, api: createCaller({ ...ctx, user: user as SessionUser }) };
}

const auditOf = (subjectId: string) =>
  getPrisma().auditEvent.findMany({
    where: { subjectId },
    orderBy: { createdAt: "asc" },
    select: { action: true, actorId: true },
  });

describe("plan.requestPro", () => {
  it("opens a request, mails every admin a link to the member's page and records it", async () => {
    const admin = await newAdmin();
    const { api, user } = await newMember({ label: "pro-request", displayName: "Priya Member" });

    const request = await api.plan.requestPro({ message: "  I trade options daily.  " });

    expect(request).toMatchObject({ status: "REQUESTED", message: "I trade options daily.", decidedAt: null });
    const mail = await getPrisma().emailMessage.findFirst({
      where: { toAddress: admin.user.email, template: "pro-request" },
      select: { subject: true, textBody: true },
    });
    expect(mail?.subject).toBe("Priya Member asks to move to Pro");
    expect(mail?.textBody).toContain(user.email);
    expect(mail?.textBody).toContain("I trade options daily.");
    expect(mail?.textBody).toContain(`/users/${user.id}`);
    expect(await auditOf(user.id)).toEqual([{ action: "plan.pro_request.created", actorId: user.id }]);
    expect((await api.plan.get()).request).toMatchObject({ id: request.id, status: "REQUESTED" });
  });

  it("refuses a second open request with 409 and a message saying why, and a member already on Pro", async () => {
    const { api, user } = await newMember({ label: "pro-twice" });
    await api.plan.requestPro({});
    const second = await failureOf(api.plan.requestPro({ message: "again" }));
    expect(second.code).toBe("CONFLICT");
    expect(second.message).toBe(OPEN_REQUEST_MESSAGE);
    expect(await getPrisma().proRequest.count({ where: { userId: user.id } })).toBe(1);

    await getPrisma().user.update({ where: { id: user.id }, data: { tier: "PRO" } });
    const { api: pro, user: proUser } = await newMember({ label: "already-pro" });
    await getPrisma().user.update({ where: { id: proUser.id }, data: { tier: "PRO" } });
    const refused = await failureOf(pro.plan.requestPro({}));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toBe(ALREADY_PRO_MESSAGE);
  });

  it("refuses a message over 500 characters with a field error", async () => {
    const { api } = await newMember({ label: "pro-long" });
    const failure = await failureOf(api.plan.requestPro({ message: "x".repeat(501) }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fields.message).toEqual(["Write at most 500 characters"]);
  });

  it("lets the member cancel and ask again; another member gets not found and never sees it", async () => {
    const { api, user } = await newMember({ label: "pro-cancel" });
    const { api: other } = await newMember({ label: "pro-other" });
    const request = await api.plan.requestPro({});

    const foreign = await failureOf(other.plan.cancelRequest({ requestId: request.id }));
    expect(foreign.code).toBe("NOT_FOUND");
    expect((await other.plan.get()).request).toBeNull();

    await expect(api.plan.cancelRequest({ requestId: request.id })).resolves.toEqual({ status: "CANCELLED" });
    expect((await api.plan.get()).request).toMatchObject({ id: request.id, status: "CANCELLED" });
    expect((await failureOf(api.plan.cancelRequest({ requestId: request.id }))).code).toBe("CONFLICT");
    const again = await api.plan.requestPro({});
    expect((await api.plan.get()).request?.id).toBe(again.id);
    expect((await auditOf(user.id)).map((e) => e.action)).toEqual([
      "plan.pro_request.created",
      "plan.pro_request.cancelled",
      "plan.pro_request.created",
    ]);
  });
});

describe("admin.users.decideProRequest", () => {
  it("approving moves the member to Pro at once, closes the request and is audited", async () => {
    const admin = await newAdmin();
    const { api, user } = await newMember({ label: "pro-approve" });
    const request = await api.plan.requestPro({});
    expect((await api.plan.get()).tier).toBe("FREE"); // caches the tier: the approval must drop it

    const pending = await admin.api.admin.users.proRequests({ userId: user.id });
    expect(pending.requests.map((r) => r.id)).toEqual([request.id]);
    expect((await admin.api.admin.overview()).pendingProRequests).toBeGreaterThanOrEqual(1);

    await expect(
      admin.api.admin.users.decideProRequest({ requestId: request.id, decision: "approve" }),
    ).resolves.toEqual({ status: "APPROVED" });

    const state = await api.plan.get();
    expect(state.tier).toBe("PRO");
    expect(state.request).toMatchObject({ status: "APPROVED" });
    expect(state.request?.decidedAt).toBeInstanceOf(Date);
    expect((await admin.api.admin.users.proRequests({ userId: user.id })).requests).toEqual([]);
    expect(await auditOf(user.id)).toContainEqual({ action: "admin.pro_request.approved", actorId: admin.user.id });
    const twice = await failureOf(
      admin.api.admin.users.decideProRequest({ requestId: request.id, decision: "decline" }),
    );
    expect(twice.code).toBe("CONFLICT");
  });

  it("declining leaves the tier alone; a member cannot decide, an unknown id is not found", async () => {
    const admin = await newAdmin();
    const { api, user } = await newMember({ label: "pro-decline" });
    const request = await api.plan.requestPro({});

    const byMember = await failureOf(api.admin.users.decideProRequest({ requestId: request.id, decision: "approve" }));
    expect(byMember.code).toBe("FORBIDDEN");
    expect((await failureOf(api.admin.users.proRequests({}))).code).toBe("FORBIDDEN");

    await admin.api.admin.users.decideProRequest({ requestId: request.id, decision: "decline" });
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id }, select: { tier: true } });
    expect(row.tier).toBe("FREE");
    expect((await api.plan.get()).request).toMatchObject({ status: "DECLINED" });
    expect(
      (await failureOf(admin.api.admin.users.decideProRequest({ requestId: "nope", decision: "approve" }))).code,
    ).toBe("NOT_FOUND");
  });
});
