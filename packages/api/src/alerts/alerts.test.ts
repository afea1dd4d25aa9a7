// alerts.* through createCaller on a real database: what a member sets, what bad input gets
// (nothing stored), the plan's limit, and another member's ids being "not found".
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { createMarket } from "../market/index.ts";
import { failureOf, newMember } from "../testing/members.ts";
import { initialAlertState } from "./domain/frequency.ts";

const prisma = getPrisma();
const member = (label = "alerts") => newMember({ label, context: { market: createMarket() } });
const HOUR = 3_600_000;

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

describe("alerts.create|list|update|pause|resume|delete", () => {
  it("keeps an alert with its condition in words, and the member's lifecycle changes its status", async () => {
    const { api } = await member();
    const created = await api.alerts.create({
      symbol: " aapl ",
      condition: { type: "crossing_up", level: 190.5 },
      frequency: "once_per_day",
      message: "  {{symbol}} broke out at {{price}}  ",
      expiresAt: new Date(Date.now() + 48 * HOUR).toISOString(),
    });
    expect(created).toMatchObject({
      symbol: "AAPL",
      conditionText: "crossing up 190.50",
      frequency: "once_per_day",
      message: "{{symbol}} broke out at {{price}}",
      status: "armed",
      fireCount: 0,
    });
    expect((await api.alerts.pause({ alertId: created.id })).status).toBe("paused");
    expect((await api.alerts.resume({ alertId: created.id })).status).toBe("armed");
    const updated = await api.alerts.update({
      alertId: created.id,
      symbol: "MSFT",
      condition: { type: "moving_down", amount: 3, unit: "percent", window: { kind: "minutes", minutes: 30 } },
      frequency: "only_once",
      message: "",
      expiresAt: null,
    });
    expect(updated).toMatchObject({
      symbol: "MSFT",
      conditionText: "moving down 3% within 30 minutes",
      message: "{{symbol}} {{condition}}: now {{price}}",
      expiresAt: null,
    });
    const listed = await api.alerts.list();
    expect(listed).toMatchObject({ active: 1, limit: 200 });
    expect(listed.alerts.map((a) => a.id)).toEqual([created.id]);
    await api.alerts.delete({ alertId: created.id });
    expect((await api.alerts.list()).alerts).toEqual([]);
  });

  it("refuses bad input beside its field and stores nothing", async () => {
    const { api, user } = await member();
    const unknown = await failureOf(
      api.alerts.create({ symbol: "QQZZX", condition: { type: "above", level: 10 } } as never),
    );
    expect(unknown.fields.symbol?.[0]).toMatch(/^No market data for QQZZX/);
    const notNumber = await failureOf(
      api.alerts.create({ symbol: "AAPL", condition: { type: "above", level: Number("abc") } } as never),
    );
    expect(notNumber.fields["condition.level"] ?? notNumber.fields.condition).toBeTruthy();
    const negative = await failureOf(
      api.alerts.create({ symbol: "AAPL", condition: { type: "below", level: -5 } } as never),
    );
    expect(JSON.stringify(negative.fields)).toContain("Enter a price above 0");
    const past = await failureOf(
      api.alerts.create({ symbol: "AAPL", condition: { type: "above", level: 1 }, expiresAt: "2020-01-01" } as never),
    );
    expect(past.fields.expiresAt).toEqual(["Choose an expiry in the future"]);
    const control = await failureOf(
      api.alerts.create({ symbol: "AAPL", condition: { type: "above", level: 1 }, message: "a\u0007b" } as never),
    );
    expect(control.fields.message).toEqual(["Use a single line without tabs or control characters"]);
    expect(await prisma.alert.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses an alert past the plan's 200 active ones; ended and expired ones make room", async () => {
    const { api, user } = await member("alerts-limit");
    const row = (i: number, extra: object = {}) => ({
      userId: user.id,
      symbol: "AAPL",
      condition: { type: "above", level: 100 + i },
      frequency: "ONCE_PER_MINUTE" as const,
      message: "x",
      timeZone: "UTC",
      state: initialAlertState() as never,
      ...extra,
    });
    await prisma.alert.createMany({ data: Array.from({ length: 200 }, (_, i) => row(i)) });
    await prisma.alert.createMany({
      data: [row(900, { endedAt: new Date() }), row(901, { expiresAt: new Date(Date.now() - HOUR) })],
    });
    const full = await failureOf(
      api.alerts.create({ symbol: "AAPL", condition: { type: "above", level: 1 } } as never),
    );
    expect(full.fields.symbol).toEqual(["The Free plan keeps at most 200 active alerts. Delete one to add another."]);
    expect(await prisma.alert.count({ where: { userId: user.id } })).toBe(202);
    const one = await prisma.alert.findFirstOrThrow({ where: { userId: user.id, endedAt: null } });
    await api.alerts.delete({ alertId: one.id });
    await api.alerts.create({ symbol: "AAPL", condition: { type: "above", level: 1 } } as never);
  });

  it("another member's alert is not found for every procedure that takes its id", async () => {
    const alice = await member("alerts-alice");
    const bob = await member("alerts-bob");
    const { id } = await alice.api.alerts.create({ symbol: "AAPL", condition: { type: "above", level: 1 } } as never);
    const input = { alertId: id };
    for (const call of [
      () => bob.api.alerts.update({ ...input, symbol: "AAPL", condition: { type: "above", level: 2 } } as never),
      () => bob.api.alerts.delete(input),
      () => bob.api.alerts.pause(input),
      () => bob.api.alerts.resume(input),
      () => bob.api.alerts.events(input),
    ]) {
      const failure = await failureOf(call());
      expect([failure.code, failure.message]).toEqual(["NOT_FOUND", "That alert was not found."]);
    }
    expect((await bob.api.alerts.list()).alerts).toEqual([]);
    const kept = await prisma.alert.findUniqueOrThrow({ where: { id }, select: { pausedAt: true, version: true } });
    expect(kept).toEqual({ pausedAt: null, version: 0 });
  });
});
