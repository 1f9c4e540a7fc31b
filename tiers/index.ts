import { enterprise, enterprisePreset } from "./enterprise";
import { large, largePreset } from "./large";
import { medium, mediumPreset } from "./medium";
import type { TierName, TierPreset } from "./preset";
import { small, smallPreset } from "./small";

export { enterprise, enterprisePreset, large, largePreset, medium, mediumPreset, small, smallPreset };
export { PLACEHOLDER_APP, applyTier, type TierInput, type TierName, type TierPreset } from "./preset";

/** Every tier, by name, in ladder order. */
export const tiers = { small, medium, large, enterprise } as const;
export const presets: Record<TierName, TierPreset> = { small: smallPreset, medium: mediumPreset, large: largePreset, enterprise: enterprisePreset };
export const TIER_NAMES = ["small", "medium", "large", "enterprise"] as const satisfies readonly TierName[];
