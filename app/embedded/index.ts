/** app/embedded/: what `npm start` runs locally — the Agents Playground as the Teams client, and its demo personas. */
export {
  DEMO_BOT,
  DEMO_TENANT_ID,
  demoPersonas,
  playgroundConfig,
  playgroundUserId,
  startPlayground,
  type Persona,
  type Playground,
} from './playground.ts';
