import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { httpStatusOf, TRPCError } from "@tradecraft/api";
import { Alert, Button, Card, ErrorSummary, TextField } from "@tradecraft/ui";
import { LiveStatus } from "~/components/live-ticker";
import { ConfirmDelete } from "~/components/manage-list";
import { moved } from "~/components/watchlists/order";
import { Hidden, PostButton, WatchlistCard } from "~/components/watchlists/watchlist-card";
import watchlistStyles from "~/components/watchlists/watchlists.css?url";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { orRefusal } from "~/lib/journal.server";
import { useFormResetKey } from "~/lib/form-key";

export const meta: MetaFunction = () => [{ title: "Watchlists · Tradecraft" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: watchlistStyles }];

// Like the accounts page: ?rename=<id> and ?delete=<id> show that list's form, ?list=<id> prices
// that list first, so every step is a link or a POST and works without JavaScript.
export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const url = new URL(request.url);
  const focus = url.searchParams.get("list");
  const [watchlists, profile] = await Promise.all([
    orRefusal(api.watchlists.list(focus ? { watchlistId: focus } : {})),
    api.account.profile(),
  ]);
  const pick = (key: string) => watchlists.lists.find((l) => l.id === url.searchParams.get(key)) ?? null;
  return {
    ...watchlists,
    timeZone: profile.timeZone,
    renaming: pick("rename"),
    deleting: pick("delete"),
    done: url.searchParams.get("done"),
  };
}

type ActionData = FormFailure & { intent: string; watchlistId: string; typed: string; name: string };

const DONE: Record<string, string> = {
  create: "created",
  rename: "renamed",
  delete: "deleted",
  "add-item": "added",
  "remove-item": "removed",
};

