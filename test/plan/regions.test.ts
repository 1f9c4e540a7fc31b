import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogFor } from "../../src/catalog";
import { CLOUDS } from "../../src/core/cloud";
import { planRegions, regionBlocksProblem } from "../../src/plan/regions";
import { cidrRange, planRegionalRanges, planSubnets } from "../../src/plan/subnets";

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(cidrRange);
const overlaps = ([a1, b1]: [number, number], [a2, b2]: [number, number]) => a1 <= b2 && a2 <= b1;

describe("region planner", () => {
  it("gives the primary network.cidr and each secondary the next block of the same size, in order", () => {
    expect(planRegions("aws", "10.0.0.0/16", ["us-west-2", "us-east-1", "eu-west-1"])).toEqual([
      { region: "us-west-2", code: "usw2", cidr: "10.0.0.0/16", primary: true },
      { region: "us-east-1", code: "use1", cidr: "10.1.0.0/16", primary: false },
      { region: "eu-west-1", code: "euw1", cidr: "10.2.0.0/16", primary: false },
    ]);
  });

  it("never moves a region when one is added at the end", () => {
    const two = planRegions("gcp", "172.20.0.0/18", ["us-central1", "us-east4"]);
    expect(planRegions("gcp", "172.20.0.0/18", ["us-central1", "us-east4", "europe-west1"]).slice(0, 2)).toEqual(two);
  });

  it("rejects a base without room for every region in its private range", () => {
    expect(regionBlocksProblem("10.255.0.0/16", 2)).toBe("expected room for 2 consecutive /16 blocks (one per region) inside 10.0.0.0/8; from 10.255.0.0/16 only 1 fit");
    expect(regionBlocksProblem("192.168.0.0/16", 2)).toMatch(/inside 192\.168\.0\.0\/16; from 192\.168\.0\.0\/16 only 1 fit$/);
    expect(regionBlocksProblem("10.254.0.0/16", 2)).toBeUndefined();
  });

  it("gives every region of every cloud a distinct short code", () => {
    for (const cloud of CLOUDS) {
      const codes = Object.values(catalogFor(cloud).regions).map((r) => r.code);
      expect(new Set(codes).size, cloud).toBe(codes.length);
      for (const code of codes) expect(code, cloud).toMatch(/^[a-z0-9]{3,4}$/);
    }
  });

  // Any private base block of /16–/20, any 1–5 regions that fit.
  const base = fc
    .record({ range: fc.integer({ min: 0, max: 2 }), offset: fc.nat(), prefix: fc.integer({ min: 16, max: 20 }) })
    .map(({ range, offset, prefix }) => {
      const [first, last] = PRIVATE[range]!;
      const size = 2 ** (32 - prefix);
      const blocks = Math.max(1, Math.floor((last - first + 1) / size));
      const ip = first + (offset % blocks) * size;
      return `${[24, 16, 8, 0].map((s) => Math.floor(ip / 2 ** s) % 256).join(".")}/${prefix}`;
    });
  const regions = Object.keys(catalogFor("aws").regions);

  it("never overlaps, never leaves the private range, and every subnet stays inside its region (property)", () => {
    fc.assert(
      fc.property(base, fc.integer({ min: 1, max: 5 }), (cidr, count) => {
        if (regionBlocksProblem(cidr, count)) return;
        const plans = planRegions("aws", cidr, regions.slice(0, count));
        const blocks = plans.map((p) => cidrRange(p.cidr));
        const range = PRIVATE.find((r) => overlaps(r, cidrRange(cidr)))!;
        blocks.forEach((b, i) => {
          expect(b[0]).toBeGreaterThanOrEqual(range[0]);
          expect(b[1]).toBeLessThanOrEqual(range[1]);
          for (const other of blocks.slice(i + 1)) expect(overlaps(b, other)).toBe(false);
          // The zonal and regional layouts of a region stay inside its block, so no subnet of one region
          // can overlap another region's.
          const p = plans[i]!;
          const inner = [
            ...planSubnets(p.cidr, ["a", "b", "c"]).flatMap((s) => [s.privateCidr, s.publicCidr]),
            ...Object.values(planRegionalRanges(p.cidr)),
          ].map(cidrRange);
          for (const r of inner) expect(r[0] >= b[0] && r[1] <= b[1]).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
