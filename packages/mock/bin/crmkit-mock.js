#!/usr/bin/env node
// Committed so the bin's target exists when a workspace install links it, before `pnpm build` writes dist/.
import "../dist/cli.js";