/** "a,b,c" from a move form: the page's order, which reorder checks against what the member holds. */
const idsOf = (text: string) => text.split(",").filter(Boolean).slice(0, 60);

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const intent = text("intent");
  const watchlistId = text("watchlistId");
  const typed = text("symbol").slice(0, 64);
  const name = text("name").slice(0, 200);
  try {
    if (intent === "create") await api.watchlists.create({ name: text("name") });
    else if (intent === "rename") await api.watchlists.rename({ watchlistId, name: text("name") });
    else if (intent === "delete") await orRefusal(api.watchlists.delete({ watchlistId }));
    else if (intent === "add-item") await api.watchlists.addItem({ watchlistId, symbol: text("symbol") });
    else if (intent === "remove-item") await orRefusal(api.watchlists.removeItem({ itemId: text("itemId") }));
    else if (intent === "move-item" || intent === "move-list") {
      const step = text("step") === "-1" ? -1 : 1;
      const ids = moved(idsOf(text("order")), Number.parseInt(text("index"), 10), step);
      await api.watchlists.reorder(intent === "move-item" ? { watchlistId, ids } : { ids });
      return redirect(`/app/watchlists${intent === "move-item" ? `#watchlist-${watchlistId}-heading` : ""}`);
    } else return new Response("Unknown action", { status: 400 });
    return redirect(`/app/watchlists?done=${DONE[intent]}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    // A symbol cannot be checked while the market is down: said beside the field, nothing stored.
    if (error instanceof TRPCError && error.code === "SERVICE_UNAVAILABLE" && intent === "add-item") {
      const data: ActionData = {
        fieldErrors: { symbol: [error.message] },
        formError: null,
        intent,
        watchlistId,
        typed,
        name,
      };
      return Response.json(data, { status: httpStatusOf(error) });
    }
    const { data, status } = formFailure(error);
    // A stale page's order ("names lists that are not yours") is the form's problem, not a field's.
    const { ids, ...fieldErrors } = data.fieldErrors;
    const formError = data.formError ?? ids?.[0] ?? null;
    return Response.json({ fieldErrors, formError, intent, watchlistId, typed, name } satisfies ActionData, { status });
  }
}

export default function Watchlists() {
  const { lists, marketUnavailable, warnings, limits, timeZone, renaming, deleting, done } =
    useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const formKey = useFormResetKey(data);
  const errorsFor = (intent: string, id = "") =>
    data?.intent === intent && data.watchlistId === id ? data.fieldErrors : {};
  const fieldIds: Record<string, string> =
    data?.intent === "add-item"
      ? { symbol: `symbol-${data.watchlistId}` }
      : data?.intent === "rename"
        ? { name: "rename-name" }
        : { name: "watchlist-name" };
  const order = lists.map((l) => l.id).join(",");
  return (
    <div className="tc-stack">
      <h1>Watchlists</h1>
      <LiveStatus />
      {done && !data ? (
        <Alert tone="success">
          The {done === "added" || done === "removed" ? "symbol" : "list"} was {done}.
        </Alert>
      ) : null}
      <ErrorSummary fieldErrors={data?.fieldErrors} fieldIds={fieldIds} formError={data?.formError} />
      {marketUnavailable ? (
        <Alert tone="info">
          Prices unavailable right now. Your lists are all here; prices come back when the market data does.
        </Alert>
      ) : warnings.length ? (
        <Alert tone="info">{warnings.join(" ")}</Alert>
      ) : null}
      {deleting ? (
        <ConfirmDelete
          name={deleting.name}
          idField="watchlistId"
          id={deleting.id}
          confirmLabel="Yes, delete the list"
          keepHref="/app/watchlists"
          busy={busy}
        >
          Its {deleting.items.length} symbol{deleting.items.length === 1 ? "" : "s"} go with it. This cannot be undone.
        </ConfirmDelete>
      ) : null}
      {lists.length === 0 ? <p>No watchlists yet: name your first one below.</p> : null}
      {lists.map((list, index) => (
        <WatchlistCard
          key={list.id}
          list={list}
          busy={busy}
          timeZone={timeZone}
          full={list.items.length >= limits.symbolsPerList}
          symbolError={errorsFor("add-item", list.id).symbol}
          typed={data?.intent === "add-item" && data.watchlistId === list.id ? data.typed : undefined}
          tools={
            renaming?.id === list.id ? (
              <Form method="post" noValidate className="tc-watchlist__add">
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="watchlistId" value={list.id} />
                <TextField
                  id="rename-name"
                  name="name"
                  label="New name"
                  required
                  hint="At most 60 characters"
                  defaultValue={data?.intent === "rename" ? data.name : list.name}
                  error={errorsFor("rename", list.id).name}
                />
                <Button type="submit" disabled={busy}>
                  Save name
                </Button>
                <Link to="/app/watchlists">Cancel</Link>
              </Form>
            ) : (
              <span className="tc-watchlist__tools">
                <Link to={`?rename=${encodeURIComponent(list.id)}`} aria-label={`Rename ${list.name}`}>
                  Rename
                </Link>
                <Link to={`?delete=${encodeURIComponent(list.id)}`} aria-label={`Delete ${list.name}`}>
                  Delete
                </Link>
                {index > 0 ? (
                  <PostButton intent="move-list" fields={{ order, index: String(index), step: "-1" }} disabled={busy}>
                    Move<Hidden> list {list.name}</Hidden> up
                  </PostButton>
                ) : null}
                {index < lists.length - 1 ? (
                  <PostButton intent="move-list" fields={{ order, index: String(index), step: "1" }} disabled={busy}>
                    Move<Hidden> list {list.name}</Hidden> down
                  </PostButton>
                ) : null}
              </span>
            )
          }
        />
      ))}
      {lists.length >= limits.lists ? (
        <p className="tc-muted">
          You have {limits.lists} watchlists, the most you can keep. Delete one to start another.
        </p>
      ) : (
        <Card aria-labelledby="create-heading" className="tc-narrow">
          <h2 id="create-heading">New watchlist</h2>
          <Form method="post" noValidate key={formKey}>
            <input type="hidden" name="intent" value="create" />
            <TextField
              id="watchlist-name"
              label="List name"
              name="name"
              required
              hint="At most 60 characters"
              defaultValue={data?.intent === "create" ? data.name : ""}
              error={errorsFor("create").name}
            />
            <Button type="submit" disabled={busy}>
              Create list
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
