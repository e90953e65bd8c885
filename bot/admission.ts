/**
 * Who the bot talks to, decided before anything else in a turn. A valid Bot
 * Framework token says only that the Bot Connector sent the activity, not
 * that it came from the council: any tenant whose users can reach the bot, and
 * any channel the Azure Bot resource has on (Web Chat is on by default),
 * arrive with one. So:
 *
 * - only `channelId: msteams` is answered;
 * - only the council's tenant: Teams puts the user's tenant in
 *   `channelData.tenant.id` (and `conversation.tenantId`) on every activity
 *   (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages,
 *   "channelData.tenant.id"); both must be the council's when present, and
 *   `channelData.tenant.id` must be;
 * - only personal chats are used for anything personal: a message in a group
 *   chat or a channel is answered with a short line pointing to the personal
 *   chat, and nothing from it is kept.
 *
 * An activity that is not answered leaves no trace but a log line: no
 * conversation reference, no person looked up.
 */
export type Admission =
  | { kind: 'answer' }
  /** A group chat or a channel of the council's tenant: "talk to me in a personal chat". */
  | { kind: 'personal-only'; conversation: 'groupChat' | 'channel' | 'other' }
  | { kind: 'ignore'; reason: 'channel' | 'tenant' };

export interface AdmissionActivity {
  channelId?: string;
  channelData?: unknown;
  conversation?: { conversationType?: string; tenantId?: string } | undefined;
}

/** `tenantId` is the council's (MicrosoftAppTenantId); null only in the embedded mode without one, where any tenant is the demo's. */
export function admissionOf(activity: AdmissionActivity, tenantId: string | null): Admission {
  if (activity.channelId !== 'msteams') return { kind: 'ignore', reason: 'channel' };
  if (tenantId !== null) {
    const sent = tenantOf(activity.channelData);
    const conversationTenant = activity.conversation?.tenantId;
    if (
      !sameTenant(sent, tenantId) ||
      (conversationTenant !== undefined && !sameTenant(conversationTenant, tenantId))
    ) {
      return { kind: 'ignore', reason: 'tenant' };
    }
  }
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return { kind: 'answer' };
  return {
    kind: 'personal-only',
    conversation: type === 'groupChat' || type === 'channel' ? type : 'other',
  };
}

function tenantOf(channelData: unknown): string | undefined {
  const tenant = (channelData as { tenant?: { id?: unknown } } | null | undefined)?.tenant;
  return typeof tenant?.id === 'string' ? tenant.id : undefined;
}

/** Tenant ids are GUIDs: compared without regard to case. */
function sameTenant(sent: string | undefined, tenantId: string): boolean {
  return sent !== undefined && sent.toLowerCase() === tenantId.toLowerCase();
}

/** The short answer in a group chat or a channel: nothing about anyone, and where to go instead. */
export const PERSONAL_CHAT_ONLY =
  'Cadence talks about supervision only in a personal chat, so nothing here is shared with others. Open Cadence from Apps in Teams (or chat with Cadence directly) and ask there.';
