/**
 * Facts about a provider's schema at one pinned version: the attribute and block tree, flags and validators.
 * Extracted from the provider's Go source (google, azurerm, kubernetes, helm) or its binary plus plan
 * experiments (aws) by the generators under src/tools/provider-rules. Facts only: names, flags, allowed values.
 */
export interface ProviderRules {
  /** Provider local name: "aws", "google", "azurerm", "kubernetes", "helm". */
  readonly provider: string;
  /** Provider version the facts describe, e.g. "6.50.0". */
  readonly version: string;
  /** Where the facts come from, e.g. "github:hashicorp/terraform-provider-google@v6.50.0 (Go source)". */
  readonly source: string;
  /**
   * How `forceNew` was learned: "schema" (the provider's schema says so; absent means in place) or
   * "experiment" (a plan against a prior state; absent means not tested, `false` means tested in place).
   */
  readonly forceNewFrom: "schema" | "experiment";
  readonly resources: Record<string, BlockRules>;
  readonly data: Record<string, BlockRules>;
}

/** A resource, data source or nested block body. */
export interface BlockRules {
  readonly attrs?: Record<string, AttrRules>;
  readonly blocks?: Record<string, NestedBlockRules>;
}

/**
 * Value types, as Terraform names them: primitives, collections of an element type, objects by attribute.
 * "any" is a dynamic value (e.g. helm `values`-like JSON) and matches everything.
 */
export type ValueType =
  | "string"
  | "number"
  | "bool"
  | "any"
  | readonly ["list" | "set" | "map", ValueType]
  | readonly ["object", Readonly<Record<string, ValueType>>];

/** Cross-argument rules. Paths as the provider writes them ("a", "block.0.b"). */
export interface ArgumentRelations {
  readonly conflictsWith?: readonly string[];
  readonly exactlyOneOf?: readonly string[];
  readonly atLeastOneOf?: readonly string[];
  readonly requiredWith?: readonly string[];
}

export interface AttrRules extends ArgumentRelations {
  readonly type: ValueType;
  /** Exactly one of required / optional / computed-only describes who sets it; optional + computed is allowed. */
  readonly required?: true;
  readonly optional?: true;
  readonly computed?: true;
  readonly sensitive?: true;
  readonly writeOnly?: true;
  readonly deprecated?: true;
  /**
   * A change replaces the resource. `"sometimes"`: a CustomizeDiff may force replacement for some changes
   * (e.g. a disk shrinking). `false` (experiment only): tested, changes in place.
   */
  readonly forceNew?: boolean | "sometimes";
  /** Allowed values (StringInSlice, PossibleValuesFor…, ValidateEnum, OneOf). */
  readonly enum?: readonly (string | number)[];
  readonly enumIgnoreCase?: true;
  /** Inclusive numeric bounds; null for an open end. Applies to numbers, and to list/set element counts never. */
  readonly range?: readonly [number | null, number | null];
  /** Inclusive string length bounds. */
  readonly length?: readonly [number | null, number | null];
  /** Regular expressions the value must match (RE2 source as the provider writes it). */
  readonly pattern?: readonly string[];
  /** Validators on collection elements (ValidateFunc inside Elem / element validators). */
  readonly elem?: Pick<AttrRules, "enum" | "enumIgnoreCase" | "range" | "length" | "pattern">;
}

export interface NestedBlockRules extends ArgumentRelations {
  readonly nesting: "single" | "list" | "set" | "map";
  readonly min?: number;
  readonly max?: number;
  readonly required?: true;
  readonly optional?: true;
  readonly computed?: true;
  readonly sensitive?: true;
  readonly deprecated?: true;
  readonly forceNew?: boolean | "sometimes";
  readonly block: BlockRules;
}
