// What the coach pages share between server and browser.

/** Where a Free member learns about Pro (the usage meter links there too). */
export const UPGRADE_HREF = "/app/settings/plan";

export interface CoachRefusal {
  status: number;
  message: string;
  /** Out of allowance (402): the page offers the upgrade. */
  upgrade: boolean;
}
