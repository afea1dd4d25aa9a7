// The checker on a real PostgreSQL: crossings remembered between updates, frequencies, expiry,
// and two checkers (two connection pools, as two instances) racing on the same update: exactly
// one firing, one event, one notification, one email.
import { randomInt } from "node:crypto";
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, createPrismaClient, getPrisma, type PrismaClient } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TickerMessage } from "../live/ticker-message.ts";
import { newMember } from "../testing/members.ts";
import { AlertChecker, checkAlerts } from "./checker.ts";
import { initialAlertState } from "./domain/frequency.ts";

const prisma = getPrisma();
let other: PrismaClient;
const logger = rootLogger();
const T0 = Date.UTC(2026, 11, 7, 15, 0, 0);
let seq = 0;

beforeAll(() => {
  other = createPrismaClient(process.env.DATABASE_URL!);
});

afterAll(async () => {
  await other.$disconnect();
  await closePrisma();
  await closeRedis();
});

/** A symbol no other test alerts on. */
const uniqueSymbol = () => `CHK${randomInt(1e9)}`;

const update = (symbol: string, price: number, at: number, stale = false): TickerMessage => ({
  type: "ticker_update",
  id: String(++seq),
  data: [{ symbol, price, change24h: null, at }],
  timestamp: at,
  stale,
});

async function alertOn(userId: string, symbol: string, condition: object, frequency = "ONLY_ONCE", extra: object = {}) {
  return prisma.alert.create({
    data: {
      userId,
      symbol,
      condition,
      frequency: frequency as "ONLY_ONCE",
      message: "{{symbol}} {{condition}} at {{price}}",
      timeZone: "UTC",
      state: initialAlertState() as never,
      ...extra,
    },
    select: { id: true },
  });
}

const check = (db: PrismaClient, message: TickerMessage) =>
  checkAlerts({ prisma: db, logger, now: () => message.timestamp }, message);

