import { Link } from "@remix-run/react";
import { Card } from "@tradecraft/ui";
import { formatQuantity } from "~/lib/format";
import { contractName } from "~/lib/option-contract";

interface LinkedTrade {
  id: string;
  symbol: string;
  direction: "long" | "short";
  quantity: string;
  optionExpiry: string | null;
  optionStrike: string | null;
  optionRight: "call" | "put" | null;
}

const nameOf = (t: LinkedTrade) =>
  contractName({
    symbol: t.symbol,
    option:
      t.optionExpiry && t.optionStrike && t.optionRight
        ? { expiry: t.optionExpiry, strike: t.optionStrike, right: t.optionRight }
        : null,
  });

/**
 * Assignment and exercise: for an option, the share trade its delivery went into; for shares, the
 * options whose assignment or exercise delivered them. Nothing when neither applies.
 */
export function TradeDeliveries({
  deliveredTo,
  deliveredBy,
}: {
  deliveredTo: LinkedTrade | null;
  deliveredBy: LinkedTrade[];
}) {
  if (!deliveredTo && !deliveredBy.length) return null;
  return (
    <Card aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Assignment and exercise</h2>
      {deliveredTo ? (
        <p>
          This option ended by assignment or exercise and delivered shares into{" "}
          <Link to={`/app/journal/${deliveredTo.id}`}>
            {deliveredTo.direction} {formatQuantity(deliveredTo.quantity)} {deliveredTo.symbol} shares
          </Link>
          .
        </p>
      ) : null}
      {deliveredBy.length ? (
        <>
          <p>Shares of this trade were delivered by the assignment or exercise of:</p>
          <ul>
            {deliveredBy.map((t) => (
              <li key={t.id}>
                <Link to={`/app/journal/${t.id}`}>
                  {t.direction} {formatQuantity(t.quantity)} × {nameOf(t)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}
