/**
 * restify, loaded without the warning its SPDY support prints on every start.
 *
 * restify 11 (the newest that runs on Node 20; 12 needs Node 22) requires
 * `spdy` as it loads, and spdy's `http-deceiver` reads
 * `process.binding('http_parser')`, which Node answers with
 * "[DEP0111] DeprecationWarning" on stderr. Cadence never serves SPDY (we
 * never pass `spdy` options; restify 12 dropped it), so the warning would
 * only make a newcomer wonder, and it breaks `cadence serve`'s promise of
 * nothing but JSON log lines. Deprecation warnings are silenced for this one
 * synchronous require and restored straight after, so no other code's
 * warnings are hidden.
 */
import { createRequire } from 'node:module';

type Restify = typeof import('restify');

function loadQuietly(): Restify {
  const before = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return createRequire(import.meta.url)('restify') as Restify;
  } finally {
    process.noDeprecation = before;
  }
}

const restify = loadQuietly();
export default restify;
