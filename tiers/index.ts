import { enterprise, enterprisePreset } from "./enterprise";
import { large, largePreset } from "./large";
import { medium, mediumContainers, mediumContainersPreset, mediumPreset } from "./medium";
import type { TierName, TierPreset } from "./preset";
import { small, smallPreset } from "./small";

export { enterprise, enterprisePreset, large, largePreset, medium, mediumContainers, mediumContainersPreset, mediumPreset, small, smallPreset };
export { PLACEHOLDER_APP, applyTier, type TierInput, type TierName, type TierPreset } from "./preset";

/** Every tier, by name, in ladder order. */
export const tiers = { small, medium, large, enterprise } as const;
export const presets: Record<TierName, TierPreset> = { small: smallPreset, medium: mediumPreset, large: largePreset, enterprise: enterprisePreset };
export const TIER_NAMES = ["small", "medium", "large", "enterprise"] as const satisfies readonly TierName[];

/** Presets that vary a tier (same tier tag and budget), by the name a topology file gives in `tier:`. */
export const tierVariants = {
  "medium-containers": { tier: "medium", preset: mediumContainersPreset },
} as const satisfies Record<string, { readonly tier: TierName; readonly preset: TierPreset }>;
export type TierVariantName = keyof typeof tierVariants;
/** Every name `tier:` takes in a topology file: the tiers, then their variants. */
export const FILE_TIER_NAMES = [...TIER_NAMES, ...(Object.keys(tierVariants) as TierVariantName[])] as const;
