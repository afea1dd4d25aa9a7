// Quota arithmetic without I/O: reset periods in UTC, message weights, and the words a member
// reads when an allowance runs out.

export type QuotaKind = "conversations" | "messages" | "gradings" | "studioImages";
export type ResetPeriod = "never" | "daily" | "weekly" | "monthly";
export type TierName = "FREE" | "PRO";

/** Message units per answer: an enhanced answer (larger model, more tools) costs two. */
export const MESSAGE_UNITS = { quick: 1, enhanced: 2 } as const;

/** The start of "never": every counter of that period shares this timestamp. */
export const EPOCH = new Date(0);

export interface TierLimits {
  conversations: number;
  messagesPerConversation: number;
  gradingsPerMonth: number;
  /** Price alerts that may be armed or paused at once (fired-only-once and expired ones do not count). */
  activeAlerts: number;
}

export interface UsageLimits {
  resetPeriod: ResetPeriod;
  tiers: Record<TierName, TierLimits>;
  /** The admins' Studio: images per admin per UTC day, whatever the tier (default 50). */
  studio?: { imagesPerDay: number };
}

/** Studio images per admin per day when the limits do not say. */
export const STUDIO_IMAGES_PER_DAY = 50;

/** The UTC instant the period holding `date` began (weeks begin on Monday, ISO 8601). */
export function periodStart(date: Date, period: ResetPeriod): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  switch (period) {
    case "never":
      return EPOCH;
    case "daily":
      return new Date(Date.UTC(y, m, d));
    case "weekly": {
      const sinceMonday = (date.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, d - sinceMonday));
    }
    case "monthly":
      return new Date(Date.UTC(y, m, 1));
  }
}

/** The UTC instant the period holding `date` ends (the next one's start); null for "never". */
export function periodEnd(date: Date, period: ResetPeriod): Date | null {
  const start = periodStart(date, period);
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  const d = start.getUTCDate();
  switch (period) {
    case "never":
      return null;
    case "daily":
      return new Date(Date.UTC(y, m, d + 1));
    case "weekly":
      return new Date(Date.UTC(y, m, d + 7));
    case "monthly":
      return new Date(Date.UTC(y, m + 1, 1));
  }
}

/** Which period a kind of counter resets on: messages live as long as their conversation. */
export function resetPeriodOf(kind: QuotaKind, limits: UsageLimits): ResetPeriod {
  if (kind === "messages") return "never";
  if (kind === "gradings") return "monthly";
  if (kind === "studioImages") return "daily";
  return limits.resetPeriod;
}

/** The allowance of `kind` for a tier. */
export function limitOf(limits: UsageLimits, tier: TierName, kind: QuotaKind): number {
  if (kind === "studioImages") return limits.studio?.imagesPerDay ?? STUDIO_IMAGES_PER_DAY;
  const tierLimits = limits.tiers[tier];
  if (kind === "conversations") return tierLimits.conversations;
  if (kind === "messages") return tierLimits.messagesPerConversation;
  return tierLimits.gradingsPerMonth;
}

/** Share of an allowance used, as a level a meter shows: ok below 80 %, low from 80 %, out at 100 %. */
export function usageLevel(used: number, limit: number): "ok" | "low" | "out" {
  if (limit <= 0 || used >= limit) return "out";
  return used / limit >= 0.8 ? "low" : "ok";
}

const PLAN_NAME: Record<TierName, string> = { FREE: "Free", PRO: "Pro" };

const PERIOD_WORDS: Record<ResetPeriod, { during: string; per: string }> = {
  never: { during: "", per: "" },
  daily: { during: " today", per: " a day" },
  weekly: { during: " this week", per: " a week" },
  monthly: { during: " this month", per: " a month" },
};

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What a member reads when `kind` has run out: the limit, the plan, and what would help. */
export function quotaExceededMessage(limits: UsageLimits, tier: TierName, kind: QuotaKind): string {
  const limit = limitOf(limits, tier, kind);
  if (kind === "studioImages") {
    return `You've made all ${plural(limit, "Studio image", "Studio images")} allowed today. The allowance renews at 00:00 UTC (config/usage-limits.yaml, studio.imagesPerDay).`;
  }
  const period = PERIOD_WORDS[resetPeriodOf(kind, limits)];
  const plan = PLAN_NAME[tier];
  let spent: string;
  let upgrade: string;
  const pro = limitOf(limits, "PRO", kind);
  if (kind === "messages") {
    spent = `You've used all ${plural(limit, "message", "messages")} in this conversation on the ${plan} plan.`;
    upgrade = `Upgrade to Pro for ${pro} per conversation.`;
  } else if (kind === "conversations") {
    spent = `You've started all ${plural(limit, "conversation", "conversations")}${period.during} on the ${plan} plan.`;
    upgrade = `Upgrade to Pro for ${pro}${period.per}.`;
  } else {
    spent = `You've used all ${plural(limit, "grading", "gradings")}${period.during} on the ${plan} plan.`;
    upgrade = `Upgrade to Pro for ${pro}${period.per}.`;
  }
  if (tier === "FREE" && pro > limit) return `${spent} ${upgrade}`;
  if (kind === "messages") return `${spent} Start a new conversation to continue.`;
  return period.during ? `${spent} It resets at the start of the next period.` : spent;
}
