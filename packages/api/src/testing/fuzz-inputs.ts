// Generated inputs for the router's fuzz test (never imported by the product): values shaped by
// a procedure's input schema so they reach its handler, with hostile values mixed in at every
// level, and the superjson wire format @trpc/client sends them in.
import fc from "fast-check";

/** One or more characters of each Unicode general category, the troublesome ones first. */
export const CATEGORY_SAMPLES = [
  ...["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\t", "\r\n", "\u000b"], // Cc
  ...["\u00ad", "\u061c", "\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\u{e0001}"], // Cf
  ...["\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800"], // Cs: unpaired halves
  ...["\ue000", "\u{10fffd}"], // Co
  ...["\u0378", "\uffff", "\u{10ffff}"], // Cn
  ...["\u2028", "\u2029", "\u3000", "\u00a0"], // Zl, Zp, Zs
  ...["\u0301", "\u0903", "\u20dd"], // Mn, Mc, Me
  ...["A", "z", "ǅ", "ʰ", "中", "\u3164"], // Lu, Ll, Lt, Lm, Lo
  ...["7", "\u0663", "\u2167", "\u00bd"], // Nd, Nl, No
  ...["_", "-", "(", ")", "«", "»", "!"], // Pc, Pd, Ps, Pe, Pi, Pf, Po
  ...["+", "$", "^", "😀", "👨\u200d👩\u200d👧"], // Sm, Sc, Sk, So
];

const HOSTILE_STRINGS = [
  "",
  " ",
  "null",
  "NaN",
  "__proto__",
  "constructor",
  "99999-12-31",
  "0000-00-00",
  "2026-02-30",
  "2026-99-99",
  "2026-03-02T25:61",
  "x 1",
  "1e308",
  "-0",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00",
  "a".repeat(70),
  "9".repeat(400),
  "😀".repeat(40),
  "x".repeat(20_000),
];

// What broke most is drawn more often than its share: NUL (PostgreSQL refuses it in text), half
// surrogate pairs (no UTF-8 form), and the bidi and zero-width characters names must not carry.
const categorySample = fc.oneof(
  { weight: 3, arbitrary: fc.constant("\u0000") },
  { weight: 3, arbitrary: fc.constantFrom("\ud800", "\udfff", "\u202e", "\u200b") },
  { weight: 4, arbitrary: fc.constantFrom(...CATEGORY_SAMPLES) },
);

/** `text` with a character of some Unicode category put in at a random place. */
const spliced = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, categorySample, fc.nat()).map(([base, sample, at]) => {
    const i = at % (base.length + 1);
    return base.slice(0, i) + sample + base.slice(i);
  });

/** Text of every kind: generated code points, category samples spliced in, and known troublemakers. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS, ...CATEGORY_SAMPLES),
  fc.string({ unit: "binary", maxLength: 40 }),
  spliced(fc.string({ unit: "binary", maxLength: 20 })),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e308, -1e308, -0, 0, -1, 2 ** 53, 2 ** 31, 0.1, 5e-324),
  fc.double(),
  fc.integer(),
);

const hostileDate: fc.Arbitrary<Date> = fc.oneof(
  fc.constantFrom(
    new Date(Number.NaN),
    new Date(-8.64e15),
    new Date(8.64e15),
    new Date("0001-01-01T00:00:00Z"),
    new Date("1969-12-31T23:59:59Z"),
    new Date("2101-01-01T00:00:00Z"),
  ),
  fc.integer({ min: 1, max: 50 * 365 }).map((days) => new Date(Date.now() + days * 86_400_000)),
  fc.date(),
);

/** Nested arrays deep enough to trouble a recursive walker. */
const deepArray = (depth: number): unknown => (depth === 0 ? [] : [deepArray(depth - 1)]);
const ODD_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "0", ""];

/** Anything at all: whatever a field expects, this is mostly the wrong type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileString,
    hostileNumber,
    hostileDate,
    fc.boolean(),
    fc.constantFrom(null, undefined, deepArray(60)),
    fc.array(tie("value"), { maxLength: 3 }),
    // Object.fromEntries makes "__proto__" an own key (an object literal would set the prototype).
    fc
      .array(fc.tuple(fc.constantFrom(...ODD_KEYS), tie("value")), { maxLength: 3 })
      .map((entries) => Object.fromEntries(entries)),
  ),
})).value;

/** The parts of a JSON Schema (as z.toJSONSchema writes it) that shape generated values. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
}

/** Plausible values a shaped input draws from, by what a field's name says it holds. */
export interface Plausible {
  /** Values for a field of this exact name (accountId: the member's account). */
  byKey: Record<string, unknown[]>;
  /** Real ids of rows, so lookups find something. */
  ids: string[];
  /** Dates as text and as Dates. */
  dates: (string | Date)[];
  /** Prices, quantities, fees. */
  numbers: string[];
  /** Anything else that is text. */
  text: string[];
}

