import { TRPCError } from "@tradecraft/api";

/** True when a procedure refused because the feature needs a higher tier (requireTier: FORBIDDEN with a required tier). */
export function isTierRefusal(error: unknown): boolean {
  if (!(error instanceof TRPCError) || error.code !== "FORBIDDEN") return false;
  const cause = error.cause as { requiredTier?: unknown } | undefined;
  return typeof cause?.requiredTier === "string";
}

/** Resolves to null instead of rejecting when the member's tier is too low; any other failure still rejects. */
export function orNullWithoutTier<T>(promise: Promise<T>): Promise<T | null> {
  return promise.catch((error: unknown) => {
    if (isTierRefusal(error)) return null;
    throw error;
  });
}
