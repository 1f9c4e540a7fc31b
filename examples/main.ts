import { App } from "../src/core/tf";
import { runApp } from "../src/core/run";
import { defaultApp } from "./default-app";

// `npm run synth` / `npx cdktf synth`: synthesizes every tier into cdktf.out, no cloud account needed.
runApp(() => {
  const app = new App();
  defaultApp(app);
  app.synth();
});