describe("the alert checker", () => {
  it("fires a crossing once, on the update that crosses, with its event, notification and email", async () => {
    const { user } = await newMember({ label: "checker" });
    const symbol = uniqueSymbol();
    const { id } = await alertOn(user.id, symbol, { type: "crossing_up", level: 100 });
    expect((await check(prisma, update(symbol, 99, T0))).fired).toBe(0);
    expect((await check(prisma, update(symbol, 100, T0 + 5_000))).fired).toBe(0);
    expect((await check(prisma, update(symbol, 101.25, T0 + 10_000))).fired).toBe(1);
    expect((await check(prisma, update(symbol, 99, T0 + 15_000))).fired).toBe(0);
    expect((await check(prisma, update(symbol, 102, T0 + 20_000))).fired).toBe(0);

    const alert = await prisma.alert.findUniqueOrThrow({ where: { id } });
    expect(alert).toMatchObject({ fireCount: 1, endedAt: new Date(T0 + 10_000) });
    const events = await prisma.alertEvent.findMany({ where: { alertId: id } });
    expect(events.map((e) => [e.price.toString(), e.message, e.sampleAt.getTime()])).toEqual([
      ["101.25", `${symbol} crossing up 100.00 at 101.25`, T0 + 10_000],
    ]);
    const notes = await prisma.notification.findMany({ where: { userId: user.id } });
    expect(notes.map((n) => [n.kind, n.title, n.body, n.link, n.readAt])).toEqual([
      [
        "PRICE_ALERT",
        `${symbol} crossing up 100.00 at 101.25`,
        `${symbol} crossing up 100.00 at 101.25`,
        `/app/alerts#alert-${id}`,
        null,
      ],
    ]);
    const emails = await prisma.emailMessage.findMany({ where: { userId: user.id, template: "notification" } });
    expect(emails.map((e) => e.subject)).toEqual([`${symbol} crossing up 100.00 at 101.25`]);
  });

  it("two checkers on the same update record exactly one firing", async () => {
    const { user } = await newMember({ label: "checker-race" });
    const symbol = uniqueSymbol();
    const alerts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        alertOn(user.id, symbol, { type: "above", level: 50 + i }, "ONCE_PER_MINUTE"),
      ),
    );
    const message = update(symbol, 100, T0);
    const [a, b] = await Promise.all([check(prisma, message), check(other, message)]);
    expect(a.fired + b.fired).toBe(20);
    // A checker that read an alert after the other fired it sees it already fired; one that read it before loses the race.
    expect(a.lost + b.lost).toBeLessThanOrEqual(20);
    expect(await prisma.alertEvent.count({ where: { alertId: { in: alerts.map((x) => x.id) } } })).toBe(20);
    expect(await prisma.notification.count({ where: { userId: user.id } })).toBe(20);
    expect(await prisma.emailMessage.count({ where: { userId: user.id, template: "notification" } })).toBe(20);
    // The same update again (a replay, a second instance late): nothing new.
    const again = await Promise.all([check(prisma, message), check(other, message)]);
    expect(again[0].fired + again[1].fired).toBe(0);
    expect(await prisma.alertEvent.count({ where: { userId: user.id } })).toBe(20);
  });

  it("once per minute fires again a minute later; paused, expired and stale updates do not fire", async () => {
    const { user } = await newMember({ label: "checker-frequency" });
    const symbol = uniqueSymbol();
    const { id } = await alertOn(user.id, symbol, { type: "above", level: 10 }, "ONCE_PER_MINUTE");
    const paused = await alertOn(user.id, symbol, { type: "above", level: 10 }, "ONCE_PER_MINUTE", {
      pausedAt: new Date(),
    });
    const expired = await alertOn(user.id, symbol, { type: "above", level: 10 }, "ONCE_PER_MINUTE", {
      expiresAt: new Date(T0 - 1),
    });
    expect((await check(prisma, update(symbol, 11, T0))).fired).toBe(1);
    expect((await check(prisma, update(symbol, 12, T0 + 30_000))).fired).toBe(0);
    expect((await check(prisma, update(symbol, 12, T0 + 60_000, true))).fired).toBe(0);
    expect((await check(prisma, update(symbol, 12, T0 + 60_000))).fired).toBe(1);
    expect(await prisma.alertEvent.count({ where: { alertId: id } })).toBe(2);
    expect(await prisma.alertEvent.count({ where: { alertId: { in: [paused.id, expired.id] } } })).toBe(0);
    expect((await prisma.alert.findUniqueOrThrow({ where: { id: expired.id } })).endedAt).not.toBeNull();
  });

  it("a member who turned email off for alerts gets the in-app notification only", async () => {
    const { user, api } = await newMember({ label: "checker-noemail" });
    await api.notifications.setPreferences({ kinds: { PRICE_ALERT: { email: false, webhook: false } } });
    const symbol = uniqueSymbol();
    await alertOn(user.id, symbol, { type: "below", level: 10 });
    expect((await check(prisma, update(symbol, 9, T0))).fired).toBe(1);
    expect(await prisma.notification.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.emailMessage.count({ where: { userId: user.id, template: "notification" } })).toBe(0);
  });

  it("a checker kept between updates sees alerts created, changed, paused and deleted since it last read", async () => {
    const { user } = await newMember({ label: "checker-kept" });
    const symbol = uniqueSymbol();
    let clock = T0;
    const kept = new AlertChecker({ prisma, logger, now: () => clock });
    const tick = (price: number) => {
      clock += 60_000;
      return kept.check(update(symbol, price, clock));
    };
    expect((await tick(10)).evaluated).toBe(0);
    const late = await alertOn(user.id, symbol, { type: "above", level: 20 }, "ONCE_PER_MINUTE");
    expect((await tick(21)).fired).toBe(1);
    // Changed by the member: its new level counts from the next update.
    await prisma.alert.update({
      where: { id: late.id },
      data: { condition: { type: "above", level: 50 }, version: { increment: 1 }, state: initialAlertState() as never },
    });
    expect((await tick(30)).fired).toBe(0);
    expect((await tick(51)).fired).toBe(1);
    await prisma.alert.update({ where: { id: late.id }, data: { pausedAt: new Date(), version: { increment: 1 } } });
    expect((await tick(60)).evaluated).toBe(0);
    await prisma.alert.update({ where: { id: late.id }, data: { pausedAt: null, version: { increment: 1 } } });
    expect((await tick(61)).fired).toBe(1);
    // Deleted: the index may still hold it until its next full read, but nothing is recorded for it.
    await prisma.alert.delete({ where: { id: late.id } });
    const afterDelete = await tick(70);
    expect(afterDelete.fired).toBe(0);
    expect(await prisma.alertEvent.count({ where: { alertId: late.id } })).toBe(0);
    expect(await prisma.notification.count({ where: { userId: user.id } })).toBe(3);
  });

  it("two checkers kept between updates record each firing once, update after update", async () => {
    const { user } = await newMember({ label: "checker-kept-race" });
    const symbol = uniqueSymbol();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        alertOn(user.id, symbol, { type: "crossing", level: 100 + i }, "ONCE_PER_MINUTE"),
      ),
    );
    let clock = T0;
    const first = new AlertChecker({ prisma, logger, now: () => clock });
    const second = new AlertChecker({ prisma: other, logger, now: () => clock });
    // Below every level, above every level, below again: two crossings of each of the 10 levels.
    for (const price of [90, 120, 90]) {
      clock += 61_000;
      const message = update(symbol, price, clock);
      await Promise.all([first.check(message), second.check(message)]);
    }
    expect(await prisma.alertEvent.count({ where: { userId: user.id } })).toBe(20);
    expect(await prisma.notification.count({ where: { userId: user.id } })).toBe(20);
  });
});
