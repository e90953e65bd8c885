/** app/embedded/: what `npm start` runs locally — the Agents Playground as the Teams client, and its demo personas. */
export {
  CONFIG_FILE,
  DEFAULT_PLAYGROUND_PORT,
  DEMO_BOT,
  DEMO_TENANT_ID,
  PLAYGROUND_PERSONAS,
  PLAYGROUND_USERS,
  PlaygroundError,
  demoPersonas,
  playgroundConfig,
  playgroundUserId,
  startPlayground,
  type Persona,
  type Playground,
  type PlaygroundConfigFile,
  type PlaygroundOptions,
} from './playground.ts';
