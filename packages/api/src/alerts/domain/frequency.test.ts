import { describe, expect, it } from "vitest";
import type { AlertCondition } from "./conditions.ts";
import {
  type AlertDefinition,
  AlertDefinitionSchema,
  type AlertFrequency,
  type AlertState,
  AlertStateSchema,
  decide,
  initialAlertState,
} from "./frequency.ts";

const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);
const above100: AlertCondition = { type: "above", level: 100 };

function alert(frequency: AlertFrequency, extra: Partial<AlertDefinition> = {}): AlertDefinition {
  return { symbol: "AAPL", condition: above100, frequency, expiresAt: null, timeZone: "UTC", ...extra };
}

/** Feeds [seconds from `start`, price] samples, checked at the sample's time; returns each status. */
function run(definition: AlertDefinition, samples: [number, number][], start = T0) {
  let state: AlertState = initialAlertState();
  return samples.map(([seconds, price]) => {
    const at = start + seconds * 1000;
    const decision = decide(definition, state, { symbol: "AAPL", price, at }, at);
    expect(decision.fire).toBe(decision.status === "fired");
    state = decision.state;
    return decision.status;
  });
}
const firedAtSeconds = (statuses: string[], samples: [number, number][]) =>
  samples.filter((_, i) => statuses[i] === "fired").map(([s]) => s);

describe("once_per_minute", () => {
  it("fires at most once a minute while the price stays above", () => {
    const samples = Array.from({ length: 26 }, (_, i): [number, number] => [i * 5, 101]); // 0 s … 125 s
    expect(firedAtSeconds(run(alert("once_per_minute"), samples), samples)).toEqual([0, 60, 120]);
  });
  it("re-fires after 60 s, not before", () => {
    const samples: [number, number][] = [
      [0, 101],
      [55, 101],
      [59.999, 101],
      [60, 101],
    ];
    expect(run(alert("once_per_minute"), samples)).toEqual(["fired", "armed", "armed", "fired"]);
  });
  it("waits for the condition again when it is false at the minute mark", () => {
    const samples: [number, number][] = [
      [0, 101],
      [60, 99],
      [65, 100],
      [70, 101],
    ];
    expect(run(alert("once_per_minute"), samples)).toEqual(["fired", "armed", "armed", "fired"]);
  });
  it("drops a second crossing inside the minute: the frequency wins", () => {
    const cross: AlertDefinition = alert("once_per_minute", { condition: { type: "crossing_up", level: 100 } });
    const samples: [number, number][] = [
      [0, 99],
      [5, 101],
      [10, 99],
      [15, 101],
      [65, 99],
      [70, 101],
    ];
    expect(run(cross, samples)).toEqual(["armed", "fired", "armed", "armed", "armed", "fired"]);
  });
});

describe("only_once", () => {
  it("fires once, then is disarmed whatever the price does", () => {
    const samples: [number, number][] = [
      [0, 99],
      [5, 101],
      [70, 150],
      [86_400, 200],
    ];
    expect(run(alert("only_once"), samples)).toEqual(["armed", "fired", "disarmed", "disarmed"]);
  });
  it("stores the disarming with the firing, so a replayed sample cannot fire twice", () => {
    const sample = { symbol: "AAPL", price: 101, at: T0 };
    const first = decide(alert("only_once"), initialAlertState(), sample, T0);
    expect(first.state).toEqual({ condition: {}, firedAt: T0, disarmed: true });
    expect(decide(alert("only_once"), first.state, sample, T0)).toEqual({
      fire: false,
      state: first.state,
      status: "disarmed",
    });
  });
});

