import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Pnl } from "~/components/pnl";

export interface TradeCardRow {
  id: string;
  symbol: string;
  direction: string;
  entryAt: string | Date;
  netPnl: string | null;
  pnlOverride?: boolean | null;
  costBasisUnknown?: boolean;
  grade?: string | null;
  /** The option strategy the trade is a leg of ("Iron condor"), when it is one. */
  strategyName?: string | null;
}

/** A trade's net P&L as the lists show it: signed and coloured, or why there is none. */
export function TradeNetPnl({ trade: t }: { trade: TradeCardRow }) {
  if (t.costBasisUnknown && !t.pnlOverride) return <>entry unknown</>;
  if (t.netPnl === null) return <>open</>;
  if (t.pnlOverride)
    return (
      <>
        <Pnl value={t.netPnl} /> <strong>(override)</strong>
      </>
    );
  return <Pnl value={t.netPnl} />;
}

/**
 * A list of cards shown on phones only (the page's table is shown on wider screens: the stylesheet
 * picks one), or `empty` when there is nothing; each item's content comes from `card`.
 */
export function PhoneCards<T extends { id: string }>({
  label,
  items,
  empty,
  card,
}: {
  label: string;
  items: readonly T[];
  empty: string;
  card: (item: T) => ReactNode;
}) {
  return (
    <section className="tc-narrow-only" aria-label={label}>
      {items.length === 0 ? (
        <p className="tc-muted">{empty}</p>
      ) : (
        <ul className="tc-trade-cards">
          {items.map((item) => (
            <li key={item.id} className="tc-trade-card">
              {card(item)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Trades as cards for phones (symbol, side, date, net P&L, grade), where a wide table would scroll
 * sideways; `selectable` adds the bulk-tagging checkbox the journal's table has.
 */
export function TradeCards({
  label,
  trades,
  formatWhen,
  selectable = false,
  empty,
}: {
  label: string;
  trades: readonly TradeCardRow[];
  formatWhen: (at: string | Date) => string;
  selectable?: boolean;
  empty: string;
}) {
  return (
    <PhoneCards
      label={label}
      items={trades}
      empty={empty}
      card={(t) => (
        <>
          <div className="tc-trade-card__head">
            <Link to={`/app/journal/${t.id}`} className="tc-trade-card__symbol">
              {t.symbol}
            </Link>
            <span className="tc-trade-card__side">{t.direction}</span>
            <span className="tc-trade-card__pnl">
              <TradeNetPnl trade={t} />
            </span>
          </div>
          <div className="tc-trade-card__meta">
            <span>{formatWhen(t.entryAt)}</span>
            {t.strategyName ? <span className="tc-badge">{t.strategyName}</span> : null}
            <span>Grade {t.grade ?? "—"}</span>
            {selectable ? (
              <label className="tc-trade-card__select">
                <input type="checkbox" name="tradeIds" value={t.id} />
                <span className="tc-visually-hidden">
                  Select {t.symbol} opened {formatWhen(t.entryAt)}
                </span>
              </label>
            ) : null}
          </div>
        </>
      )}
    />
  );
}
