// The per-tier allowances from config/usage-limits.yaml (or USAGE_LIMITS_FILE), read and
// checked once: a bad file stops start-up with the field that is wrong, not a quota of NaN.
import { readFileSync } from "node:fs";
import path from "node:path";
import { EnvError, getEnv } from "@tradecraft/config";
import { repoRoot } from "@tradecraft/db";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { STUDIO_IMAGES_PER_DAY, type UsageLimits } from "./quota-math.ts";

const allowance = (what: string) =>
  z
    .number({ error: `${what} must be a whole number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be 0 or more`)
    .max(1_000_000, `${what} must be at most 1,000,000`);

// zod's own words ("expected object, received undefined") are not for someone editing YAML.
const mapping = {
  error: (issue: { code?: string; input?: unknown }) =>
    issue.code !== "invalid_type"
      ? undefined
      : issue.input === undefined
        ? "is missing"
        : "must be a mapping of names to values",
};

const TierLimitsSchema = z.strictObject(
  {
    conversations: allowance("conversations"),
    messagesPerConversation: allowance("messagesPerConversation"),
    gradingsPerMonth: allowance("gradingsPerMonth"),
    // Optional so a limits file written before alerts still loads; its tier gets the default.
    activeAlerts: allowance("activeAlerts").optional(),
  },
  mapping,
);

/** Active alerts per tier when the file does not say (the product's published plan). */
export const DEFAULT_ACTIVE_ALERTS = { FREE: 200, PRO: 1000 } as const;

const StudioLimitsSchema = z.strictObject({ imagesPerDay: allowance("imagesPerDay") }, mapping);

/** The shape of the limits file; unknown keys are refused so a typo is not silently ignored. */
export const UsageLimitsSchema = z.strictObject(
  {
    resetPeriod: z
      .enum(["never", "daily", "weekly", "monthly"], { error: "must be never, daily, weekly or monthly" })
      .default("monthly"),
    tiers: z.strictObject({ FREE: TierLimitsSchema, PRO: TierLimitsSchema }, mapping),
    // The admins' Studio (not a member tier): optional so an older file still loads.
    studio: StudioLimitsSchema.optional(),
  },
  mapping,
);

/** Raised when the limits file is missing, not YAML, or has a bad value; names the file and field. */
export class UsageLimitsError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid usage limits in ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "UsageLimitsError";
  }
}

/** Parses limits from YAML text; `file` only names the source in errors. */
export function parseUsageLimits(text: string, file = "usage limits"): UsageLimits {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new UsageLimitsError(file, [`not valid YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  const result = UsageLimitsSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new UsageLimitsError(
      file,
      result.error.issues.map((issue) => `${issue.path.join(".") || "(file)"}: ${issue.message}`),
    );
  }
  const { FREE, PRO } = result.data.tiers;
  return {
    ...result.data,
    studio: result.data.studio ?? { imagesPerDay: STUDIO_IMAGES_PER_DAY },
    tiers: {
      FREE: { ...FREE, activeAlerts: FREE.activeAlerts ?? DEFAULT_ACTIVE_ALERTS.FREE },
      PRO: { ...PRO, activeAlerts: PRO.activeAlerts ?? DEFAULT_ACTIVE_ALERTS.PRO },
    },
  };
}

/** Reads and checks a limits file (tests pass their own). */
export function loadUsageLimits(file: string): UsageLimits {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageLimitsError(file, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`]);
  }
  return parseUsageLimits(text, file);
}

/** Where the process reads its limits: USAGE_LIMITS_FILE (relative to the repository root) or the default. */
export function usageLimitsFile(): string {
  const configured = getEnv().USAGE_LIMITS_FILE;
  return configured ? path.resolve(repoRoot(), configured) : path.join(repoRoot(), "config", "usage-limits.yaml");
}

let cached: UsageLimits | undefined;

/** The process's limits, read once on first use. */
export function getUsageLimits(): UsageLimits {
  cached ??= loadUsageLimits(usageLimitsFile());
  return cached;
}

/** Reads the limits at start-up; on a bad file prints the problems and exits with status 1. */
export function loadUsageLimitsOrExit(): UsageLimits {
  try {
    return getUsageLimits();
  } catch (error) {
    if (error instanceof UsageLimitsError || error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
