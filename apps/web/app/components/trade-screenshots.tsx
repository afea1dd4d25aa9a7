import { Form, useActionData, useNavigation } from "@remix-run/react";
import { IMAGE_CONTENT_TYPES, MAX_SCREENSHOTS_PER_TRADE } from "@tradecraft/api/constants";
import { Alert, Button, Card, TextField } from "@tradecraft/ui";
import type { ScreenshotFailure } from "~/lib/screenshots.server";

/** A stored screenshot as the page receives it. */
export interface ScreenshotView {
  id: string;
  fileName: string;
  caption: string;
  width: number | null;
  height: number | null;
}

const THUMB_WIDTH = 240;

/**
 * The trade's screenshots: thumbnails linking to the full image, a delete button for each, and
 * the upload form (plain multipart forms: no JavaScript needed). Refusals show beside the form.
 */
export function TradeScreenshots({
  tradeId,
  screenshots,
  notice,
}: {
  tradeId: string;
  screenshots: ScreenshotView[];
  notice: string | null;
}) {
  const failure = useActionData<Partial<ScreenshotFailure>>();
  const busy = useNavigation().formData?.get("intent") === "add-screenshot";
  const error = failure?.screenshotError ?? null;
  const full = screenshots.length >= MAX_SCREENSHOTS_PER_TRADE;
  return (
    <Card aria-labelledby="screenshots-heading" id="screenshots">
      <h2 id="screenshots-heading">Screenshots</h2>
      {notice === "added" ? (
        <Alert tone="success">Screenshot added. Its location and camera data, if any, were removed.</Alert>
      ) : null}
      {notice === "deleted" ? <Alert tone="success">Screenshot deleted.</Alert> : null}
      {screenshots.length ? (
        <ul className="tc-screenshots">
          {screenshots.map((s) => {
            const src = `/app/journal/${tradeId}/screenshots/${s.id}`;
            const name = s.caption || s.fileName;
            // Reserve the thumbnail's box from the stored size so the page does not jump as images load.
            const height = s.width && s.height ? Math.round((THUMB_WIDTH * s.height) / s.width) : undefined;
            return (
              <li key={s.id}>
                <figure>
                  <a href={src}>
                    <img src={src} alt={name} width={THUMB_WIDTH} height={height} loading="lazy" />
                  </a>
                  <figcaption className="tc-muted">{s.caption || s.fileName}</figcaption>
                </figure>
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-screenshot" />
                  <input type="hidden" name="screenshotId" value={s.id} />
                  <Button type="submit" variant="secondary">
                    Delete<span className="tc-visually-hidden"> screenshot {name}</span>
                  </Button>
                </Form>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="tc-muted">No screenshots yet.</p>
      )}
      {error && !failure?.screenshotFields?.file && !failure?.screenshotFields?.caption ? (
        <Alert tone="error">{error}</Alert>
      ) : null}
      {full ? (
        <p>This trade has {MAX_SCREENSHOTS_PER_TRADE} screenshots, the most it can have. Delete one to add another.</p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="tc-narrow">
          <input type="hidden" name="intent" value="add-screenshot" />
          <TextField
            label="Image"
            name="file"
            type="file"
            accept={IMAGE_CONTENT_TYPES.join(",")}
            required
            hint="PNG, JPEG, WebP or GIF, at most 10 MB. Location and camera data are removed."
            error={failure?.screenshotFields?.file}
          />
          <TextField
            label="Caption (optional)"
            name="caption"
            maxLength={300}
            error={failure?.screenshotFields?.caption}
          />
          <Button type="submit" disabled={busy}>
            {busy ? "Uploading…" : "Upload screenshot"}
          </Button>
        </Form>
      )}
    </Card>
  );
}
