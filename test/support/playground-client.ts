/**
 * Drives the Microsoft 365 Agents Playground over its own HTTP and WebSocket
 * API, as its browser page does, for integration and end-to-end tests that
 * need no browser. Checked against the real Playground by
 * test/playground-client.test.ts.
 *
 * How the Playground (0.2.28) behaves, and so how this client works:
 * - Typing: `POST /_conversation/v1/conversations/{id}/messages` always
 *   reaches the bot `from` the current user (the `from.id` posted is only
 *   checked for membership), and only the current user is in its personal
 *   chat. So `say()` as the current user goes that way, in the current user's
 *   personal chat; `say()` as anyone else sends the message activity a Teams
 *   client would send through `POST /_internal/v1/customActivities` (the
 *   Playground's "custom activity": passed to the bot as given), in that
 *   person's personal chat with the bot.
 * - Other people's personal chats exist only once the bot (or this client,
 *   doing what the bot's proactive `createConversation` does) has created one
 *   through `POST /_connector/v3/conversations`.
 * - Card actions (`submit`, `invoke`) carry the user they name, who must be in
 *   the conversation of the card; `invoke` answers with the bot's invoke
 *   response (the updated card).
 * - The conversation stream (`/_ws_conversation/v1/conversations/stream`)
 *   carries the bot's messages in the current user's chats only; messages to
 *   other people's personal chats are read from the log stream
 *   (`/_ws/log/stream`), which records every request the bot makes, with the
 *   message id the Playground gave it. Both streams buffer while no client is
 *   connected and give the buffer to the first client that connects.
 */
import WebSocket from 'ws';
import type { Persona, PlaygroundUserEntry } from '../../app/embedded/playground.ts';

export type PlaygroundUser = PlaygroundUserEntry;

export interface PlaygroundConfig {
  config: {
    tenantId: string;
    bot: { id: string; name: string };
    currentUser: PlaygroundUser;
    users: PlaygroundUser[];
    personalChat: { id: string; name: string };
    groupChats: { id: string; name: string; members: string[] }[];
    teams: {
      id: string;
      name: string;
      aadGroupId: string;
      channels: { id: string; name: string }[];
      members: string[];
    }[];
  };
  internalConfig: { locale: string; localTimezone: string; channelId: string };
}

