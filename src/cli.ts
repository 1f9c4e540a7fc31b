#!/usr/bin/env node
// The `tierform` command (package.json "bin"): see src/cli/main.ts for the commands and `tierform --help`.
import { main } from "./cli/main";

process.exitCode = main(process.argv.slice(2));
