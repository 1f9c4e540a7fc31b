#!/usr/bin/env bash
# The package as a user gets it: pack the tarball, install it with its peers into fresh projects outside this
# repository and synthesize from TypeScript 5 (node10 resolution, as `cdktf init` configures, and nodenext; bundler
# type-checked), CommonJS JavaScript, ESM JavaScript, a YAML file (when `tierform synth` exists), and `tierform init`
# scaffolds (`npm install && npx cdktf synth && npm test`). Local state must land in the project root with
# `cdktf synth -o build/deep/out`. Slow (installs): run by .ci/run after `npm test`, or `npm run try-package`.
# Uses the npm cache first (--prefer-offline); the registry must be reachable for anything not cached.
# KEEP=1 keeps the temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
export CHECKPOINT_DISABLE=1 NO_COLOR=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tierform-try.XXXXXX")
[ -n "${KEEP:-}" ] && echo "try-package: working in $WORK" || trap 'rm -rf "$WORK"' EXIT
START=$SECONDS
step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - START))"; }
fail() { echo "try-package: FAILED: $*" >&2; exit 1; }
NPM_INSTALL=(npm install --prefer-offline --no-audit --no-fund --loglevel=error)

step "pack"
npm pack --silent --pack-destination "$WORK" >/dev/null
TARBALL=$(ls "$WORK"/tierform-*.tgz)
tar -tzf "$TARBALL" | sed 's#^package/##' >"$WORK/contents.txt"
for f in package.json README.md LICENSE dist/src/index.js dist/src/index.d.ts dist/src/testing/index.d.ts dist/src/cli.js dist/src/testing/rules/data/aws.json; do
  grep -qx "$f" "$WORK/contents.txt" || fail "the tarball lacks $f"
done
! grep -E '^(test|src|examples|dist/src/tools|dist/examples|dist/test)/|\.test\.|\.ts$' "$WORK/contents.txt" | grep -v '\.d\.ts$' || fail "the tarball ships tests, sources or tools (above)"
echo "$(wc -l <"$WORK/contents.txt") files, $(du -k "$TARBALL" | cut -f1) KiB"
# The peers at the versions tierform was built against, as `tierform init` pins them.
PEERS=$(node -e 'const p=require("./package.json");console.log(Object.keys(p.peerDependencies).sort().map(n=>`${n}@${p.devDependencies[n]??p.peerDependencies[n]}`).join(" "))')
echo "peers: $PEERS"

step "install the tarball with its peers, TypeScript 5 and @types/node into a fresh project"
APP=$WORK/consumer
mkdir -p "$APP" && cd "$APP"
npm init -y >/dev/null
# shellcheck disable=SC2086
"${NPM_INSTALL[@]}" "$TARBALL" $PEERS typescript@5 @types/node@20
echo "typescript $(npx tsc --version)"

# One environment: the small tier on AWS, checked with the testing kit; both entry points from each module system.
cat >app.ts <<'EOF'
import { App, Testing } from "cdktf";
import { Environment, runApp, small } from "tierform";
import { everyDatabaseIsEncrypted, assertFacts, synthesize } from "tierform/testing";

const props = small({ name: "shop", environment: "dev", cloud: "aws", region: "us-east-1", app: { image: "nginx:1.27", port: 80, healthCheckPath: "/" } });
assertFacts(synthesize(new Environment(Testing.app(), "shop", props)), everyDatabaseIsEncrypted);
runApp(() => {
  const app = new App();
  new Environment(app, "shop", props);
  app.synth();
});
EOF
cat >tsconfig.json <<'EOF'
{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "moduleResolution": "node10", "strict": true,
    "esModuleInterop": true, "skipLibCheck": true, "outDir": "dist-node10", "types": ["node"] }, "files": ["app.ts"] }
EOF
cat >tsconfig.nodenext.json <<'EOF'
{ "compilerOptions": { "target": "ES2022", "module": "nodenext", "moduleResolution": "nodenext", "strict": true,
    "skipLibCheck": true, "outDir": "dist-nodenext", "types": ["node"] }, "files": ["app.ts"] }
EOF
cat >tsconfig.bundler.json <<'EOF'
{ "compilerOptions": { "target": "ES2022", "module": "esnext", "moduleResolution": "bundler", "strict": true,
    "skipLibCheck": true, "noEmit": true, "types": ["node"] }, "files": ["app.ts"] }
EOF
cat >app.cjs <<'EOF'
const { App } = require("cdktf");
const { Environment, small } = require("tierform");
const { synthesize } = require("tierform/testing");
const app = new App();
new Environment(app, "shop", small({ name: "shop", environment: "dev", cloud: "aws", region: "us-east-1", app: { image: "nginx:1.27", port: 80, healthCheckPath: "/" } }));
if (!Object.keys(synthesize(app)).includes("shop-dev-infra")) throw new Error("no shop-dev-infra");
app.synth();
EOF
cat >app.mjs <<'EOF'
import { App } from "cdktf";
import { Environment, small } from "tierform";
import { synthesize } from "tierform/testing";
const app = new App();
new Environment(app, "shop", small({ name: "shop", environment: "dev", cloud: "aws", region: "us-east-1", app: { image: "nginx:1.27", port: 80, healthCheckPath: "/" } }));
if (!Object.keys(synthesize(app)).includes("shop-dev-infra")) throw new Error("no shop-dev-infra");
app.synth();
EOF

