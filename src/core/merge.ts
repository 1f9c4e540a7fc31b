/** Partial input that also accepts `null` to remove a key the preset set (e.g. `cdn: null`). */
export type Overrides<T> = T extends readonly (infer U)[]
  ? readonly U[]
  : T extends object
    ? { [K in keyof T]?: Overrides<T[K]> | null }
    : T;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Deep-merges `overrides` over `base` without mutating either.
 * Objects merge key by key; arrays and scalars replace; `null` deletes the key; `undefined` is ignored.
 */
export function deepMerge<T>(base: T, overrides: unknown): T {
  if (overrides === undefined) return structuredClone(base);
  if (!isPlainObject(base) || !isPlainObject(overrides)) return structuredClone(overrides) as T;
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    // Defined, not assigned: an own `__proto__` key (JSON.parse and YAML make them) must stay a key, for the
    // schema to reject, instead of replacing the result's prototype; `in` would also see inherited names.
    Object.defineProperty(out, key, {
      value: Object.hasOwn(out, key) ? deepMerge(out[key], value) : structuredClone(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as T;
}
