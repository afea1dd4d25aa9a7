// What a member types reaches the model only through this: no control characters that could
// hide text from a reader (or from us in the logs), no walls of whitespace, and a hard cap.

import { MAX_MESSAGE_CHARS } from "../constants.ts";

export { MAX_MESSAGE_CHARS };

// C0 and C1 controls, DEL, and the invisible formatting characters (zero-width, bidi overrides,
// BOM) that can make a prompt read differently than it shows; newline and tab stay.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** The member's text as the coach stores and sends it: controls removed, whitespace tidied, at most MAX_MESSAGE_CHARS. */
export function sanitizeUserMessage(text: string): string {
  const cleaned = text
    .replace(/\r\n?/g, "\n")
    .replace(CONTROLS, "")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/[ \t]{2,}/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  // Cut by code points so a surrogate pair is never split in half.
  const chars = Array.from(cleaned);
  return chars.length > MAX_MESSAGE_CHARS ? chars.slice(0, MAX_MESSAGE_CHARS).join("").trimEnd() : cleaned;
}
