/** app/export/: `cadence export` — sessions, actions and agreements as CSV for audits and inspection. */
export { exportRecords, type ExportRequest } from './export-records.ts';
export type { ExportScope } from './scope.ts';
