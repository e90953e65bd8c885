/** app/export/: `cadence export` — sessions, actions and agreements as CSV for audits and inspection. */
export { csvCell, toCsv, type CsvTable, type CsvValue } from './csv.ts';
export {
  checkExportRange,
  defaultExportDir,
  exportRecords,
  MAX_EXPORT_YEARS,
  type ExportDeps,
  type ExportRequest,
  type ExportResult,
} from './export-records.ts';
export type { ExportScope } from './scope.ts';
export { writeFilesAtomically, type FileToWrite } from './write-files.ts';
