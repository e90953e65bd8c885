/** app/retention/: removing supervision data older than CADENCE_RETENTION_YEARS, and stale operational rows. */
export { OPERATIONAL_DAYS, retentionCutoff, runRetention, type RetentionReport, type RetentionRequest } from './run-retention.ts';
export { describeRetention } from './describe-retention.ts';
