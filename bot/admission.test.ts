import { describe, expect, it } from 'vitest';
import { admissionOf } from './admission.ts';

const TENANT = '5e0c4a1d-2b7f-4c1e-9d3a-6f8b0e2c7a41';
const personal = {
  channelId: 'msteams',
  channelData: { tenant: { id: TENANT } },
  conversation: { conversationType: 'personal', tenantId: TENANT },
};

describe('which activities the bot answers', () => {
  it("answers the council's tenant in a personal chat, whatever the case of the tenant id", () => {
    expect(admissionOf(personal, TENANT)).toEqual({ kind: 'answer' });
    expect(
      admissionOf({ ...personal, channelData: { tenant: { id: TENANT.toUpperCase() } } }, TENANT),
    ).toEqual({ kind: 'answer' });
  });

  it('ignores an activity that names no tenant, or whose two tenant fields disagree', () => {
    expect(admissionOf({ ...personal, channelData: {} }, TENANT)).toEqual({
      kind: 'ignore',
      reason: 'tenant',
    });
    expect(admissionOf({ ...personal, channelData: undefined }, TENANT)).toEqual({
      kind: 'ignore',
      reason: 'tenant',
    });
    expect(
      admissionOf(
        { ...personal, conversation: { conversationType: 'personal', tenantId: 'other' } },
        TENANT,
      ),
    ).toEqual({ kind: 'ignore', reason: 'tenant' });
  });

  it('ignores any channel but Teams, before looking at the tenant', () => {
    expect(admissionOf({ ...personal, channelId: 'webchat' }, TENANT)).toEqual({
      kind: 'ignore',
      reason: 'channel',
    });
    expect(admissionOf({ ...personal, channelId: undefined }, null)).toEqual({
      kind: 'ignore',
      reason: 'channel',
    });
  });

  it('sends group chats, channels and conversations of no known type to the personal chat', () => {
    expect(
      admissionOf(
        { ...personal, conversation: { conversationType: 'groupChat', tenantId: TENANT } },
        TENANT,
      ),
    ).toEqual({ kind: 'personal-only', conversation: 'groupChat' });
    expect(
      admissionOf({ ...personal, conversation: { conversationType: 'channel' } }, TENANT),
    ).toEqual({ kind: 'personal-only', conversation: 'channel' });
    expect(admissionOf({ ...personal, conversation: {} }, TENANT)).toEqual({
      kind: 'personal-only',
      conversation: 'other',
    });
  });
});
