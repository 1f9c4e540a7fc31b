// npm run schema: writes topology.schema.json (the input shape, with defaults and descriptions).
import { writeFileSync } from "node:fs";
import { topologyJsonSchema } from "../model/topology";
import { stableJson } from "../testing/stable";

writeFileSync("topology.schema.json", stableJson(topologyJsonSchema()));
process.stdout.write("wrote topology.schema.json\n");