describe("once_per_day", () => {
  const samples: [number, number][] = [
    [0, 101], // 04:30Z: Monday 23:30 in New York, Tuesday in UTC
    [1795, 101], // 04:59:55Z: still Monday in New York
    [1800, 101], // 05:00Z: Tuesday 00:00 in New York
    [1805, 101],
  ];
  const start = Date.UTC(2026, 2, 3, 4, 30, 0);
  it("fires again on the member's next calendar day, at local midnight", () => {
    expect(run(alert("once_per_day", { timeZone: "America/New_York" }), samples, start)).toEqual([
      "fired",
      "armed",
      "fired",
      "armed",
    ]);
  });
  it("counts calendar days, not 24 h: the 25-hour fall-back day in New York allows one firing", () => {
    // 1 Nov 2026: 04:30Z is 00:30 EDT; 24 h later, 04:30Z on the 2nd, is 23:30 EST on the 1st.
    const fallBack: [number, number][] = [
      [0, 101],
      [86_400, 101],
      [88_200, 101], // 05:00Z on the 2nd: 00:00 EST, the next day
    ];
    const at = Date.UTC(2026, 10, 1, 4, 30, 0);
    expect(run(alert("once_per_day", { timeZone: "America/New_York" }), fallBack, at)).toEqual([
      "fired",
      "armed",
      "fired",
    ]);
  });
  it("in UTC the same instants are one day", () => {
    expect(run(alert("once_per_day"), samples, start)).toEqual(["fired", "armed", "armed", "armed"]);
  });
});

describe("expiry", () => {
  it("never fires at or past the expiry and says expired", () => {
    const expiring = alert("once_per_minute", { expiresAt: T0 + 60_000 });
    expect(
      run(expiring, [
        [0, 101],
        [59, 101],
        [60, 101],
        [120, 101],
      ]),
    ).toEqual(["fired", "armed", "expired", "expired"]);
  });
  it("a sample taken before the expiry but checked after it does not fire", () => {
    const d = decide(
      alert("only_once", { expiresAt: T0 + 1000 }),
      initialAlertState(),
      { symbol: "AAPL", price: 101, at: T0 },
      T0 + 1000,
    );
    expect(d).toEqual({ fire: false, state: initialAlertState(), status: "expired" });
  });
});

describe("decide", () => {
  it("returns the same state object when nothing changed, so the checker can skip the write", () => {
    const state = initialAlertState();
    expect(decide(alert("once_per_minute"), state, { symbol: "AAPL", price: 99, at: T0 }, T0).state).toBe(state);
  });
  it("updates the condition's memory even when the frequency holds the alert back", () => {
    const cross = alert("once_per_minute", { condition: { type: "crossing", level: 100 } });
    const fired = decide(cross, initialAlertState(), { symbol: "AAPL", price: 99, at: T0 }, T0);
    expect(fired.state.condition).toEqual({ side: "below" });
  });
  it("refuses a sample of another symbol", () => {
    expect(() => decide(alert("only_once"), initialAlertState(), { symbol: "MSFT", price: 1, at: T0 }, T0)).toThrow(
      /MSFT/,
    );
  });
});

describe("schemas", () => {
  it("validates a definition for the form", () => {
    expect(AlertDefinitionSchema.safeParse(alert("once_per_day", { timeZone: "Europe/Paris" })).success).toBe(true);
    const issue = (input: unknown) => AlertDefinitionSchema.safeParse(input).error?.issues[0]?.message;
    expect(issue(alert("once_per_day", { timeZone: "Mars/Olympus" }))).toBe("Choose a time zone");
    expect(issue({ ...alert("only_once"), frequency: "hourly" })).toBe("Choose how often the alert may fire");
    expect(issue(alert("only_once", { symbol: "  " }))).toBe("Enter a symbol");
  });
  it("parses stored state and refuses an unbounded bucket list", () => {
    expect(AlertStateSchema.parse(initialAlertState())).toEqual(initialAlertState());
    const extremes = Array.from({ length: 62 }, (_, i) => ({ start: i, price: 1 }));
    expect(AlertStateSchema.safeParse({ ...initialAlertState(), condition: { extremes } }).success).toBe(false);
  });
});
