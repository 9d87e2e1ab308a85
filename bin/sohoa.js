#!/usr/bin/env node
// Thin launcher: everything lives in the compiled CLI.
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
