import { useLocation } from "@remix-run/react";

/**
 * The `key` of a form that should come back empty after it succeeded: a new one per navigation
 * (the redirect after a save clears the fields), but held while a refusal is shown, so whatever
 * the member types to fix it is never wiped by a later render or navigation before they send it.
 */
export function useFormResetKey(refused: unknown): string {
  const { key } = useLocation();
  return refused ? "refused" : key;
}
