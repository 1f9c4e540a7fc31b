/**
 * Just enough of Terraform's expression syntax to find references in synthesized JSON: the `${…}` parts of a
 * string, and the resource, data-source and variable addresses they name. Not a parser: string literals inside
 * an expression are blanked out so a quoted "aws_x.y" is never taken for a reference.
 */

/** A reference found in an expression. */
export interface Reference {
  readonly kind: "resource" | "data" | "var";
  readonly type: string;
  readonly name: string;
  /** Attribute path after the address: names, with `[…]` indexes and splats dropped. */
  readonly path: readonly string[];
  /** For each name in `path`, whether an element index (`[0]`, `["k"]`, not a splat) follows it. */
  readonly indexed: readonly boolean[];
  /** True when the reference sits inside `nonsensitive(…)`. */
  readonly unmarked: boolean;
}

/** True when a string holds an interpolation (`$${` is an escaped literal, not one). */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && /(^|[^$])\$\{/.test(value);
}

/** The text of each `${…}` part of a template string, outermost only. */
export function interpolations(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "$" || text[i + 1] !== "{") continue;
    if (text[i - 1] === "$") continue; // `$${` escape
    let depth = 0;
    let quoted = false;
    let j = i + 1;
    for (; j < text.length; j++) {
      const c = text[j];
      if (quoted) {
        if (c === "\\") j++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) break;
    }
    parts.push(text.slice(i + 2, j));
    i = j;
  }
  return parts;
}

/** Blanks string literals (keeping offsets) so their contents are not read as references. */
function blankStrings(expr: string): string {
  return expr.replace(/"(?:[^"\\]|\\.)*"/g, (s) => `"${" ".repeat(s.length - 2)}"`);
}

/** Character ranges covered by `nonsensitive(…)` calls. */
function unmarkedRanges(expr: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of expr.matchAll(/\bnonsensitive\(/g)) {
    let depth = 0;
    for (let j = m.index + m[0].length - 1; j < expr.length; j++) {
      if (expr[j] === "(") depth++;
      else if (expr[j] === ")" && --depth === 0) {
        ranges.push([m.index, j]);
        break;
      }
    }
  }
  return ranges;
}

// `data.TYPE.NAME…`, `TYPE.NAME…` (a type has an underscore: provider_thing) or `var.NAME…`, not preceded by
// a name character or a dot (so `each.value.x_y.z` and `local.a_b.c` are not taken).
const REFERENCE = /(?<![\w.\-])(?:(data)\.)?([a-z][a-z0-9]*_[a-z0-9_]+|var)\.([A-Za-z_][\w-]*)((?:\[[^\]]*\]|\.\*|\.\d+|\.[A-Za-z_][\w-]*)*)/g;

/** Every resource, data-source and variable reference in one expression (the inside of `${…}`). */
export function referencesIn(expr: string): Reference[] {
  const text = blankStrings(expr);
  const unmarked = unmarkedRanges(text);
  // Names a `for` expression binds (`[for my_b in …: my_b.id]`) are not resource types.
  const bound = new Set([...text.matchAll(/\bfor\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\b/g)].flatMap((m) => [m[1], m[2]]).filter(Boolean));
  const refs: Reference[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const after = text.slice(m.index + m[0].length).trimStart();
    if (after.startsWith("(")) continue; // a function call such as provider::aws::arn_parse
    const [, data, type, name, rest] = m as unknown as [string, string | undefined, string, string, string];
    if ((type === "var" && data) || (!data && bound.has(type))) continue;
    const path: string[] = [];
    const indexed: boolean[] = [];
    // Names, `[i]` / `["k"]` indexes, the legacy `.0` index, and splats (`[*]`, `.*`), which do not index.
    for (const seg of rest.matchAll(/\.([A-Za-z_][\w-]*)|\[([^\]]*)\]|\.(\d+)|\.\*/g)) {
      if (seg[1] !== undefined) {
        path.push(seg[1]);
        indexed.push(false);
      } else if (((seg[2] !== undefined && seg[2].trim() !== "*") || seg[3] !== undefined) && path.length) indexed[path.length - 1] = true;
    }
    refs.push({
      kind: type === "var" ? "var" : data ? "data" : "resource",
      type,
      name,
      path,
      indexed,
      unmarked: unmarked.some(([from, to]) => m.index > from && m.index < to),
    });
  }
  return refs;
}

/** `local.NAME` references in one expression, with whether each sits inside `nonsensitive(…)`. */
export function localsIn(expr: string): { name: string; unmarked: boolean }[] {
  const text = blankStrings(expr);
  const unmarked = unmarkedRanges(text);
  return [...text.matchAll(/(?<![\w.])local\.([A-Za-z_][\w-]*)/g)].map((m) => ({ name: m[1]!, unmarked: unmarked.some(([from, to]) => m.index > from && m.index < to) }));
}

/** True when an expression calls `sensitive(…)`: its value is sensitive whatever it references. */
export function marksSensitive(expr: string): boolean {
  return /(?<![\w.])sensitive\(/.test(blankStrings(expr));
}

/**
 * Interpolations that are not Terraform expressions: `${aws:username}` (an IAM policy variable) must be written
 * `$${aws:username}` in Terraform JSON, or Terraform fails to parse the string.
 */
export function unescapedPolicyVariables(text: string): string[] {
  return interpolations(text).filter((expr) => /^\s*[A-Za-z][\w-]*:[\w:/-]+\s*$/.test(expr) && !/::/.test(expr));
}

/** Every reference in any string of a JSON value (objects and arrays walked). */
export function referencesInValue(value: unknown, out: Reference[] = []): Reference[] {
  if (typeof value === "string") {
    for (const expr of interpolations(value)) out.push(...referencesIn(expr));
  } else if (Array.isArray(value)) {
    for (const v of value) referencesInValue(v, out);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) referencesInValue(v, out);
  }
  return out;
}
