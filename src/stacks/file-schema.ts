import { FILE_TIER_NAMES } from "../../tiers";
import { topologyJsonSchema } from "../model/topology";

type Schema = Record<string, unknown>;

/**
 * JSON Schema of a topology file (`tierform schema`), for editors: `environments:` as a list or a map, each entry a
 * full topology, or `tier:` + overrides. Overrides are the topology's schema with nothing required and `null`
 * allowed (it removes what the preset set), down through objects; list items stay whole, since lists replace.
 */
export function topologyFileJsonSchema(): Schema {
  const { $schema, ...topology } = topologyJsonSchema() as Schema;
  const props = topology["properties"] as Record<string, Schema>;
  const tierEntry: Schema = {
    ...partial(topology),
    required: ["tier", "name", "environment", "cloud"],
    properties: {
      ...Object.fromEntries(Object.entries(props).map(([key, value]) => [key, ["name", "environment", "cloud"].includes(key) ? value : nullable(partial(value))])),
      tier: { type: "string", enum: [...FILE_TIER_NAMES], description: "The tier whose preset the rest of this entry overrides (objects merge, lists replace, null removes)." },
      region: { type: "string", description: "Shorthand for regions: [region]." },
    },
  };
  const environment: Schema = {
    if: { type: "object", properties: { tier: { enum: [...FILE_TIER_NAMES] } }, required: ["tier"] },
    then: { $ref: "#/$defs/tierEnvironment" },
    else: { $ref: "#/$defs/topology" },
  };
  return {
    $schema,
    title: "tierform topology file",
    type: "object",
    required: ["environments"],
    additionalProperties: false,
    properties: {
      environments: {
        description: "The environments: a list (each one's id is <name>-<environment>) or a map from id to environment.",
        anyOf: [
          { type: "array", minItems: 1, items: { $ref: "#/$defs/environment" } },
          { type: "object", minProperties: 1, additionalProperties: { $ref: "#/$defs/environment" } },
        ],
      },
    },
    // Extension keys: somewhere to define YAML anchors the environments merge in (`<<: *base`); otherwise ignored.
    patternProperties: { "^x-": { description: "Ignored by tierform: a place for YAML anchors (x-base: &base …) that environments merge in with <<: *base." } },
    $defs: { environment, tierEnvironment: tierEntry, topology },
  };
}

/** Nothing required, down through object properties and union branches; array items stay as they are. */
function partial(schema: unknown): Schema {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema as Schema;
  const { required: _required, ...rest } = schema as Schema;
  const out: Schema = { ...rest };
  if (rest["properties"]) out["properties"] = Object.fromEntries(Object.entries(rest["properties"] as Schema).map(([k, v]) => [k, partial(v)]));
  // oneOf would reject an override that fits several branches once nothing is required.
  if (Array.isArray(rest["oneOf"])) {
    delete out["oneOf"];
    out["anyOf"] = (rest["oneOf"] as unknown[]).map(partial);
  }
  for (const union of ["anyOf", "allOf"]) if (Array.isArray(rest[union])) out[union] = (rest[union] as unknown[]).map(partial);
  return out;
}

function nullable(schema: Schema): Schema {
  return { anyOf: [schema, { type: "null" }] };
}
