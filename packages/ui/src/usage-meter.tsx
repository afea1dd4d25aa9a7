// A member's AI allowances as labelled meters: "Conversation 3/5 · Messages 6/8". Amber with a
// "running low" note from 80 %, red with what to do at 100 % (an upgrade for Free members).
// Native <meter> elements: their fill needs no inline style (the CSP allows none), and they are
// exposed to assistive technology as meters with their value.

export interface UsageAllowanceView {
  used: number;
  limit: number;
  /** When it renews; null or absent when it never does. Dates arrive as strings from loaders. */
  resetsAt?: Date | string | null;
}

export type UsageLevel = "ok" | "low" | "out";

/** The meter's level: ok below 80 % of the allowance, low from 80 %, out at the limit. */
export function usageLevelOf({ used, limit }: UsageAllowanceView): UsageLevel {
  if (limit <= 0 || used >= limit) return "out";
  return used / limit >= 0.8 ? "low" : "ok";
}

interface Row {
  key: "conversations" | "messages" | "gradings";
  /** Short label of the summary line, "Conversation 3/5". */
  short: string;
  /** Full label, "Conversations this period". */
  label: string;
  unit: [one: string, many: string];
  where: string;
  allowance: UsageAllowanceView;
}

const renewal = (resetsAt: UsageAllowanceView["resetsAt"]) => {
  if (!resetsAt) return null;
  const date = new Date(resetsAt);
  if (Number.isNaN(date.getTime())) return null;
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
};

const thousands = new Intl.NumberFormat("en-US");
/** A count with thousands separators ("12,000"). */
const grouped = (value: number) => thousands.format(value);
const count = (value: number, [one, many]: [string, string]) => `${grouped(value)} ${value === 1 ? one : many}`;

function noteOf(row: Row, level: UsageLevel, tier: "FREE" | "PRO", upgradeHref: string) {
  const { used, limit, resetsAt } = row.allowance;
  const renews = renewal(resetsAt);
  if (level === "low") {
    return (
      <p className="tc-usage__note">
        Running low: {[count(Math.max(0, limit - used), row.unit), "left", row.where].filter(Boolean).join(" ")}.
      </p>
    );
  }
  if (level !== "out") return null;
  return (
    <p className="tc-usage__note">
      You&apos;ve used all {[count(limit, row.unit), row.where].filter(Boolean).join(" ")}
      {renews ? `; it renews on ${renews}` : ""}.{" "}
      {tier === "FREE" ? (
        <a href={upgradeHref}>Upgrade to Pro for more</a>
      ) : row.key === "messages" ? (
        "Start a new conversation to continue."
      ) : null}
    </p>
  );
}

/**
 * The member's allowances with bars. Pass `messages` for a conversation (the coach), and
 * `gradings` where grading is offered (the dashboard).
 */
export function UsageMeter({
  tier,
  conversations,
  messages,
  gradings,
  upgradeHref = "/app/settings/plan",
  heading = "AI usage",
  headingLevel = 2,
  id = "usage",
}: {
  tier: "FREE" | "PRO";
  conversations?: UsageAllowanceView | null;
  messages?: UsageAllowanceView | null;
  gradings?: UsageAllowanceView | null;
  upgradeHref?: string;
  heading?: string;
  headingLevel?: 2 | 3;
  /** Prefix of the element ids, when a page shows more than one meter. */
  id?: string;
}) {
  const rows: Row[] = [];
  if (conversations) {
    rows.push({
      key: "conversations",
      short: "Conversation",
      label: "Coach conversations",
      unit: ["conversation", "conversations"],
      where: conversations.resetsAt ? "this period" : "",
      allowance: conversations,
    });
  }
  if (messages) {
    rows.push({
      key: "messages",
      short: "Messages",
      label: "Messages in this conversation",
      unit: ["message", "messages"],
      where: "in this conversation",
      allowance: messages,
    });
  }
  if (gradings) {
    rows.push({
      key: "gradings",
      short: "Gradings",
      label: "Trade gradings this month",
      unit: ["grading", "gradings"],
      where: "this month",
      allowance: gradings,
    });
  }
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const headingId = `${id}-heading`;
  const anyOut = rows.some((row) => usageLevelOf(row.allowance) === "out");
  return (
    <section className="tc-card tc-usage" aria-labelledby={headingId}>
      <Heading id={headingId} className="tc-usage__heading">
        {heading} <span className="tc-usage__plan">{tier === "PRO" ? "Pro plan" : "Free plan"}</span>
      </Heading>
      <p className="tc-usage__summary">
        {rows.map((row) => `${row.short} ${grouped(row.allowance.used)}/${grouped(row.allowance.limit)}`).join(" · ")}
      </p>
      <ul className="tc-usage__rows">
        {rows.map((row) => {
          const level = usageLevelOf(row.allowance);
          const meterId = `${id}-${row.key}`;
          const { used, limit } = row.allowance;
          return (
            <li key={row.key} className={`tc-usage__row tc-usage--${level}`} data-level={level}>
              <label htmlFor={meterId} className="tc-usage__label">
                {row.label}{" "}
                <span className="tc-usage__count">
                  {grouped(used)} of {grouped(limit)}
                </span>
              </label>
              <meter
                id={meterId}
                min={0}
                max={Math.max(limit, 1)}
                value={Math.min(used, Math.max(limit, 1))}
                aria-valuetext={`${grouped(used)} of ${grouped(limit)} used`}
              >
                {grouped(used)} of {grouped(limit)}
              </meter>
              {row.key === "messages" ? <p className="tc-usage__hint">Enhanced answers count as 2.</p> : null}
              {noteOf(row, level, tier, upgradeHref)}
            </li>
          );
        })}
      </ul>
      {tier === "FREE" && !anyOut ? (
        <p className="tc-usage__cta">
          <a href={upgradeHref}>See what Pro includes</a>
        </p>
      ) : null}
    </section>
  );
}
