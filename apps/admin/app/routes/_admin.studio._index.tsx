import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, EmptyState, SelectField, TextAreaField } from "@tradecraft/ui";
import { adminAction, type Refusal, requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Studio · Tradecraft Admin" }];

const PAGE_SIZE = 24;
const MAX_REFERENCES = 4;
const ASPECT_RATIOS = [
  { value: "1:1", label: "Square 1:1 (1024 × 1024)" },
  { value: "3:2", label: "Landscape 3:2 (1536 × 1024)" },
  { value: "2:3", label: "Portrait 2:3 (1024 × 1536)" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const requested = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isInteger(requested) && requested >= 1 && requested <= 100_000 ? requested : 1;
  const gallery = await requireAdmin(request, (api) => api.studio.list({ page, pageSize: PAGE_SIZE }));
  return { ...gallery, deleted: url.searchParams.has("deleted") };
}

type ActionData = Refusal & { values: { prompt: string; aspectRatio: string } };

/**
 * One form, with or without script: the reference files come in the same multipart post, are
 * uploaded (checked by content) first, then the image is generated from their ids. If anything
 * fails, the uploads of this post are discarded again, so nothing is left behind.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { prompt: String(form.get("prompt") ?? ""), aspectRatio: String(form.get("aspectRatio") ?? "") };
  const files = form.getAll("references").filter((f): f is File => typeof f !== "string" && f.size > 0);
  const refuse = (refusal: Refusal) =>
    Response.json({ ...refusal, values } satisfies ActionData, { status: refusal.status });
  if (files.length > MAX_REFERENCES) {
    return refuse({
      ok: false,
      status: 400,
      message: "Please correct the fields marked below.",
      fieldErrors: { references: [`Use at most ${MAX_REFERENCES} reference images.`] },
    });
  }
  const uploaded: string[] = [];
  const result = await adminAction(request, async (api) => {
    for (const file of files) {
      const reference = await api.studio
        .upload({ content: new Uint8Array(await file.arrayBuffer()), fileName: file.name })
        .catch((error: unknown) => {
          // Said beside the file input, naming the file.
          if (error instanceof Error) error.message = `${file.name}: ${error.message}`;
          throw error;
        });
      uploaded.push(reference.id);
    }
    return api.studio.generate({
      prompt: values.prompt,
      aspectRatio: values.aspectRatio as "1:1",
      referenceImageIds: uploaded,
    });
  });
  if (result.ok) return redirect(`/studio/${result.value.id}`);
  if (uploaded.length) {
    await adminAction(request, (api) => api.studio.discardReferences({ ids: uploaded }));
  }
  const fieldErrors = { ...result.fieldErrors };
  if (fieldErrors.referenceImageIds) fieldErrors.references = fieldErrors.referenceImageIds;
  // An upload's refusal (not an image, too large) belongs beside the file input.
  if (uploaded.length < files.length && !Object.keys(result.fieldErrors).length && result.status === 400) {
    return refuse({
      ...result,
      message: "Please correct the fields marked below.",
      fieldErrors: { references: [result.message] },
    });
  }
  return refuse({ ...result, fieldErrors });
}

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default function Studio() {
  const { items, meta, allowance, deleted } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const generating = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const left = Math.max(0, allowance.limit - allowance.used);
  const errors = data?.fieldErrors ?? {};
  return (
    <div className="tc-stack">
      <h1>Studio</h1>
      <p className="tc-muted">
        Make images for the community&rsquo;s ads and posts: describe what you want, pick a shape, and optionally add up
        to {MAX_REFERENCES} reference images (PNG, JPEG or WebP, up to 10 MB each; their metadata is removed). Open an
        image to refine it with edits. Only you see your images.
      </p>
      <p>
        <strong>
          {left} of {allowance.limit} images left today
        </strong>{" "}
        <span className="tc-muted">(renews at 00:00 UTC)</span>
      </p>
      {deleted ? <Alert tone="success">The image was deleted.</Alert> : null}
      {data && !data.ok ? <Alert tone="error">{data.message}</Alert> : null}
      <Form method="post" encType="multipart/form-data" className="tc-card tc-stack" aria-labelledby="new-image">
        <h2 id="new-image">New image</h2>
        <TextAreaField
          label="Prompt"
          name="prompt"
          rows={5}
          maxLength={4000}
          required
          defaultValue={data?.values.prompt}
          error={errors.prompt}
          hint="What the image shows, its style, colours and any text on it (up to 4,000 characters)."
        />
        <SelectField
          label="Aspect ratio"
          name="aspectRatio"
          options={ASPECT_RATIOS}
          defaultValue={data?.values.aspectRatio || "1:1"}
          error={errors.aspectRatio}
        />
        <div className="tc-field">
          <label htmlFor="references">Reference images (optional)</label>
          <div id="references-hint" className="tc-field__hint">
            Up to {MAX_REFERENCES} images the new one should follow (a logo, a product, a style). Choose them again
            after an error.
          </div>
          <input
            id="references"
            name="references"
            type="file"
            multiple
            accept="image/png,image/jpeg,image/webp"
            aria-describedby={errors.references ? "references-hint references-error" : "references-hint"}
            aria-invalid={errors.references ? true : undefined}
          />
          {errors.references ? (
            <div id="references-error" className="tc-field__error">
              {errors.references[0]}
            </div>
          ) : null}
        </div>
        <div className="tc-actions">
          <Button type="submit" disabled={generating || left === 0}>
            {generating ? "Generating…" : "Generate image"}
          </Button>
          {left === 0 ? <span className="tc-muted">Today&rsquo;s allowance is used up.</span> : null}
        </div>
        <div role="status" aria-live="polite">
          {generating ? (
            <p className="tc-studio-progress">
              <progress aria-label="Generating the image" /> Generating your image. This usually takes 10 to 60 seconds;
              keep this page open.
            </p>
          ) : null}
        </div>
      </Form>

      <section aria-labelledby="gallery" className="tc-stack">
        <h2 id="gallery">Your images</h2>
        {items.length === 0 ? (
          <EmptyState title={meta.total === 0 ? "No images yet" : "No images on this page"}>
            {meta.total === 0 ? (
              "Images you generate appear here, newest first."
            ) : (
              <Link to="/studio">Go to the first page</Link>
            )}
          </EmptyState>
        ) : (
          <ul className="tc-studio-gallery">
            {items.map((item) => (
              <li key={item.id}>
                <Link to={`/studio/${item.id}`} className="tc-studio-tile">
                  <img
                    src={item.thumbnailUrl}
                    alt=""
                    width={item.width >= item.height ? 320 : Math.round((320 * item.width) / item.height)}
                    height={item.height >= item.width ? 320 : Math.round((320 * item.height) / item.width)}
                    loading="lazy"
                  />
                  <span className="tc-studio-tile__prompt">{shorten(item.editPrompt ?? item.prompt, 90)}</span>
                </Link>
                <span className="tc-muted tc-studio-tile__meta">
                  {item.editCount ? `Edit ${item.editCount} · ` : ""}
                  {item.aspectRatio} · {when.format(new Date(item.createdAt))} UTC
                </span>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label="Gallery pages" className="tc-actions">
          {meta.page > 1 ? <Link to={`/studio?page=${meta.page - 1}`}>← Newer</Link> : null}
          <span className="tc-muted">
            Page {meta.page} of {meta.pageCount} · {meta.total} {meta.total === 1 ? "image" : "images"}
          </span>
          {meta.page < meta.pageCount ? <Link to={`/studio?page=${meta.page + 1}`}>Older →</Link> : null}
        </nav>
      </section>
    </div>
  );
}

function shorten(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
