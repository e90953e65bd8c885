/** app/doctor: `cadence doctor`, the checks of a production configuration (docs/doctor.md). */
export { runDoctor } from './doctor.ts';
export { failed, renderReport } from './render.ts';
