import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, ButtonLink, TextAreaField } from "@tradecraft/ui";
import { useEffect, useRef } from "react";
import { adminAction, type Refusal, requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Studio image · Tradecraft Admin" }];

/** Edits one chain may hold (studio.edit refuses the 21st). */
const MAX_EDIT_DEPTH = 20;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const chain = await requireAdmin(request, (api) => api.studio.get({ id: params.id ?? "" }));
  return { ...chain, deleted: new URL(request.url).searchParams.has("deleted") };
}

type ActionData = (Refusal & { editPrompt?: string }) | { confirmDelete: true };

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "delete") {
    // Two steps, script or not: the first post only asks; the second (confirm=yes) deletes.
    if (form.get("confirm") !== "yes") return Response.json({ confirmDelete: true } satisfies ActionData);
    const result = await adminAction(request, (api) => api.studio.delete({ id }));
    if (result.ok) {
      const next = result.value.parentGenerationId;
      return redirect(next ? `/studio/${next}?deleted=1` : "/studio?deleted=1");
    }
    return Response.json(result satisfies ActionData, { status: result.status });
  }
  const editPrompt = String(form.get("editPrompt") ?? "");
  const result = await adminAction(request, (api) => api.studio.edit({ id, editPrompt }));
  if (result.ok) return redirect(`/studio/${result.value.id}`);
  return Response.json({ ...result, editPrompt } satisfies ActionData, { status: result.status });
}

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default function StudioImage() {
  const { generation, createdBy, ancestors, descendants, deleted } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const editing = navigation.state === "submitting" && navigation.formData?.get("intent") === "edit";
  const refusal = data && "ok" in data ? data : null;
  const confirmDelete = data && "confirmDelete" in data;
  const chain = [...ancestors, generation, ...descendants];
  const atLimit = generation.editCount >= MAX_EDIT_DEPTH;
  return (
    <div className="tc-stack">
      <p>
        <Link to="/studio">← All images</Link>
      </p>
      <h1>{generation.editCount ? `Studio image, edit ${generation.editCount}` : "Studio image"}</h1>
      {deleted ? <Alert tone="success">The image was deleted; its later edits are kept in this chain.</Alert> : null}
      {refusal ? <Alert tone="error">{refusal.message}</Alert> : null}
      {confirmDelete ? <ConfirmDelete hasChildren={descendants.length > 0} /> : null}
      <div className="tc-studio-detail">
        <figure className="tc-studio-figure">
          <img
            src={generation.imageUrl}
            alt={`Generated image: ${generation.editPrompt ?? generation.prompt}`}
            width={generation.width}
            height={generation.height}
          />
        </figure>
        <div className="tc-stack">
          <dl className="tc-facts">
            <dt>Prompt</dt>
            <dd className="tc-studio-text">{generation.prompt}</dd>
            {generation.editPrompt ? (
              <>
                <dt>This edit</dt>
                <dd className="tc-studio-text">{generation.editPrompt}</dd>
              </>
            ) : null}
            <dt>Size</dt>
            <dd>
              {generation.aspectRatio} · {generation.width} × {generation.height} px ·{" "}
              {Math.max(1, Math.round(generation.bytes / 1024))} KB
            </dd>
            <dt>Model</dt>
            <dd>{generation.model}</dd>
            <dt>Made by</dt>
            <dd>
              {createdBy.displayName}, {when.format(new Date(generation.createdAt))} UTC
            </dd>
            {generation.referenceImageIds.length ? (
              <>
                <dt>References</dt>
                <dd>{generation.referenceImageIds.length} reference images</dd>
              </>
            ) : null}
          </dl>
          <div className="tc-actions">
            <ButtonLink href={generation.downloadUrl} download variant="secondary">
              Download PNG
            </ButtonLink>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <Button type="submit" variant="danger">
                Delete…
              </Button>
            </Form>
          </div>
          <Form method="post" className="tc-card tc-stack" aria-labelledby="edit-heading">
            <h2 id="edit-heading">Edit this image</h2>
            <input type="hidden" name="intent" value="edit" />
            {atLimit ? (
              <p>
                This chain has reached {MAX_EDIT_DEPTH} edits, the most one chain can hold. Start a new image from the
                Studio page instead.
              </p>
            ) : (
              <>
                <TextAreaField
                  label="What should change?"
                  name="editPrompt"
                  rows={3}
                  maxLength={4000}
                  required
                  defaultValue={refusal?.editPrompt}
                  error={refusal?.fieldErrors.editPrompt}
                  hint="For example: make the background dark blue, add the words “Join today”. The earlier prompts go along as context."
                />
                <div className="tc-actions">
                  <Button type="submit" disabled={editing}>
                    {editing ? "Making the edit…" : "Make the edit"}
                  </Button>
                </div>
                <div role="status" aria-live="polite">
                  {editing ? (
                    <p className="tc-studio-progress">
                      <progress aria-label="Making the edit" /> Making the edit. This usually takes 10 to 60 seconds.
                    </p>
                  ) : null}
                </div>
              </>
            )}
          </Form>
        </div>
      </div>

      <section aria-labelledby="chain-heading" className="tc-stack">
        <h2 id="chain-heading">Edit chain</h2>
        <ol className="tc-studio-chain">
          {chain.map((item) => {
            const current = item.id === generation.id;
            return (
              <li key={item.id} aria-current={current ? "true" : undefined}>
                <Link to={`/studio/${item.id}`} className="tc-studio-chain__thumb" tabIndex={-1} aria-hidden="true">
                  <img src={item.thumbnailUrl} alt="" width={80} height={80} loading="lazy" />
                </Link>
                <div>
                  <p className="tc-studio-chain__title">
                    {current ? (
                      <strong>
                        {item.editCount ? `Edit ${item.editCount} (this image)` : "Original (this image)"}
                      </strong>
                    ) : (
                      <Link to={`/studio/${item.id}`}>{item.editCount ? `Edit ${item.editCount}` : "Original"}</Link>
                    )}
                  </p>
                  <p className="tc-studio-text">{item.editPrompt ?? item.prompt}</p>
                  <p className="tc-muted">
                    {createdBy.displayName}, {when.format(new Date(item.createdAt))} UTC
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}

/** The second step of a delete: what it does to the chain, a confirm button and a way back. */
function ConfirmDelete({ hasChildren }: { hasChildren: boolean }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section ref={ref} className="tc-card tc-confirm" aria-labelledby="confirm-heading" tabIndex={-1} autoFocus>
      <h2 id="confirm-heading">Delete this image?</h2>
      <p>
        The image and its file are removed for good.
        {hasChildren ? " Its later edits are kept and move up the chain, so the chain stays whole." : ""}
      </p>
      <Form method="post" className="tc-actions">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="confirm" value="yes" />
        <Button type="submit" variant="danger">
          Yes, delete the image
        </Button>
        <Link to=".">Cancel</Link>
      </Form>
    </section>
  );
}
