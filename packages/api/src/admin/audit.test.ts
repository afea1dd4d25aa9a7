// The audit log names people: an admin reading "who locked whom" sees names and emails, not
// only ids (issue 13); an event whose user is gone keeps its id.
import { randomUUID } from "node:crypto";
import { getPrisma } from "@tradecraft/db";
import { describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";

async function userOf(role: "MEMBER" | "ADMIN", displayName: string) {
  const user = await getPrisma().user.create({
    data: { email: `${randomUUID()}@example.test`, displayName, role },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({
    headers: new Headers(),
    app: "admin",
    requestId: "audit-test-0001",
    ip: "192.0.2.1",
  });
  return { user, caller: createCaller({ ...ctx, user }) };
}

describe("admin.audit", () => {
  it("gives each event its actor's and subject's name and email beside the ids", async () => {
    const admin = await userOf("ADMIN", "Ada Auditor");
    const { user: member } = await userOf("MEMBER", "Mel Member");
    await admin.caller.admin.users.setLock({ userId: member.id, locked: true });
    const gone = randomUUID();
    await getPrisma().auditEvent.create({
      data: { action: "admin.test.gone", actorId: admin.user.id, subjectId: gone },
    });

    const { events } = await admin.caller.admin.audit({ userId: member.id, page: 1 });
    const locked = events.find((e) => e.subjectId === member.id && e.actorId === admin.user.id);
    expect(locked).toMatchObject({
      actor: { id: admin.user.id, displayName: "Ada Auditor", email: admin.user.email },
      subject: { id: member.id, displayName: "Mel Member", email: member.email },
    });

    const { events: goneEvents } = await admin.caller.admin.audit({ action: "admin.test.gone", userId: gone, page: 1 });
    expect(goneEvents[0]).toMatchObject({ subjectId: gone, subject: null, actor: { email: admin.user.email } });
  });
});
