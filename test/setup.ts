// Vitest loads TypeScript through its own module graph, which `require` cannot enter: register every
// cloud's renderers the ESM way before the tests run. (Apps load them lazily with `require`.)
import { aws } from "../providers/aws";
import { azure } from "../providers/azure";
import { gcp } from "../providers/gcp";
import { registerRenderers } from "../providers";

registerRenderers("aws", aws);
registerRenderers("gcp", gcp);
registerRenderers("azure", azure);
