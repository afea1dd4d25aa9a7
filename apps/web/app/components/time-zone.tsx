import { Form } from "@remix-run/react";
import { Button, SelectField } from "@tradecraft/ui";
import { useEffect, useState } from "react";

/** The browser's IANA zone once the page runs script; null on the server and without script. */
export function useBrowserTimeZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => {
    try {
      setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || null);
    } catch {
      setZone(null);
    }
  }, []);
  return zone;
}

/** How a zone reads in the UI: "America/New York". */
export const zoneLabel = (zone: string) => zone.replace(/_/g, " ");

/** The muted line under a page heading that names the zone the page's times and days are in. */
export function TimeZoneNote({ timeZone }: { timeZone: string }) {
  return (
    <p className="tc-muted">
      Times in {zoneLabel(timeZone)} (<a href="/app/settings/profile">change</a>)
    </p>
  );
}

/**
 * Home's one-time offer to a member still on the zone nobody chose: with script, the browser's
 * zone in one click; without, a select that starts on Accept-Language's guess. "Keep" ends the
 * offer too. Both post `intent=time-zone` to the page's action.
 */
export function TimeZoneOffer({
  current,
  suggested,
  timeZones,
  error,
}: {
  current: string;
  suggested: string;
  timeZones: string[];
  error?: string[];
}) {
  const browserZone = useBrowserTimeZone();
  const offered = browserZone && browserZone !== current && !error ? browserZone : null;
  return (
    <section className="tc-alert tc-alert--info" aria-labelledby="time-zone-offer">
      <p id="time-zone-offer">
        <strong>
          Times are shown in {zoneLabel(current)}.{offered ? ` Use ${zoneLabel(offered)}?` : ""}
        </strong>
      </p>
      <Form method="post" className="tc-actions">
        <input type="hidden" name="intent" value="time-zone" />
        {offered ? (
          <>
            <input type="hidden" name="timeZone" value={offered} />
            <Button type="submit">Use {zoneLabel(offered)}</Button>
          </>
        ) : browserZone && browserZone === current && !error ? null : (
          <>
            <SelectField
              label="Time zone"
              name="timeZone"
              defaultValue={suggested}
              options={timeZones.map((zone) => ({ value: zone, label: zoneLabel(zone) }))}
              error={error}
            />
            <Button type="submit">Use this time zone</Button>
          </>
        )}
        <Button type="submit" name="keep" value="1" variant="secondary">
          Keep {zoneLabel(current)}
        </Button>
      </Form>
      <p className="tc-muted">
        You can change it any time in your <a href="/app/settings/profile">profile</a>.
      </p>
    </section>
  );
}
