#!/usr/bin/env node
// The `cadence` command. The code is TypeScript run through tsx, so the
// checkout works without a build step (`npx cadence ...`).
import { register } from 'tsx/esm/api';

// The packages every command loads with rules/, imported before tsx's hooks
// are on. They are plain JavaScript, and each module that goes through the
// hooks costs a round trip to tsx's thread: zod's 95 modules take ~135 ms
// through them and ~55 ms without, about a quarter of `cadence policy list`.
// Our TypeScript importing them later gets these same modules. A package
// missing from this list, or no longer used, costs start-up time, nothing else.
await Promise.all([
  import('zod'),
  import('jsonc-parser'),
  import('@date-fns/tz'),
  import('date-fns/format'),
]);

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
