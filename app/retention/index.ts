/** app/retention/: removing supervision data older than CADENCE_RETENTION_YEARS, stale operational rows, and references of people not in the roster. */
export {
  OPERATIONAL_DAYS,
  OUTSIDE_ROSTER_DAYS,
  retentionCutoff,
  runRetention,
  type OutsideRoster,
  type RetentionReport,
  type RetentionRequest,
} from './run-retention.ts';
export { describeRetention } from './describe-retention.ts';
