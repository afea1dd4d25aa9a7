// Helpers for integration tests (never imported by the product): a member with a caller bound to
// them, and the refusal a call ends in.
import { randomUUID } from "node:crypto";
import { getPrisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import { type Context, createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";
import { inputErrorsOf } from "../trpc.ts";

/** A new member (unique email, a profile in `timeZone`) and the router as they see it. */
export async function newMember({
  label = "member",
  displayName = "Test Member",
  timeZone = "UTC",
  context = {},
}: { label?: string; displayName?: string; timeZone?: string; context?: Partial<Context> } = {}) {
  const user = await getPrisma().user.create({
    data: { email: `${label}-${randomUUID()}@example.test`, displayName, profile: { create: { timeZone } } },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({
    headers: new Headers(),
    app: "web",
    requestId: `${label}-${randomUUID()}`,
    ip: "2001:db8::7",
  });
  return { api: createCaller({ ...ctx, ...context, user: user as SessionUser }), user };
}

/** The TRPCError a call fails with: its code, message and per-field messages (fails the test if it succeeds). */
export async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message, fields: inputErrorsOf(error.cause)?.fieldErrors ?? {}, error };
}
