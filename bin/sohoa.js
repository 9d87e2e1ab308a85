#!/usr/bin/env node
// Thin launcher: everything lives in the compiled CLI.
// The AWS SDK's range is pinned to releases that support Node 20 (see package.json); its
// "upgrade Node" notice would only clutter the nightly logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `--version` alone answers without loading the CLI (schedulers and scripts call it often).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(VERSION + '\n');
  process.exit(0);
}

const { main } = await import('../dist/cli/main.js');

main(process.argv).then((code) => {
  process.exitCode = code;
});