# synth OUTDIR COMMAND…: runs an app as `cdktf synth -o OUTDIR` does (CDKTF_OUTDIR, cwd = project root), then
# checks the stack and that its local state path leads to <project root>/terraform.shop-dev-infra.tfstate.
synth() {
  local out=$1; shift
  rm -rf "$out"   # for build/deep/out, runApp creates the parents (cdktf creates only the last level)
  CDKTF_OUTDIR=$out "$@" || fail "$* did not synthesize"
  check_state "$out" shop-dev-infra
}
check_state() {
  node -e '
    const { readFileSync } = require("node:fs"); const { join, resolve } = require("node:path");
    const [out, stack] = process.argv.slice(1);
    const dir = join(out, "stacks", stack);
    const path = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")).terraform.backend.local.path;
    const want = resolve(`terraform.${stack}.tfstate`);
    if (path.startsWith("/") || resolve(dir, path) !== want) { console.error(`state path ${path} from ${dir} is not ${want}`); process.exit(1); }
    console.log(`${stack}: ${Object.keys(JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")).resource).length} resource types; state ${path} (from ${dir})`);
  ' "$1" "$2" || fail "state path in $1"
}

step "TypeScript 5, moduleResolution node10 (what cdktf init generates): both entry points type-check"
npx tsc -p tsconfig.json || fail "tsc (node10)"
synth cdktf.out node dist-node10/app.js
synth build/deep/out node dist-node10/app.js
step "TypeScript 5, moduleResolution nodenext"
npx tsc -p tsconfig.nodenext.json || fail "tsc (nodenext)"
synth cdktf.out node dist-nodenext/app.js
step "TypeScript 5, moduleResolution bundler (type-check)"
npx tsc -p tsconfig.bundler.json || fail "tsc (bundler)"
step "CommonJS JavaScript"
synth cdktf.out node app.cjs
step "ESM JavaScript"
synth cdktf.out node app.mjs

step "YAML topology (tierform synth)"
npx tierform synth --help >/dev/null || fail "this tierform has no \`synth\` command"
cat >tierform.yaml <<'EOF'
environments:
  shop:
    tier: small
    name: shop
    environment: dev
    cloud: aws
    region: us-east-1
    app: { image: "nginx:1.27", port: 80, healthCheckPath: / }
EOF
synth build/deep/out npx tierform synth tierform.yaml

step "YAML: medium on serverless containers on every cloud (tier: medium-containers)"
cat >containers.yaml <<'YAML'
environments:
  - { tier: medium-containers, name: social, environment: dev, cloud: aws, region: us-west-2, domain: social.example.com }
  - { tier: medium-containers, name: social, environment: qa, cloud: gcp, region: us-central1, project: social-qa-123, domain: social.example.com }
  - { tier: medium-containers, name: social, environment: stage, cloud: azure, region: eastus, domain: social.example.com }
YAML
rm -rf containers.out
npx tierform synth containers.yaml -o containers.out >/dev/null 2>&1 || fail "tierform synth containers.yaml"
node -e '
  const { readFileSync } = require("node:fs");
  const want = { "social-dev-infra": "aws_ecs_service", "social-qa-infra": "google_cloud_run_v2_service", "social-stage-infra": "azurerm_container_app" };
  for (const [stack, type] of Object.entries(want)) {
    const json = JSON.parse(readFileSync(`containers.out/stacks/${stack}/cdk.tf.json`, "utf8"));
    if (!json.resource[type]) { console.error(`${stack}: no ${type}`); process.exit(1); }
    console.log(`${stack}: ${Object.keys(json.resource[type]).length} ${type}`);
  }
' || fail "the containers stacks"
npx tierform lint containers.out >/dev/null || fail "tierform lint containers.out"

# tierform init [--yaml]: the scaffold as a user runs it. Its package.json asks for tierform ^<version> from the
# registry; here that is the tarball just packed.
init_project() {
  local name=$1; shift
  step "tierform init $name $*"
  cd "$WORK"
  "$APP/node_modules/.bin/tierform" init "$name" "$@" || fail "tierform init"
  cd "$WORK/$name"
  npm pkg set "dependencies.tierform=file:$TARBALL"
  local t0=$SECONDS
  "${NPM_INSTALL[@]}" || fail "npm install in the scaffold"
  echo "npm install: $((SECONDS - t0))s"
  t0=$SECONDS
  npx cdktf synth >synth.log 2>&1 || { cat synth.log; fail "npx cdktf synth in the scaffold"; }
  echo "npx cdktf synth: $((SECONDS - t0))s"
  check_state cdktf.out "$name-dev-infra"
  t0=$SECONDS
  npm test >test.log 2>&1 || { cat test.log; fail "npm test in the scaffold"; }
  grep -E '^# (tests|pass|fail)' test.log
  echo "npm test: $((SECONDS - t0))s"
  t0=$SECONDS
  npx cdktf synth -o build/deep/out >synth.log 2>&1 || { cat synth.log; fail "npx cdktf synth -o build/deep/out in the scaffold"; }
  echo "npx cdktf synth -o build/deep/out (again, incremental build): $((SECONDS - t0))s"
  check_state build/deep/out "$name-dev-infra"
  "$APP/node_modules/.bin/tierform" init >/dev/null 2>&1 && fail "a second init overwrote the scaffold" || echo "a second init refuses (exit $?)"
}
init_project app-ts
init_project app-yaml --yaml

step "done: the package installs and synthesizes"
echo "try-package: passed in $((SECONDS - START))s"
