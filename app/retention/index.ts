/** app/retention/: removing supervision data older than CADENCE_RETENTION_YEARS, stale operational rows, and references of people not in the roster. */
export { runRetention, type RetentionReport } from './run-retention.ts';
export { describeRetention } from './describe-retention.ts';
