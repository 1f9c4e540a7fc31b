import { z } from "zod";

/** An integer in [lo, hi], whose error names the whole range: `expected an integer 0–5`. */
export function intRange(lo: number, hi: number) {
  const error = `expected an integer ${lo}–${hi}`;
  return z.int({ error }).min(lo, { error }).max(hi, { error });
}

/** A number in [lo, hi] (fractions allowed). */
export function numRange(lo: number, hi: number) {
  const error = `expected a number ${lo}–${hi}`;
  return z.number({ error }).min(lo, { error }).max(hi, { error });
}

/** One of a fixed list, whose error lists the choices. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.map((v) => JSON.stringify(v)).join(" | ")}` });
}

/** A strict object whose unknown-key error lists the keys that are allowed. */
export function strict<S extends z.core.$ZodLooseShape>(shape: S) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? // Reported once per key, at the key's own path (see problemsFromZod).
          `unknown key; allowed: ${allowed}`
        : undefined,
  });
}

/**
 * Error map used for every parse: clear wording for the issues that have no schema-level message.
 * Schema-level messages (intRange, oneOf, strict) take precedence.
 */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}`;
    case "too_small":
      return issue.origin === "array" ? `expected at least ${issue.minimum} item(s)` : `expected ≥ ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array" ? `expected at most ${issue.maximum} item(s)` : `expected ≤ ${issue.maximum}`;
    case "invalid_key":
      // A record key its key schema rejects: that schema's own message (e.g. "expected a tag key of …").
      return issue.issues[0]?.message;
    default:
      return undefined;
  }
};

/**
 * Options of every parse of user input: the error map above, the received value in each issue, and no compiled
 * fast path. zod compiles one (`new Function`) per object shape on its first parse, which pays only when a schema
 * parses many inputs; tierform parses each topology once, and compiling made that parse about twice as slow (a
 * large topology: 22–30 ms compiled, 12 ms without). Per parse, so an application's own zod schemas are unaffected.
 */
export const PARSE_OPTIONS = { error: errorMap, reportInput: true, jitless: true } as const;

/** Compute capability: what a machine must offer. Mapped to a machine type per cloud by the catalog. */
export const ShapeSchema = strict({
  vcpu: intRange(1, 448).meta({ description: "Minimum vCPUs." }),
  memoryGiB: numRange(0.5, 24576).meta({ description: "Minimum memory in GiB." }),
}).meta({ description: "A machine's capability; the catalog picks the cheapest machine type that meets it." });
export type ShapeProps = z.input<typeof ShapeSchema>;
export type Shape = z.output<typeof ShapeSchema>;

export const ACCELERATORS = ["t4", "l4", "a10g", "a100", "h100"] as const;
export const AcceleratorSchema = oneOf(ACCELERATORS);
export type Accelerator = z.output<typeof AcceleratorSchema>;

export const GpuSchema = strict({
  accelerator: AcceleratorSchema.meta({ description: "GPU kind." }),
  count: intRange(1, 8).default(1).meta({ description: "GPUs per machine." }),
});
export type Gpu = z.output<typeof GpuSchema>;

/** An explicit machine type for one cloud: an override of the catalog's choice, never a default. */
export const MachineTypeOverride = z
  .string()
  .regex(/^[A-Za-z0-9._-]{2,64}$/, { error: "expected a machine type name such as m6i.xlarge" })
  .optional()
  .meta({ description: "Explicit machine type for this cloud; overrides the catalog's choice. @default - the catalog's cheapest type that meets the shape" });

/** Lower-case DNS label: letters, digits, single hyphens, starting with a letter. */
export function dnsLabel(min: number, max: number) {
  return z
    .string()
    .regex(new RegExp(`^(?=.{${min},${max}}$)[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$`), {
      error: `expected ${min}–${max} lower-case letters, digits or single hyphens, starting with a letter and not ending with a hyphen`,
    });
}

/**
 * `${` starts an expression and `%{` a directive wherever Terraform reads a string: free text a user writes is
 * escaped (`$${`, `%%{`) so it reaches the cloud exactly as written, never evaluated. Text already written
 * escaped is left as it is.
 */
export function escapeTemplate(text: string): string {
  // Idempotent (a topology is parsed again by Environment): an already escaped `$${` or `%%{` stays as it is.
  return text.replace(/(?<!\$)\$\{/g, () => "$${").replace(/(?<!%)%\{/g, () => "%%{");
}

/** A free-text string that lands in Terraform verbatim (tag values, parameters, environment values). */
export const literalText = (schema: z.ZodString = z.string()) => schema.transform(escapeTemplate);

/**
 * A record's key schema that also refuses `__proto__`: a parsed file can hold it as a key, but a JavaScript
 * object built from the record cannot (assigning it sets the prototype), so it would vanish silently.
 */
export const recordKey = (schema: z.ZodString) => schema.refine((key) => key !== "__proto__", { error: "expected a key of your own: __proto__ cannot be one" });

/** Tags tierform puts on every resource (the user's tags may not take these keys). */
export const TIERFORM_TAG_KEYS = ["tierform:app", "tierform:environment", "tierform:tier"] as const;

export const TagsSchema = z
  .record(
    recordKey(z.string().regex(/^[A-Za-z0-9_.:/=+@-]{1,63}$/, { error: "expected a tag key of 1–63 letters, digits or _.:/=+@-" })),
    literalText(z.string().max(255, { error: "expected a tag value of at most 255 characters" })),
  )
  .default({})
  .meta({ description: "Tags (labels on GCP) applied to every resource that supports them." });
