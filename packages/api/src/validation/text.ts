// The one gate for text coming into the router. PostgreSQL's text type refuses U+0000, and half
// of a UTF-16 surrogate pair is no character at all (it has no UTF-8 form): both failed at the
// database as a 500. Every string input starts from one of these schemas instead of z.string().
import { z } from "zod";

export const CONTROL_MESSAGE = "Must not contain control characters or unpaired surrogates";
export const INVISIBLE_MESSAGE = "Must not contain invisible or text-direction characters (such as U+202E or U+200B)";

// With the u flag a well-formed pair reads as one astral code point, so \p{Cs} matches only halves.
const UNPAIRED_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
// Tab, line feed and carriage return are how multi-line text is laid out; other controls are not text.
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LAYOUT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Format characters (bidi embeddings, overrides, isolates and marks, zero-width spaces and joiners,
// the BOM, the soft hyphen...), line and paragraph separators, the combining grapheme joiner, and
// the letters that draw as nothing (Hangul fillers, Khmer inherent vowels, the blank Braille
// pattern). In a name another person reads, they hide text or reorder what is around it.
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u2800\u3164\uFFA0]|\u034F|\u17B4|\u17B5/u;

/** True when `text` holds no control character and no unpaired surrogate (tab, CR and LF allowed when `multiline`). */
export function isSafeText(text: string, { multiline = false }: { multiline?: boolean } = {}): boolean {
  return !UNPAIRED_SURROGATE.test(text) && !(multiline ? CONTROL_EXCEPT_LAYOUT : CONTROL).test(text);
}

/** True when `text` holds nothing invisible or direction-changing (see INVISIBLE). */
export function isVisibleText(text: string): boolean {
  return !INVISIBLE.test(text);
}

/** Single-line text (ids, searches, codes, file names): no control characters, no unpaired surrogates. */
export function safeText() {
  return z.string().refine((text) => isSafeText(text), CONTROL_MESSAGE);
}

/** Multi-line text (notes, messages, bios, passwords): as safeText, but tab, CR and LF are allowed. */
export function safeMultilineText() {
  return z.string().refine((text) => isSafeText(text, { multiline: true }), CONTROL_MESSAGE);
}

/** A name other people or admins read (display names, accounts, setups, tags): safeText with nothing invisible or bidi. */
export function safeName() {
  return safeText().refine(isVisibleText, INVISIBLE_MESSAGE);
}

/** A row id as routes and forms pass it: bounded safe text (whether it exists is the handler's question). */
export const IdSchema = safeText().trim().min(1, "Give an id").max(64, "Ids are at most 64 characters");

/** The first `max` code points of `text`, never splitting a surrogate pair (String#slice counts UTF-16 units). */
export function cutText(text: string, max: number): string {
  const points = Array.from(text);
  return points.length > max ? points.slice(0, max).join("") : text;
}
