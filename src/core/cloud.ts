/**
 * The clouds tierform renders. Adding a cloud here fails compilation until every component
 * has a renderer for it (see providers/index.ts, declared `satisfies Record<Cloud, …>`).
 */
export const CLOUDS = ["aws", "gcp", "azure"] as const;
export type Cloud = (typeof CLOUDS)[number];