const HINTS: [RegExp, "ids" | "dates" | "numbers"][] = [
  [/(^id|Id|Ids|^cursor)$/, "ids"],
  [/(At|^from|^to|^expiry|^start|^end|^month)$/, "dates"],
  [/(quantity|Price|^fees|multiplier|^stopLoss|^takeProfit|Override|Balance|^strike|Band)$/, "numbers"],
];

function plausibleFor(key: string | undefined, plausible: Plausible): fc.Arbitrary<unknown> {
  const exact = key === undefined ? undefined : plausible.byKey[key];
  if (exact?.length) return fc.constantFrom(...exact);
  const kind = HINTS.find(([pattern]) => key && pattern.test(key))?.[1] ?? "text";
  return fc.constantFrom(...plausible[kind]);
}

/** How often a field is swapped for something hostile: never, now and then, often. */
export type Noise = 0 | 1 | 2;

/**
 * Values shaped like `schema` (so they get past the outer checks and into the handler), fields
 * swapped for hostile values as often as `noise` says, objects given odd extra keys. `key` is the
 * field's name, which picks the plausible values (an account id for accountId, dates for entryAt).
 */
export function shapedBy(
  schema: JsonSchema,
  plausible: Plausible,
  noise: Noise,
  key?: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const shaped = shapeOnly(schema, plausible, noise, key, depth);
  return noise === 0
    ? shaped
    : fc.oneof({ weight: noise === 1 ? 15 : 3, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue });
}

/** Inputs for a procedure: clean ones that reach its handler, a hostile field or two, many, or anything at all. */
export function inputsFor(schema: JsonSchema, plausible: Plausible): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: shapedBy(schema, plausible, 0) },
    { weight: 3, arbitrary: shapedBy(schema, plausible, 1) },
    { weight: 2, arbitrary: shapedBy(schema, plausible, 2) },
    { weight: 1, arbitrary: hostileValue },
  );
}

function shapeOnly(
  schema: JsonSchema,
  plausible: Plausible,
  noise: Noise,
  key: string | undefined,
  depth: number,
): fc.Arbitrary<unknown> {
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => shapedBy(v, plausible, noise, key, depth + 1)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if ("const" in schema) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      if (depth > 6) return fc.constant({});
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {}).map(([name, sub]) =>
        (noise === 0 && required.has(name)
          ? shapedBy(sub, plausible, noise, name, depth + 1)
          : fc.option(shapedBy(sub, plausible, noise, name, depth + 1), {
              nil: undefined,
              freq: required.has(name) ? 20 : 3,
            })
        ).map((value) => [name, value] as const),
      );
      const odd = fc.array(fc.tuple(fc.constantFrom(...ODD_KEYS), hostileValue), { maxLength: noise === 0 ? 0 : 1 });
      return fc
        .tuple(fc.tuple(...fields), odd)
        .map(([given, extra]) => Object.fromEntries([...given.filter(([, v]) => v !== undefined), ...extra]));
    }
    case "array":
      return fc.array(schema.items ? shapedBy(schema.items, plausible, noise, key, depth + 1) : hostileValue, {
        maxLength: 4,
      });
    case "string":
      if (noise === 0) return plausibleFor(key, plausible);
      // A plausible value with one odd character in it is what gets furthest: an id, a name, a date.
      return fc.oneof(
        { weight: 3, arbitrary: plausibleFor(key, plausible) },
        { weight: 4, arbitrary: spliced(plausibleFor(key, plausible).map(String)) },
        { weight: 1, arbitrary: hostileString },
      );
    case "number":
    case "integer": {
      const number = fc.integer({
        min: Math.max(schema.minimum ?? -10, -1e9),
        max: Math.min(schema.maximum ?? 100, 1e9),
      });
      return noise === 0 ? number : fc.oneof({ weight: 4, arbitrary: number }, { weight: 1, arbitrary: hostileNumber });
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      // Unrepresentable in JSON Schema (z.custom, Dates, pipes): the field's plausible values, or anything.
      return noise === 0
        ? plausibleFor(key, plausible)
        : fc.oneof({ weight: 3, arbitrary: plausibleFor(key, plausible) }, { weight: 1, arbitrary: hostileValue });
  }
}

/**
 * The value as superjson puts it on the wire ({ json, meta }), written by hand so that what no
 * well-behaved client sends goes out too: NaN and -0 as superjson's own encodings, an invalid
 * Date as the text "Invalid Date", and "__proto__" as an ordinary key.
 */
export function toWire(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const values: Record<string, [string]> = {};
  const walk = (v: unknown, path: string[]): unknown => {
    const at = path.join(".");
    if (v instanceof Date) {
      values[at] = ["Date"];
      return Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
    }
    if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) {
      values[at] = ["number"];
      return Object.is(v, -0) ? "-0" : String(v);
    }
    if (v === undefined) {
      values[at] = ["undefined"];
      return null;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, String(i)]));
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v).map(([key, item]) => [key, walk(item, [...path, key.replace(/\./g, "\\.")])]),
      );
    }
    return v;
  };
  const json = walk(value, []);
  const root = values[""];
  const meta = root ? { values: root } : Object.keys(values).length ? { values } : undefined;
  return JSON.stringify(meta ? { json, meta } : { json });
}
