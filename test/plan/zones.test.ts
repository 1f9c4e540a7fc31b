import { describe, expect, it } from "vitest";
import { catalogFor } from "../../src/catalog";
import { TopologySchema } from "../../src/model/topology";
import { topologyWarnings } from "../../src/plan/warnings";
import { planPoolZones, zonesWanted } from "../../src/plan/zones";
import { large } from "../../tiers";
import { problemLines } from "../helpers";

const zonesOf = (cloud: "aws" | "gcp" | "azure", region: string) => catalogFor(cloud).regions[region]!.zones;
const t4 = { gpu: { accelerator: "t4", count: 1 } } as const;
const gcpLarge = { name: "acme", environment: "prod", monitoring: { notify: { emails: ["ops@example.com"] } }, cloud: "gcp", project: "acme-prod-123", domain: "app.example.com" } as const;

describe("pool zone planner", () => {
  it("puts a T4 pool in europe-west3 in the one zone that offers T4", () => {
    expect(planPoolZones("gcp", "europe-west3", zonesOf("gcp", "europe-west3"), t4)).toEqual({ ok: true, zones: ["europe-west3-b"], accelerator: "t4", verified: true });
  });

  it("keeps the network's zones and their order, restricted to those offering the accelerator", () => {
    expect(planPoolZones("gcp", "us-east1", zonesOf("gcp", "us-east1"), t4)).toMatchObject({ ok: true, zones: ["us-east1-c", "us-east1-d"] });
    // Only the zones the network uses: with one zone (b, c, d → b) T4 is not there.
    expect(planPoolZones("gcp", "us-east1", ["us-east1-b", "us-east1-c"], t4)).toMatchObject({ ok: true, zones: ["us-east1-c"] });
  });

  it("leaves CPU pools on every zone of the network", () => {
    expect(planPoolZones("gcp", "europe-west3", zonesOf("gcp", "europe-west3"), {})).toEqual({ ok: true, zones: zonesOf("gcp", "europe-west3"), verified: true });
  });

  it("keeps every zone where the catalog could not verify the accelerator's zones", () => {
    expect(planPoolZones("aws", "eu-central-1", zonesOf("aws", "eu-central-1"), t4)).toEqual({ ok: true, zones: zonesOf("aws", "eu-central-1"), accelerator: "t4", verified: false });
    expect(planPoolZones("azure", "westeurope", ["1", "2", "3"], { gpu: { accelerator: "a100", count: 1 } })).toMatchObject({ ok: true, zones: ["1", "2", "3"], verified: false });
  });

  it("names the regions that offer an accelerator the region offers nowhere", () => {
    const r = planPoolZones("gcp", "us-east1", zonesOf("gcp", "us-east1"), { gpu: { accelerator: "h100", count: 8 } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(
      'expected an accelerator offered in the zones the network uses in us-east1 (us-east1-b, us-east1-c, us-east1-d): "h100" is not; us-east1 offers it in no zone; regions that do: ' +
        "us-central1 (us-central1-a, us-central1-b, us-central1-c); us-east4 (us-east4-a, us-east4-b, us-east4-c); us-west1 (us-west1-a, us-west1-b); " +
        "europe-west1 (europe-west1-b, europe-west1-c); europe-west3 (europe-west3-c); europe-west4 (europe-west4-b, europe-west4-c); " +
        "asia-northeast1 (asia-northeast1-b); asia-southeast1 (asia-southeast1-b, asia-southeast1-c); australia-southeast1 (australia-southeast1-c)",
    );
  });

  it("names the zones of the region that offer it when the network leaves them out", () => {
    const r = planPoolZones("gcp", "europe-west3", ["europe-west3-a"], t4);
    expect(!r.ok && r.message).toMatch(/"t4" is not; europe-west3 offers it only in europe-west3-b, outside the network's zones/);
  });

  it("wants one zone per minimum node, at least two, never more than the network has", () => {
    expect([zonesWanted(3, 0), zonesWanted(3, 1), zonesWanted(3, 2), zonesWanted(3, 5), zonesWanted(1, 3), zonesWanted(2, 3)]).toEqual([2, 2, 2, 3, 1, 2]);
  });
});

describe("topology: GPU pools and accelerator zones", () => {
  it("rejects, at the pool, an accelerator no zone of a region offers", () => {
    const lines = problemLines(() => large({ ...gcpLarge, region: "us-east1", compute: { nodePools: [{ name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 3, max: 6 }, { name: "train", role: "gpu", shape: { vcpu: 96, memoryGiB: 600 }, gpu: { accelerator: "h100", count: 8 }, min: 0, max: 2 }] } }));
    expect(lines).toEqual([expect.stringMatching(/^compute\.nodePools\[1\]\.gpu\.accelerator: expected an accelerator offered in the zones the network uses in us-east1 .*, got "h100"$/)]);
  });

  it("checks every region of a multi-region topology", () => {
    const lines = problemLines(() => large({ ...gcpLarge, regions: ["us-central1", "us-east1"], cdn: { appOrigin: true }, compute: { nodePools: [{ name: "general", role: "general", shape: { vcpu: 4, memoryGiB: 16 }, min: 3, max: 6 }, { name: "train", role: "gpu", shape: { vcpu: 96, memoryGiB: 600 }, gpu: { accelerator: "h100", count: 8 }, min: 0, max: 2 }] } }));
    // us-central1 offers H100: only us-east1 is named.
    expect(lines.filter((l) => l.startsWith("compute.nodePools[1]"))).toEqual([expect.stringContaining("the network uses in us-east1 (")]);
  });

  it("warns with a stable id when the pool gets fewer zones than its minimum and zone redundancy want", () => {
    const t = TopologySchema.parse(large({ ...gcpLarge, region: "europe-west3" }));
    const w = topologyWarnings(t).filter((x) => x.id === "tierform:kubernetes:gpu-pool-few-zones");
    expect(w).toEqual([
      {
        id: "tierform:kubernetes:gpu-pool-few-zones",
        path: "compute.nodePools[1]",
        message: 'europe-west3 offers "t4" only in europe-west3-b: the pool spans 1 of the network\'s 3 zones (2 wanted for min 1 and zone redundancy), so a zone outage can take every GPU node',
      },
    ]);
    // Two of three zones meet zone redundancy for min 1: no warning in us-east1.
    expect(topologyWarnings(TopologySchema.parse(large({ ...gcpLarge, region: "us-east1" }))).map((x) => x.id)).not.toContain("tierform:kubernetes:gpu-pool-few-zones");
  });
});