export interface Attachment {
  contentType: string;
  content?: unknown;
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/** A message from the bot, as the Playground stored it. */
export interface PlaygroundMessage {
  /** The Playground's id for it: the `replyToId` of a submit or an invoke on its card. */
  id: string;
  conversationId: string;
  /** In a personal chat, the Playground user id of the person it went to; null elsewhere or when unknown. */
  userId: string | null;
  /** `update`: the bot replaced an earlier message (updateActivity). */
  kind: 'create' | 'update';
  text: string | null;
  attachments: Attachment[];
  /** The first Adaptive Card's content, if any. */
  card: AdaptiveCard | null;
  /** Which stream it came from. */
  via: 'conversation' | 'log';
  raw: unknown;
}

export interface InvokeResult {
  type: string;
  value: unknown;
  /** `value` when the bot answered with a card. */
  card: AdaptiveCard | null;
}

export class PlaygroundApiError extends Error {
  override name = 'PlaygroundApiError';
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** Who to act as: a Playground user id, a UPN, an Entra object id, or a persona key (with `personas`). */
export type UserRef = string;

export interface PlaygroundClient {
  readonly baseUrl: string;
  readonly currentUserId: string;
  /** The current user's personal chat. */
  readonly personalChatId: string;
  /** The `serviceUrl` of the Playground's activities: where proactive messages go. */
  readonly serviceUrl: string;
  readonly users: PlaygroundUser[];
  /** The bot's messages received so far, in order. */
  readonly messages: readonly PlaygroundMessage[];
  /** The Playground user id for a user id, UPN, object id or persona key. */
  userId(user: UserRef): string;
  /** The personal chat of `user` with the bot, created (as the bot's proactive createConversation does) if need be. */
  personalChat(user: UserRef): Promise<string>;
  /** Sends `text` to the bot as `user`, in their personal chat unless `conversationId` says otherwise. */
  say(
    user: UserRef,
    text: string,
    options?: { conversationId?: string },
  ): Promise<{ conversationId: string; messageId: string }>;
  /** An `Action.Submit` on the card of message `replyToId`: reaches the bot as a message with `value`. */
  submit(
    user: UserRef,
    replyToId: string,
    value: Record<string, unknown>,
    options?: { conversationId?: string },
  ): Promise<void>;
  /** An `Action.Execute` on the card of message `replyToId`; resolves with the bot's invoke response. */
  invoke(
    user: UserRef,
    replyToId: string,
    verb: string,
    data?: Record<string, unknown>,
    options?: { conversationId?: string },
  ): Promise<InvokeResult>;
  /**
   * The first message from the bot, received or still to come, that matches
   * and that no earlier call returned; it is then marked taken. Rejects after
   * `timeoutMs` (default 15 s) naming what did arrive.
   */
  nextMessage(
    predicate?: (m: PlaygroundMessage) => boolean,
    timeoutMs?: number,
  ): Promise<PlaygroundMessage>;
  /** GET /_internal/v1/config. It first waits (up to 15 s) for the bot's endpoint to answer. */
  config(): Promise<PlaygroundConfig>;
  close(): Promise<void>;
}

const CARD = 'application/vnd.microsoft.card.adaptive';

function firstCard(attachments: Attachment[]): AdaptiveCard | null {
  const a = attachments.find((x) => x.contentType === CARD);
  return (a?.content as AdaptiveCard | undefined) ?? null;
}

async function request<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  if (!res.ok) {
    const err = json as { code?: string; message?: string } | null;
    throw new PlaygroundApiError(
      res.status,
      err?.code ?? null,
      `${method} ${path}: ${res.status} ${err?.code ?? ''} ${err?.message ?? text}`.trim(),
    );
  }
  return json as T;
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
}

/**
 * Opens a stream with its listener already attached: the Playground sends what
 * it buffered the moment the connection is made, often in the same packet as
 * the handshake, before an `await` on the open event would return.
 */
function openSocket(url: string, onMessage: (data: WebSocket.RawData) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('message', onMessage);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

interface ConversationAction {
  action: string;
  actionConversationId: string;
  message?: { messageId: string; text?: string; attachments?: Attachment[]; from?: { id: string } };
}

interface LogAction {
  logAction: string;
  log?: {
    conversationId?: string;
    activityName?: string;
    from?: string;
    request?: { body?: Record<string, unknown> };
    response?: { statusCode?: number; body?: { id?: string } };
  };
}

const BOT_SIDE = 'User Application';

export async function connectPlayground(
  baseUrl: string,
  options: { personas?: Persona[] } = {},
): Promise<PlaygroundClient> {
  baseUrl = baseUrl.replace(/\/+$/, '');
  const wsBase = baseUrl.replace(/^http/, 'ws');
  const config = await request<PlaygroundConfig>(baseUrl, 'GET', '/_internal/v1/config');
  const { currentUser, bot, tenantId } = config.config;
  const users = [currentUser, ...config.config.users];
  const personalChatId = config.config.personalChat.id;
  /** What the Playground puts in its activities (it names localhost whatever address it was reached on). */
  const serviceUrl = `http://localhost:${new URL(baseUrl).port}/_connector`;

  const messages: PlaygroundMessage[] = [];
  const taken = new Set<PlaygroundMessage>();
  const waiters = new Set<() => void>();
  const conversationOf = new Map<string, string>();
  /** Personal chats of people other than the current user: the conversation stream does not show them. */
  const hiddenChats = new Map<string, string>([]);

  const add = (m: PlaygroundMessage) => {
    messages.push(m);
    if (m.kind === 'create') conversationOf.set(m.id, m.conversationId);
    for (const wake of [...waiters]) wake();
  };

  const conversationWs = await openSocket(
    `${wsBase}/_ws_conversation/v1/conversations/stream`,
    (data: WebSocket.RawData) => {
      let action: ConversationAction;
      try {
        action = JSON.parse(rawText(data)) as ConversationAction;
      } catch {
        return;
      }
      if (
        (action.action !== 'createMessage' && action.action !== 'updateMessage') ||
        !action.message
      )
        return;
      if (action.message.from && action.message.from.id !== bot.id) return;
      const attachments = action.message.attachments ?? [];
      add({
        id: action.message.messageId,
        conversationId: action.actionConversationId,
        userId: action.actionConversationId === personalChatId ? currentUser.id : null,
        kind: action.action === 'createMessage' ? 'create' : 'update',
        text: action.message.text || null,
        attachments,
        card: firstCard(attachments),
        via: 'conversation',
        raw: action,
      });
    },
  );

  const logWs = await openSocket(`${wsBase}/_ws/log/stream`, (data: WebSocket.RawData) => {
    let entry: LogAction;
    try {
      entry = JSON.parse(rawText(data)) as LogAction;
    } catch {
      return;
    }
    const log = entry.log;
    if (entry.logAction !== 'appendLog' || !log || log.from !== BOT_SIDE) return;
    const status = log.response?.statusCode ?? 0;
    if (status < 200 || status > 299) return;
    const body = log.request?.body ?? {};
    if (log.activityName === 'createConversation') {
      const member = (body.members as { id?: string }[] | undefined)?.[0]?.id;
      const id = log.response?.body?.id;
      if (!body.isGroup && member && id && member !== currentUser.id) hiddenChats.set(id, member);
      return;
    }
    const conversationId =
      log.conversationId ?? (body.conversation as { id?: string } | undefined)?.id;
    if (!conversationId || !hiddenChats.has(conversationId) || body.type !== 'message') return;
    // The log does not say whether the bot POSTed or PUT: an update names a message already seen.
    const update = typeof body.id === 'string' && conversationOf.get(body.id) === conversationId;
    const id = update ? (body.id as string) : log.response?.body?.id;
    if (!id) return;
    const attachments = (body.attachments as Attachment[] | undefined) ?? [];
    add({
      id,
      conversationId,
      userId: hiddenChats.get(conversationId)!,
      kind: update ? 'update' : 'create',
      text: (body.text as string | undefined) || null,
      attachments,
      card: firstCard(attachments),
      via: 'log',
      raw: entry,
    });
  });

  const byKey = new Map((options.personas ?? []).map((p) => [p.key, p]));
  const userId = (ref: UserRef): string => {
    const lower = ref.toLowerCase();
    const persona = byKey.get(ref);
    const found = users.find(
      (u) =>
        u.id === ref ||
        u.userPrincipleName.toLowerCase() === lower ||
        u.aadObjectId.toLowerCase() === lower ||
        (persona && u.aadObjectId.toLowerCase() === persona.aadObjectId.toLowerCase()),
    );
    if (!found) {
      throw new Error(
        `no Playground user ${JSON.stringify(ref)}: use a user id, UPN or object id from its config${options.personas ? ' or a persona key' : ', or pass personas to connectPlayground to use their keys'}`,
      );
    }
    return found.id;
  };
  const userOf = (id: string) => users.find((u) => u.id === id)!;

  const chats = new Map<string, string>([[currentUser.id, personalChatId]]);
  const personalChat = async (ref: UserRef): Promise<string> => {
    const id = userId(ref);
    const known = chats.get(id);
    if (known) return known;
    const created = await request<{ id: string }>(baseUrl, 'POST', '/_connector/v3/conversations', {
      isGroup: false,
      bot: { id: bot.id, name: bot.name },
      members: [{ id }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    });
    chats.set(id, created.id);
    hiddenChats.set(created.id, id);
    return created.id;
  };

  const conversationFor = async (user: string, replyToId: string, explicit?: string) =>
    explicit ?? conversationOf.get(replyToId) ?? (await personalChat(user));

  const say: PlaygroundClient['say'] = async (ref, text, opts = {}) => {
    const id = userId(ref);
    const conversationId = opts.conversationId ?? (await personalChat(id));
    if (id === currentUser.id) {
      const res = await request<{ messageId: string }>(
        baseUrl,
        'POST',
        `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
        {
          from: { id },
          text,
          textFormat: 'plain',
        },
      );
      return { conversationId, messageId: res.messageId };
    }
    // What Teams sends for a message typed in a personal chat, as the Playground shapes it.
    const user = userOf(id);
    const now = new Date().toISOString();
    const messageId = crypto.randomUUID();
    const { locale, localTimezone } = config.internalConfig;
    const group = config.config.groupChats.some((g) => g.id === conversationId);
    await request(baseUrl, 'POST', '/_internal/v1/customActivities', {
      type: 'message',
      id: messageId,
      text,
      textFormat: 'plain',
      from: { id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: bot.id, name: bot.name },
      conversation: {
        ...(group ? { isGroup: true } : {}),
        conversationType: group ? 'groupChat' : 'personal',
        tenantId,
        id: conversationId,
      },
      serviceUrl,
      channelId: 'msteams',
      channelData: { tenant: { id: tenantId } },
      timestamp: now,
      localTimestamp: now,
      localTimezone,
      locale,
      entities: [{ type: 'clientInfo', locale, platform: 'Web', timezone: localTimezone }],
    });
    return { conversationId, messageId };
  };

  const submit: PlaygroundClient['submit'] = async (ref, replyToId, value, opts = {}) => {
    const id = userId(ref);
    const conversationId = await conversationFor(id, replyToId, opts.conversationId);
    await request(baseUrl, 'POST', '/_conversation/v1/submit', {
      conversation: { id: conversationId },
      from: { id },
      replyToId,
      value,
    });
  };

  const invoke: PlaygroundClient['invoke'] = async (ref, replyToId, verb, data = {}, opts = {}) => {
    const id = userId(ref);
    const conversationId = await conversationFor(id, replyToId, opts.conversationId);
    const res = await request<{ type: string; value: unknown }>(
      baseUrl,
      'POST',
      '/_conversation/v1/invoke',
      {
        name: 'adaptiveCard/action',
        conversation: { id: conversationId },
        from: { id },
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data } },
      },
    );
    return {
      type: res.type,
      value: res.value,
      card: res.type === CARD ? (res.value as AdaptiveCard) : null,
    };
  };

  const nextMessage: PlaygroundClient['nextMessage'] = (
    predicate = () => true,
    timeoutMs = 15_000,
  ) =>
    new Promise((resolve, reject) => {
      const look = (): boolean => {
        const m = messages.find((x) => !taken.has(x) && predicate(x));
        if (!m) return false;
        taken.add(m);
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(m);
        return true;
      };
      const wake = () => void look();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        const seen = messages
          .slice(-8)
          .map(
            (m) =>
              `  ${m.kind} ${m.id} in ${m.conversationId}: ${m.text ?? (m.card ? '[card]' : '[no text]')}${taken.has(m) ? ' (taken)' : ''}`,
          );
        reject(
          new Error(
            `no matching message from the bot within ${timeoutMs} ms; the last received:\n${seen.join('\n') || '  (none)'}`,
          ),
        );
      }, timeoutMs);
      if (!look()) waiters.add(wake);
    });

  return {
    baseUrl,
    currentUserId: currentUser.id,
    personalChatId,
    serviceUrl,
    users,
    get messages() {
      return messages;
    },
    userId,
    personalChat,
    say,
    submit,
    invoke,
    nextMessage,
    config: () => request<PlaygroundConfig>(baseUrl, 'GET', '/_internal/v1/config'),
    close: async () => {
      for (const ws of [conversationWs, logWs]) {
        if (ws.readyState === WebSocket.CLOSED) continue;
        await new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close();
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 1000).unref();
        });
      }
    },
  };
}
