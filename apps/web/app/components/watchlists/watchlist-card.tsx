// One watchlist on /app/watchlists: its name and tools (rename, delete, move), its symbols with
// price, signed change, a month's line and where the price comes from, and "Add a symbol". Every
// control is a link or a POST form with an `intent`, so all of it works without JavaScript.
import { Form, Link } from "@remix-run/react";
import { Button, TextField } from "@tradecraft/ui";
import type { ReactNode } from "react";
import { LivePrice } from "~/components/live-ticker";
import { pnlTone } from "~/lib/format";
import { seriesChangePercent, Sparkline } from "./sparkline";

export interface WatchlistItemView {
  id: string;
  symbol: string;
  quote: { price: number; change: number | null; changePercent: number | null; at: number } | null;
  simulated: boolean;
  stale: boolean;
  asOf: number | null;
  sparkline: number[] | null;
  priced: boolean;
}

export interface WatchlistView {
  id: string;
  name: string;
  items: WatchlistItemView[];
}

const signedPercent = new Intl.NumberFormat("en-US", {
  maximumFractionDigits: 2,
  minimumFractionDigits: 2,
  signDisplay: "exceptZero",
});

/** "+0.52%", "-1.20%", "0.00%", or "—": always signed, so the colour only repeats it. */
export function formatChangePercent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${signedPercent.format(value)}%`;
}

/** The symbol link's "to": its market page. */
export const marketHref = (symbol: string) => `/app/market/${encodeURIComponent(symbol)}`;

/** Words for screen readers only, completing a short visible label. */
export const Hidden = ({ children }: { children: ReactNode }) => <span className="tc-visually-hidden">{children}</span>;

/** A small POST form: one button, an intent and its hidden fields. */
export function PostButton({
  intent,
  fields,
  children,
  disabled,
}: {
  intent: string;
  fields: Record<string, string>;
  /** Its visible words with the rest of its name in a Hidden part ("Move<Hidden> BTC</Hidden> up"). */
  children: ReactNode;
  disabled?: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant="secondary" className="tc-watchlist__small" disabled={disabled}>
        {/* One span, so the button's flex gap does not open around the hidden words. */}
        <span>{children}</span>
      </Button>
    </Form>
  );
}

function Labels({ item, timeZone }: { item: WatchlistItemView; timeZone: string }) {
  const time =
    item.stale && item.asOf !== null
      ? new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone }).format(item.asOf)
      : null;
  return (
    <span className="tc-watchlist__labels">
      {item.simulated ? <span className="tc-market-label">simulated</span> : null}
      {time ? <span className="tc-market-label tc-market-label--stale">delayed {time}</span> : null}
      {!item.quote && item.priced ? (
        <span className="tc-market-label tc-market-label--down">prices unavailable right now</span>
      ) : null}
    </span>
  );
}

function ItemRow({
  list,
  item,
  index,
  busy,
  timeZone,
}: {
  list: WatchlistView;
  item: WatchlistItemView;
  index: number;
  busy: boolean;
  timeZone: string;
}) {
  const order = list.items.map((i) => i.id).join(",");
  const change = item.quote?.changePercent ?? null;
  const monthChange = seriesChangePercent(item.sparkline);
  return (
    <tr>
      <th scope="row" data-label="Symbol">
        <Link to={marketHref(item.symbol)}>{item.symbol}</Link>
      </th>
      <td className="tc-num" data-label="Price" data-symbol={item.symbol}>
        {item.quote ? (
          <LivePrice symbol={item.symbol} initial={item.quote.price} />
        ) : item.priced ? (
          "—"
        ) : (
          <Link to={`?list=${list.id}`}>Show price</Link>
        )}
      </td>
      <td className="tc-num" data-label="Change">
        <span className={`tc-pnl tc-pnl--${pnlTone(change)}`}>{formatChangePercent(change)}</span>
      </td>
      <td data-label="30 days">
        {item.sparkline ? (
          <span className="tc-watchlist__trend">
            <Sparkline closes={item.sparkline} />
            <span className={`tc-pnl tc-pnl--${pnlTone(monthChange)}`}>{formatChangePercent(monthChange)}</span>
          </span>
        ) : (
          <span className="tc-muted">—</span>
        )}
      </td>
      <td data-label="Source">
        <Labels item={item} timeZone={timeZone} />
      </td>
      <td data-label="Actions">
        <span className="tc-watchlist__row-actions">
          {index > 0 ? (
            <PostButton
              intent="move-item"
              fields={{ watchlistId: list.id, order, index: String(index), step: "-1" }}
              disabled={busy}
            >
              Move<Hidden> {item.symbol}</Hidden> up
            </PostButton>
          ) : null}
          {index < list.items.length - 1 ? (
            <PostButton
              intent="move-item"
              fields={{ watchlistId: list.id, order, index: String(index), step: "1" }}
              disabled={busy}
            >
              Move<Hidden> {item.symbol}</Hidden> down
            </PostButton>
          ) : null}
          <PostButton intent="remove-item" fields={{ itemId: item.id }} disabled={busy}>
            Remove
            <Hidden>
              {" "}
              {item.symbol} from {list.name}
            </Hidden>
          </PostButton>
        </span>
      </td>
    </tr>
  );
}

/** The list's card; `tools` are its rename/delete/move controls, `symbolError`/`typed` the add form's refusal. */
export function WatchlistCard({
  list,
  tools,
  symbolError,
  typed,
  busy,
  timeZone,
  full,
}: {
  list: WatchlistView;
  tools: ReactNode;
  symbolError?: string[];
  typed?: string;
  busy: boolean;
  timeZone: string;
  full: boolean;
}) {
  const headingId = `watchlist-${list.id}-heading`;
  return (
    <section className="tc-card tc-watchlist" aria-labelledby={headingId}>
      <div className="tc-watchlist__head">
        <h2 id={headingId}>{list.name}</h2>
        {tools}
      </div>
      {list.items.length ? (
        <table className="tc-watchlist__items">
          <caption className="tc-visually-hidden">Symbols on {list.name}</caption>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="tc-num">
                Price
              </th>
              <th scope="col" className="tc-num">
                Change
              </th>
              <th scope="col">30 days</th>
              <th scope="col">Source</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item, index) => (
              <ItemRow key={item.id} list={list} item={item} index={index} busy={busy} timeZone={timeZone} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="tc-muted">No symbols yet: add one below.</p>
      )}
      {full ? (
        <p className="tc-muted">This list is full (50 symbols). Remove one to add another.</p>
      ) : (
        <Form method="post" noValidate className="tc-watchlist__add">
          <input type="hidden" name="intent" value="add-item" />
          <input type="hidden" name="watchlistId" value={list.id} />
          <TextField
            id={`symbol-${list.id}`}
            name="symbol"
            label={`Add a symbol to ${list.name}`}
            hint="Such as AAPL, BTC or ES"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            defaultValue={typed ?? ""}
            error={symbolError}
          />
          <Button type="submit" disabled={busy}>
            Add symbol
          </Button>
        </Form>
      )}
    </section>
  );
}
