import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AttrRules, BlockRules, NestedBlockRules, ProviderRules } from "./types";

export type * from "./types";

/** Terraform's meta-arguments (and cdktf's `//` metadata): allowed on every resource, never in a provider schema. */
export const META_ARGUMENTS: ReadonlySet<string> = new Set(["//", "count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);

/** Providers whose rules ship with tierform, by the type-name prefix Terraform gives their types. */
export const RULE_PROVIDERS = ["aws", "google", "azurerm", "kubernetes", "helm"] as const;
export type RuleProvider = (typeof RULE_PROVIDERS)[number];

const DATA_DIR = join(__dirname, "data");
const loaded = new Map<string, ProviderRules | undefined>();

/** One provider's rules, read once; undefined when tierform ships none for it. */
export function providerRules(provider: string): ProviderRules | undefined {
  if (!loaded.has(provider)) {
    const file = join(DATA_DIR, `${provider}.json`);
    loaded.set(provider, (RULE_PROVIDERS as readonly string[]).includes(provider) && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ProviderRules) : undefined);
  }
  return loaded.get(provider);
}

/** The provider a type belongs to: the prefix before its first underscore (`google_sql_user` → `google`). */
export function providerOf(type: string): string {
  const i = type.indexOf("_");
  return i < 0 ? type : type.slice(0, i);
}

/** Rules for a resource or data-source type, with the provider that holds them; undefined when none ship. */
export function typeRules(kind: "resource" | "data", type: string): { rules: BlockRules; provider: ProviderRules } | undefined {
  const provider = providerRules(providerOf(type));
  const rules = provider?.[kind === "resource" ? "resources" : "data"][type];
  return provider && rules ? { rules, provider } : undefined;
}

/** An attribute or block of a block body, by name. */
export function member(block: BlockRules, name: string): { attr: AttrRules } | { nested: NestedBlockRules } | undefined {
  const attr = block.attrs?.[name];
  if (attr) return { attr };
  const nested = block.blocks?.[name];
  return nested ? { nested } : undefined;
}
