import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import {
  RELATIONSHIP_PROPERTY_ID,
  relationshipFilter,
  seriesEventJson,
  transactionIdFor,
} from './event-json.ts';
import type { SeriesRequest } from './types.ts';

const request: SeriesRequest = {
  organizer: { upn: 'S.Iqbal@northdale.example', name: 'Sana Iqbal' },
  attendee: { upn: 'j.okafor@northdale.example', name: 'James Okafor' },
  relationshipTag: 'rel-42',
  seriesKey: 'rel-42:monthly:2026-12-01',
  start: '2026-12-01T10:00:00',
  end: '2026-12-01T11:00:00',
  repeat: { kind: 'relativeMonthly', interval: 1, day: 'tuesday', week: 'first' },
  until: parseIsoDate('2027-03-01'),
};

describe('series event JSON', () => {
  it('is private, names only the two people, and carries the relationship and a transactionId', () => {
    const json = seriesEventJson(request);
    expect(json).toMatchObject({
      subject: 'Supervision: Sana Iqbal / James Okafor',
      sensitivity: 'private',
      showAs: 'busy',
      start: { dateTime: '2026-12-01T10:00:00', timeZone: 'Europe/London' },
      end: { dateTime: '2026-12-01T11:00:00', timeZone: 'Europe/London' },
      attendees: [
        {
          emailAddress: { address: 'j.okafor@northdale.example', name: 'James Okafor' },
          type: 'required',
        },
      ],
      recurrence: {
        pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'first' },
        range: { type: 'endDate', startDate: '2026-12-01', endDate: '2027-03-01' },
      },
      singleValueExtendedProperties: [{ id: RELATIONSHIP_PROPERTY_ID, value: 'rel-42' }],
    });
    expect(json).not.toHaveProperty('isOnlineMeeting');
    expect(JSON.stringify(json.body)).not.toMatch(/case|child/i);
  });

  it('asks for a Teams meeting only when told', () => {
    expect(seriesEventJson({ ...request, teamsMeeting: true })).toMatchObject({
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    });
  });

  it('writes a fortnightly pattern', () => {
    expect(
      seriesEventJson({ ...request, repeat: { kind: 'weekly', interval: 2, day: 'tuesday' } })
        .recurrence.pattern,
    ).toEqual({ type: 'weekly', interval: 2, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' });
  });

  it('derives the same transactionId for the same organizer and key, whatever the case of the UPN', () => {
    const id = transactionIdFor('S.Iqbal@northdale.example', request.seriesKey);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(transactionIdFor('s.iqbal@northdale.example', request.seriesKey)).toBe(id);
    expect(transactionIdFor('s.iqbal@northdale.example', 'rel-42:monthly:2027-03-02')).not.toBe(id);
    expect(seriesEventJson(request).transactionId).toBe(id);
  });

  it('filters on the relationship property, quoting as OData does', () => {
    expect(relationshipFilter("o'brien")).toBe(
      `singleValueExtendedProperties/Any(ep: ep/id eq '${RELATIONSHIP_PROPERTY_ID}' and ep/value eq 'o''brien')`,
    );
  });
});
