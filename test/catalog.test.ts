import { describe, expect, it } from "vitest";
import { acceleratorsOffered, candidates, catalogs, resolveMachine } from "../src/catalog";
import { CLOUDS } from "../src/core/cloud";
import { sizeCache, sizeDatabase, sizeMachine } from "../src/plan/sizing";

describe("catalog data", () => {
  it.each(CLOUDS)("%s: every price is positive, dated and every row is unique", (cloud) => {
    const c = catalogs[cloud];
    expect(c.prices.asOf).toMatch(/^\d{4}-\d{2}/);
    for (const table of [c.machines, c.databases, c.caches]) {
      const names = table.map((t) => t.name);
      expect(new Set(names).size).toBe(names.length);
      for (const row of table) {
        expect(row.usdPerHour, row.name).toBeGreaterThan(0);
        expect(row.vcpu, row.name).toBeGreaterThan(0);
        expect(row.memoryGiB, row.name).toBeGreaterThan(0);
      }
    }
  });

  it("every region has at least three zones named after it", () => {
    for (const [region, info] of Object.entries(catalogs.aws.regions)) {
      expect(info.zones.length, region).toBeGreaterThanOrEqual(3);
      for (const zone of info.zones) expect(zone.startsWith(region), zone).toBe(true);
    }
  });

  it.each(CLOUDS)("%s: every region lists, for each accelerator offered, zones of that region (dated source)", (cloud) => {
    const c = catalogs[cloud];
    expect(c.acceleratorZonesSource.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(c.acceleratorZonesSource.source).not.toBe("");
    const offered = acceleratorsOffered(c);
    expect(Object.keys(c.acceleratorNames).sort()).toEqual(offered);
    for (const [region, info] of Object.entries(c.regions)) {
      expect(Object.keys(info.accelerators).sort(), region).toEqual(offered);
      for (const [accelerator, where] of Object.entries(info.accelerators)) {
        const at = `${region} ${accelerator}`;
        for (const zone of where!.zones) expect(info.zones, at).toContain(zone);
        // In the region's order, each zone once.
        expect(where!.zones, at).toEqual(info.zones.filter((z) => where!.zones.includes(z)));
        // Unverified data never restricts: it keeps every zone.
        if (!where!.verified) expect(where!.zones, at).toEqual(info.zones);
      }
    }
  });

  it("GCP: T4 in europe-west3 is offered in one zone only, and every accelerator somewhere", () => {
    expect(catalogs.gcp.regions["europe-west3"]!.accelerators.t4).toEqual({ zones: ["europe-west3-b"], verified: true });
    for (const accelerator of acceleratorsOffered(catalogs.gcp)) {
      expect(Object.values(catalogs.gcp.regions).some((r) => r.accelerators[accelerator]!.zones.length > 0), accelerator).toBe(true);
    }
  });

  it("AWS offers every accelerator the model knows", () => {
    expect(acceleratorsOffered(catalogs.aws)).toEqual(["a100", "a10g", "h100", "l4", "t4"]);
  });
});

describe("resolution: the cheapest type that meets the shape", () => {
  it("picks the cheapest general-purpose machine, never a burstable one", () => {
    // m6a.2xlarge (0.3456) beats m6i.2xlarge (0.384), m7i.2xlarge and r6a.2xlarge; t3 is never chosen.
    expect(sizeMachine("aws", { vcpu: 8, memoryGiB: 32 }).type).toBe("m6a.2xlarge");
    expect(sizeMachine("aws", { vcpu: 2, memoryGiB: 8 }).type).toBe("m6a.large");
  });

  it("meets memory-heavy shapes with memory-optimised types", () => {
    expect(sizeMachine("aws", { vcpu: 8, memoryGiB: 64 }).type).toBe("r6a.2xlarge");
  });

  it("maps GPU requests to the matching family", () => {
    expect(sizeMachine("aws", { vcpu: 4, memoryGiB: 16 }, undefined, { accelerator: "t4", count: 1 }).type).toBe("g4dn.xlarge");
    expect(sizeMachine("aws", { vcpu: 4, memoryGiB: 16 }, undefined, { accelerator: "l4", count: 1 }).type).toBe("g6.xlarge");
    expect(sizeMachine("aws", { vcpu: 4, memoryGiB: 16 }, undefined, { accelerator: "a10g", count: 1 }).type).toBe("g5.xlarge");
    expect(sizeMachine("aws", { vcpu: 4, memoryGiB: 16 }, undefined, { accelerator: "t4", count: 4 }).type).toBe("g4dn.12xlarge");
    expect(sizeMachine("aws", { vcpu: 8, memoryGiB: 64 }, undefined, { accelerator: "h100", count: 8 }).type).toBe("p5.48xlarge");
  });

  it("offers same-size alternatives, cheapest first (spot pools spread over them)", () => {
    expect(sizeMachine("aws", { vcpu: 4, memoryGiB: 16 }).alternatives).toEqual(["m6a.xlarge", "m6i.xlarge", "m7i.xlarge"]);
  });

  it("sizes databases and caches from their own tables", () => {
    expect(sizeDatabase("aws", { vcpu: 16, memoryGiB: 64 }).type).toBe("db.m6g.4xlarge");
    expect(sizeDatabase("aws", { vcpu: 8, memoryGiB: 64 }).type).toBe("db.r6g.2xlarge");
    expect(sizeCache("aws", 26).type).toBe("cache.r6g.xlarge");
    expect(sizeCache("aws", 4).type).toBe("cache.m6g.large");
  });

  it("keeps an explicit type as given, even one the catalog does not list", () => {
    expect(sizeMachine("aws", { vcpu: 8, memoryGiB: 32 }, "c7gn.2xlarge")).toEqual({ type: "c7gn.2xlarge", alternatives: ["c7gn.2xlarge"] });
  });

  it("is deterministic whatever the table order (ties broken by name)", () => {
    const table = [...catalogs.aws.machines];
    const forward = candidates(table, { vcpu: 4, memoryGiB: 16 }).map((t) => t.name);
    const backward = candidates([...table].reverse(), { vcpu: 4, memoryGiB: 16 }).map((t) => t.name);
    expect(backward).toEqual(forward);
  });

  it("explains a shape no type meets, naming the largest", () => {
    const r = resolveMachine(catalogs.aws.machines, { vcpu: 64, memoryGiB: 1024 }, { what: "machine type" });
    expect(r).toEqual({ ok: false, message: "no machine type offers 64 vCPU / 1024 GiB; the largest is m6a.8xlarge (32 vCPU / 128 GiB)" });
  });
});

describe("explicit types: what the planner knows about them", () => {
  it("a listed type brings its capability; a vouched-for uncatalogued one is used as written, with no alternatives", () => {
    expect(sizeMachine("aws", { vcpu: 2, memoryGiB: 8 }, "m7i.2xlarge")).toMatchObject({ type: "m7i.2xlarge", alternatives: ["m7i.2xlarge"], info: { vcpu: 8, memoryGiB: 32 } });
    const uncatalogued = sizeMachine("aws", { vcpu: 2, memoryGiB: 8 }, "m7i.48xlarge");
    expect(uncatalogued).toEqual({ type: "m7i.48xlarge", alternatives: ["m7i.48xlarge"] });
  });

  it("a Cloud SQL tier named by its rule is known, with the vCPU and memory its name states", () => {
    expect(sizeDatabase("gcp", { vcpu: 2, memoryGiB: 8 }, "db-custom-4-16384").info).toMatchObject({ vcpu: 4, memoryGiB: 16 });
    expect(sizeDatabase("gcp", { vcpu: 2, memoryGiB: 8 }, "db-g1-small").info).toMatchObject({ kind: "burstable" });
  });
});
