import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { getEnv, noteUnavailable } from "@tradecraft/config";
import { z, ZodError } from "zod";
import type { Context } from "./context.ts";
import { QuotaExceededError, TierRequiredError } from "./usage/errors.ts";

const isProduction = process.env.NODE_ENV === "production";

/** What a member reads when the database or Redis is briefly unavailable. */
export const UNAVAILABLE_MESSAGE = "Tradecraft is briefly unavailable. Please try again in a few seconds.";

/** Flattened zod issues: one list of messages per input field, plus form-level messages. */
export interface InputErrors {
  formErrors: string[];
  fieldErrors: Record<string, string[] | undefined>;
}

/**
 * Per-field messages when `cause` is a zod validation error, else null: ONE message per field,
 * its first problem ("Enter a symbol", not that and "Use letters…" run together). Keys are the
 * top-level field; with `nested`, a problem inside an object field is keyed by its dotted path
 * ("option.strike") so a form can show it beside that part (array items stay on their list).
 */
export function inputErrorsOf(cause: unknown, { nested = false }: { nested?: boolean } = {}): InputErrors | null {
  if (!(cause instanceof ZodError)) return null;
  const formErrors: string[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of cause.issues) {
    const [head, next] = issue.path;
    if (head === undefined) {
      if (!formErrors.includes(issue.message)) formErrors.push(issue.message);
      continue;
    }
    const key = nested && typeof next === "string" ? `${String(head)}.${next}` : String(head);
    fieldErrors[key] ??= [issue.message];
  }
  return { formErrors, fieldErrors };
}

/** A BAD_REQUEST that forms show next to `field`, as they show zod's own field errors. */
export function fieldError(field: string, message: string): TRPCError {
  // Made by a failing parse, so it is the same kind of ZodError as an input validation failure.
  const failed = z
    .unknown()
    .superRefine((_, ctx) => ctx.addIssue({ code: "custom", path: [field], message }))
    .safeParse(undefined);
  return new TRPCError({ code: "BAD_REQUEST", message, cause: failed.error });
}

/** Each problem as "field: message", form-level ones first. */
export function inputProblems(errors: InputErrors): string[] {
  return [
    ...errors.formErrors,
    ...Object.entries(errors.fieldErrors).map(([field, messages]) => `${field}: ${messages?.[0] ?? "invalid"}`),
  ];
}

function describeInputErrors(errors: InputErrors): string {
  const parts = inputProblems(errors);
  return `Invalid input${parts.length ? ` (${parts.slice(0, 3).join("; ")})` : ""}`;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Subscriptions stream as server-sent events: a ping every 15 s keeps proxies from closing an
  // idle stream, and tells the client its connection is alive. A stream ends after
  // TICKER_STREAM_MAX_MS and the client reconnects with the last id it saw.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
    maxDurationMs: getEnv().TICKER_STREAM_MAX_MS,
  },
  isDev: !isProduction,
  errorFormatter({ shape, error, ctx }) {
    const inputErrors = error.code === "BAD_REQUEST" ? inputErrorsOf(error.cause) : null;
    // Internal errors say nothing of their cause outside development: no SQL, no stack.
    const message = inputErrors
      ? describeInputErrors(inputErrors)
      : error.code === "INTERNAL_SERVER_ERROR" && isProduction
        ? "Something went wrong on our side. Please try again."
        : shape.message;
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.requestId ?? null,
        inputErrors,
        // Structured refusals of the usage module: which tier a feature needs, which allowance ran out.
        ...(error.cause instanceof TierRequiredError ? { requiredTier: error.cause.requiredTier } : {}),
        ...(error.cause instanceof QuotaExceededError ? { quota: error.cause.quota } : {}),
        ...(isProduction ? {} : { stack: shape.data.stack }),
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

const timed = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  if (result.ok) {
    ctx.logger.debug({ path, type, durationMs }, "procedure ok");
  } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
    const dependency = noteUnavailable(result.error.cause ?? result.error);
    if (dependency) {
      // An outage, not a bug: the caller hears 503 and may retry (loaders answer 503 too).
      ctx.logger.warn(
        { path, type, durationMs, dependency, err: result.error.cause ?? result.error },
        "procedure failed: dependency unavailable",
      );
      ctx.responseHeaders.set("Retry-After", "5");
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: UNAVAILABLE_MESSAGE, cause: result.error.cause });
    }
    ctx.logger.error({ path, type, durationMs, err: result.error.cause ?? result.error }, "procedure failed");
  } else {
    ctx.logger.info({ path, type, durationMs, code: result.error.code }, "procedure refused");
  }
  return result;
});

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(timed);

/** A signed-in user; `ctx.user` is non-null inside. */
export const memberProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * A signed-in ADMIN on the admin app's own (12-hour) session. An admin's members'-app session
 * (30 days, a wider attack surface) never reaches these procedures.
 */
export const adminProcedure = memberProcedure.use(({ ctx, next }) => {
  if (ctx.app !== "admin" || ctx.user.role !== "ADMIN") {
    throw new TRPCError({ code: "FORBIDDEN", message: "This needs an administrator account." });
  }
  return next();
});
