import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidrRange, planRegionalRanges, planSubnets } from "../../src/plan/subnets";

const zones = ["z-a", "z-b", "z-c"];

describe("subnet planner", () => {
  it("lays out a /16 as three /18 private and three /20 public subnets", () => {
    expect(planSubnets("10.0.0.0/16", zones)).toEqual([
      { zone: "z-a", privateCidr: "10.0.0.0/18", publicCidr: "10.0.192.0/20" },
      { zone: "z-b", privateCidr: "10.0.64.0/18", publicCidr: "10.0.208.0/20" },
      { zone: "z-c", privateCidr: "10.0.128.0/18", publicCidr: "10.0.224.0/20" },
    ]);
  });

  it("keeps every existing subnet in place when zones are added", () => {
    const two = planSubnets("10.8.0.0/16", zones.slice(0, 2));
    const three = planSubnets("10.8.0.0/16", zones);
    expect(three.slice(0, 2)).toEqual(two);
  });

  const network = fc
    .record({ a: fc.integer({ min: 0, max: 255 }), b: fc.integer({ min: 0, max: 255 }), c: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 16, max: 20 }) })
    .map(({ a, b, c, prefix }) => {
      const ip = ((a * 256 + b) * 256 + c) * 256;
      const size = 2 ** (32 - prefix);
      const base = ip - (ip % size);
      const octets = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256);
      return `${octets.join(".")}/${prefix}`;
    });

  it("never overlaps and never leaves the network (property)", () => {
    fc.assert(
      fc.property(network, fc.integer({ min: 1, max: 3 }), (cidr, n) => {
        const [lo, hi] = cidrRange(cidr);
        const ranges = planSubnets(cidr, zones.slice(0, n)).flatMap((s) => [cidrRange(s.privateCidr), cidrRange(s.publicCidr)]);
        for (const [a, b] of ranges) {
          expect(a).toBeGreaterThanOrEqual(lo);
          expect(b).toBeLessThanOrEqual(hi);
        }
        const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBeGreaterThan(sorted[i - 1]![1]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("regional range planner (GCP, Azure)", () => {
  it("lays out a /16", () => {
    expect(planRegionalRanges("10.0.0.0/16")).toEqual({
      primary: "10.0.0.0/18",
      pods: "10.0.128.0/17",
      services: "10.0.64.0/19",
      serviceConnect: "10.0.96.0/26",
      delegated: "10.0.96.64/26",
      endpoints: "10.0.96.128/26",
      controlPlane: "10.0.127.240/28",
      containers: "10.0.112.0/21",
    });
  });

  it("never overlaps and never leaves the network, /16 to /20 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 20 }), (b, prefix) => {
        const base = ((10 * 256 + b) * 256) * 256;
        const size = 2 ** (32 - prefix);
        const aligned = base - (base % size);
        const cidr = `${[24, 16, 8, 0].map((s) => Math.floor(aligned / 2 ** s) % 256).join(".")}/${prefix}`;
        const [lo, hi] = cidrRange(cidr);
        const ranges = Object.values(planRegionalRanges(cidr)).map(cidrRange).sort((x, y) => x[0] - y[0]);
        for (const [a, z] of ranges) {
          expect(a).toBeGreaterThanOrEqual(lo);
          expect(z).toBeLessThanOrEqual(hi);
        }
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1]);
      }),
      { numRuns: 200 },
    );
  });
});
