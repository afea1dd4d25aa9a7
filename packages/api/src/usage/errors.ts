// Causes carried by TRPCErrors so the error formatter can hand pages structured data
// (which tier a feature needs, which allowance ran out) besides the message.
import type { QuotaKind, TierName } from "./quota-math.ts";

/** The cause of a FORBIDDEN for a feature of a higher tier. */
export class TierRequiredError extends Error {
  constructor(readonly requiredTier: TierName) {
    super(`requires the ${requiredTier} tier`);
    this.name = "TierRequiredError";
  }
}

/** What a page needs to show an exhausted allowance. */
export interface QuotaErrorData {
  kind: QuotaKind;
  limit: number;
  used: number;
  tier: TierName;
  /** When the allowance renews; null when it never does (messages of one conversation). */
  resetsAt: Date | null;
}

/** The cause of a PAYMENT_REQUIRED when an allowance is used up. */
export class QuotaExceededError extends Error {
  constructor(readonly quota: QuotaErrorData) {
    super(`${quota.kind} quota exhausted (${quota.used}/${quota.limit})`);
    this.name = "QuotaExceededError";
  }
}
