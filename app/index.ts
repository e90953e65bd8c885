/** app/: the composition root — configuration, the clock, and the `cadence` command line. */
export {
  COUNCIL_TIME_ZONE,
  endOfLondonDay,
  fixedClock,
  londonDate,
  systemClock,
  today,
  type Clock,
} from './clock.ts';
export { main as runCli, USAGE } from './cli/main.ts';
export type { CliIo } from './cli/io.ts';
