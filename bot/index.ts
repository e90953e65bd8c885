/**
 * bot/: the Teams bot — the only room that imports botbuilder. The adapter
 * and its token checks, the restify server with its request gate and
 * probes, the Teams handler, and the proactive sender at Teams' rate limits.
 * `app/bot-stack.ts` wires it to the domain; see docs/bot.md.
 */
export {
  assertSafeBinding,
  createAdapter,
  NO_CREDENTIALS,
  UnsafeBindingError,
  type BotCredentials,
} from './adapter.ts';
export { PERSONAL_CHAT_ONLY } from './admission.ts';
export { CadenceBot } from './handler.ts';
export { cardForOutboxItem } from './outbox-cards.ts';
export {
  RateLimiter,
  TEAMS_APP_WINDOWS,
  TEAMS_THREAD_WINDOWS,
  type RateWindow,
} from './rate-limit.ts';
export type { CheckResult, ReadinessCheck } from './readiness.ts';
export { MAX_BODY_BYTES, startBotServer, type BotServer } from './server.ts';
export { sendWithAdapter, teamsDelivery } from './teams-delivery.ts';
