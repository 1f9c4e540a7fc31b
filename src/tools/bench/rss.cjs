// Preloaded (`node -r`) into the hand-written reference so the bench reads its peak memory the way
// bench-target reports tierform's: one JSON line on stdout at exit.
"use strict";
process.on("exit", () => {
  process.stdout.write(`${JSON.stringify({ maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
});
