#!/usr/bin/env node
// The `cadence` command. The code is TypeScript run through tsx, so the
// checkout works without a build step (`npx cadence ...`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
