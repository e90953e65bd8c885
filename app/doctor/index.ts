/** app/doctor: `cadence doctor`, the checks of a production configuration (docs/doctor.md). */
export { runDoctor, type DoctorOptions } from './doctor.ts';
export { failed, renderReport } from './render.ts';
export type { CheckName, Finding, Status } from './finding.ts';
