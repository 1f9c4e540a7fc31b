import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * What an environment does in a month: the figures usage-priced items (egress, requests, NAT, logs, object
 * storage, cross-region replication) are multiplied by. Capacity (machines, databases, caches) comes from
 * the synthesized Terraform; these only price traffic and data.
 */
export interface UsageAssumptions {
  /** Monthly active users the figures below derive from. */
  readonly users: number;
  /** HTTP requests per month reaching the edge (CDN, load balancer, WAF), in millions. */
  readonly requestsMillions: number;
  /** GB per month served to users over the internet (by the CDN where there is one). */
  readonly egressGB: number;
  /** GB per month through NAT gateways (image pulls, third-party APIs). */
  readonly natGB: number;
  /** GB per month of application, control-plane and audit logs ingested. */
  readonly logGB: number;
  /** GB per month of network flow logs. */
  readonly flowLogGB: number;
  /** GB stored in the files buckets (user uploads). */
  readonly objectStorageGB: number;
  /** GB stored in the static-assets buckets behind the CDN. */
  readonly staticAssetsGB: number;
  /** GB per month replicated between regions (databases, caches, buckets); multi-region environments only. */
  readonly crossRegionGB: number;
  /** GB of data in a database whose storage grows with use (Aurora). */
  readonly databaseGB: number;
  /** Database I/O requests per month, in millions (Aurora Standard bills them). */
  readonly databaseIoMillions: number;
  /** Average load balancer capacity units (AWS LCU) in use. */
  readonly lbCapacityUnits: number;
  /** Fraction of a database's storage that changes per day: backups beyond the free allowance are retention × this. */
  readonly backupDailyChange: number;
}

export type UsageTier = "small" | "medium" | "large" | "enterprise";

/** Users the guides give each tier (tiers.md): the top of each range; enterprise ("100K+") at 1M. */
export const TIER_USERS: Readonly<Record<UsageTier, number>> = { small: 1_000, medium: 10_000, large: 100_000, enterprise: 1_000_000 };

/** Per user and month: 3,000 requests (100 a day) of 50 KB on average (API JSON and cache-missed assets). */
export const PER_USER = { requests: 3_000, kbPerRequest: 50, logMB: 3, storedMB: 50 } as const;

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The usage of an environment with `users` monthly active users. The rules (README, "What it costs"):
 * requests = users × 3,000; egress = requests × 50 KB; NAT = 50 GB + 5 % of egress; logs = 10 GB + 3 MB a user;
 * flow logs = 1 GB + 1 % of egress; files = 50 MB a user; static assets = 10 GB × log10(users);
 * cross-region = 5 % of egress; database = 2 MB a user; database I/O = one per request;
 * LCU = max(1, GB processed per hour, new connections per second / 25) with one new connection per 10 requests;
 * backups change 2 % of the data a day.
 */
export function usageForUsers(users: number): UsageAssumptions {
  const requests = users * PER_USER.requests;
  const egressGB = (requests * PER_USER.kbPerRequest) / 1_000_000;
  const secondsPerMonth = 730 * 3600;
  const lcu = Math.max(1, egressGB / 730, (requests / secondsPerMonth / 10) / 25);
  return {
    users,
    requestsMillions: round(requests / 1_000_000),
    egressGB: round(egressGB),
    natGB: round(50 + egressGB * 0.05),
    logGB: round(10 + (users * PER_USER.logMB) / 1000),
    flowLogGB: round(1 + egressGB * 0.01),
    objectStorageGB: round((users * PER_USER.storedMB) / 1000),
    staticAssetsGB: round(10 * Math.log10(Math.max(10, users))),
    crossRegionGB: round(egressGB * 0.05),
    databaseGB: round((users * 2) / 1000),
    databaseIoMillions: round(requests / 1_000_000),
    lbCapacityUnits: round(lcu),
    backupDailyChange: 0.02,
  };
}

/** The default usage of each tier, from its users. */
export const TIER_USAGE: Readonly<Record<UsageTier, UsageAssumptions>> = {
  small: usageForUsers(TIER_USERS.small),
  medium: usageForUsers(TIER_USERS.medium),
  large: usageForUsers(TIER_USERS.large),
  enterprise: usageForUsers(TIER_USERS.enterprise),
};

const amount = z.number().finite().nonnegative();
const fields = {
  tier: z.enum(["small", "medium", "large", "enterprise"]).optional().describe("the tier whose defaults the other fields override"),
  users: amount.optional().describe("monthly active users: derives every field not given"),
  requestsMillions: amount.optional(),
  egressGB: amount.optional(),
  natGB: amount.optional(),
  logGB: amount.optional(),
  flowLogGB: amount.optional(),
  objectStorageGB: amount.optional(),
  staticAssetsGB: amount.optional(),
  crossRegionGB: amount.optional(),
  databaseGB: amount.optional(),
  databaseIoMillions: amount.optional(),
  lbCapacityUnits: amount.optional(),
  backupDailyChange: z.number().finite().min(0).max(1).optional(),
};
const partialUsage = z.strictObject(fields);

/** A usage file (`tierform cost --usage file.json`): figures for every environment, and per environment. */
export const usageFileSchema = z.strictObject({ ...fields, environments: z.record(z.string(), partialUsage).optional() });

export type UsageInput = z.input<typeof usageFileSchema>;
export type PartialUsage = z.input<typeof partialUsage>;

/** Parses a usage object; throws one line naming every bad path. */
export function parseUsage(value: unknown, where = "usage"): UsageInput {
  const parsed = usageFileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  throw new Error(`${where}: ${problems.join("; ")}`);
}

/** Reads and validates a usage JSON file; errors are one line. */
export function readUsageFile(file: string): UsageInput {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read the usage file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseUsage(json, file);
}

/** Where an environment's usage came from, and the figures. */
export interface ResolvedUsage extends UsageAssumptions {
  readonly basis: string;
}

/** An environment's usage: its tier's defaults (or `users`), overridden by the input's figures, then the environment's. */
export function resolveUsage(input: UsageInput | undefined, environment: string, inferredTier: UsageTier | undefined): ResolvedUsage {
  const own = input?.environments?.[environment];
  const layers = [input, own].filter((l): l is PartialUsage => l !== undefined);
  const tier = own?.tier ?? input?.tier ?? inferredTier ?? "medium";
  const users = own?.users ?? input?.users;
  let usage: UsageAssumptions = users !== undefined ? usageForUsers(users) : TIER_USAGE[tier];
  for (const layer of layers) {
    const { tier: _t, users: _u, ...figures } = layer as PartialUsage & { environments?: unknown };
    delete (figures as { environments?: unknown }).environments;
    usage = { ...usage, ...Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined)) };
  }
  const from = users !== undefined ? `${users} users` : `${tier} tier${inferredTier === undefined && !own?.tier && !input?.tier ? " (no tier tag found: assumed)" : ""}`;
  return { ...usage, basis: `${from}${layers.length ? ", with the usage file's figures" : ""}` };
}
