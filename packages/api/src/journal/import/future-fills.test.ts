import { expect, it } from "vitest";
import { refuseFutureFills } from "./future-fills.ts";

const fill = (line: number, iso: string) => ({ line, executedAt: new Date(iso) });

it("keeps fills up to the end of today in the member's zone and refuses later ones with their line", () => {
  // 23:00 UTC on 7 Dec is 18:00 in New York: today there is still 7 Dec, which ends at 05:00 UTC on the 8th.
  const now = new Date("2026-12-07T23:00:00Z");
  const { fills, errors } = refuseFutureFills(
    [
      fill(2, "2026-12-07T14:30:00Z"),
      fill(3, "2026-12-08T04:59:59Z"), // 23:59:59 on 7 Dec in New York: later today, kept
      fill(4, "2026-12-08T05:00:00Z"), // midnight of 8 Dec in New York
      fill(5, "2027-07-12T17:00:00Z"), // a day/month swap
    ],
    now,
    "America/New_York",
  );
  expect(fills.map((f) => f.line)).toEqual([2, 3]);
  expect(errors).toEqual([
    {
      line: 4,
      message:
        "Dated 2026-12-08, after today (2026-12-07, America/New_York): a fill cannot be in the future. Check the file's dates.",
    },
    {
      line: 5,
      message:
        "Dated 2027-07-12, after today (2026-12-07, America/New_York): a fill cannot be in the future. Check the file's dates.",
    },
  ]);
});

it("judges today in the member's zone, not the server's: Tokyo is already on the 8th", () => {
  const now = new Date("2026-12-07T23:00:00Z"); // 08:00 on 8 Dec in Tokyo
  const { fills, errors } = refuseFutureFills([fill(2, "2026-12-08T03:00:00Z")], now, "Asia/Tokyo");
  expect(fills).toHaveLength(1);
  expect(errors).toEqual([]);
  expect(refuseFutureFills([fill(2, "2026-12-08T03:00:00Z")], now, "UTC").errors).toHaveLength(1);
});
