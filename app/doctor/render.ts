/** The doctor's report as people read it, and as --json gives it. */
import { DOCS } from './deploy-docs.ts';
import type { Finding } from './finding.ts';

export function failed(findings: Finding[]): number {
  return findings.filter((f) => f.status === 'FAIL').length;
}

export function renderReport(findings: Finding[]): string {
  const lines = ['cadence doctor: the production configuration, checked without changing anything'];
  for (const { status, check, found, fix } of findings) {
    lines.push(`${status.padEnd(5)} ${check.padEnd(13)} ${found}`);
    if (fix) lines.push(`${' '.repeat(20)}→ ${fix}`);
  }
  const failures = failed(findings);
  const warnings = findings.filter((f) => f.status === 'warn').length;
  lines.push(
    failures > 0
      ? `${failures} FAIL, ${warnings} warn: fix every FAIL before staff rely on Cadence, then run cadence doctor again (${DOCS.doctor})`
      : `nothing failed${warnings > 0 ? `; ${warnings} warn: read them before go-live` : ''} (${DOCS.doctor})`,
  );
  return lines.join('\n');
}
