import { describe, expect, it } from 'vitest';
import { fromLondonDateTime, parseIsoDate } from '../rules/index.ts';
import { newWindow, windowCovers, windowOutgrown } from './reconcile-window.ts';

const TODAY = parseIsoDate('2026-11-23');
const NOW = fromLondonDateTime('2026-11-23T06:30:00');
const at = (text: string) => fromLondonDateTime(text);

describe('the window a delta round watches', () => {
  it('reaches two months past the booking horizon, or a month past the last session booked if that is later', () => {
    expect(newWindow(NOW, TODAY, 3, at('2027-01-10T11:00:00'))).toEqual({
      from: NOW,
      to: at('2027-04-23T23:59:59'),
    });
    expect(newWindow(NOW, TODAY, 3, at('2027-05-10T11:00:00')).to).toEqual(
      at('2027-06-10T23:59:59'),
    );
  });

  it('is outgrown once the booking horizon or a booked session reaches its end', () => {
    const window = newWindow(NOW, TODAY, 3, at('2027-01-10T11:00:00'));
    expect(windowOutgrown(window, parseIsoDate('2027-01-22'), 3, at('2027-04-01T11:00:00'))).toBe(
      false,
    );
    expect(windowOutgrown(window, parseIsoDate('2027-01-23'), 3, at('2027-04-01T11:00:00'))).toBe(
      true,
    );
    expect(windowOutgrown(window, TODAY, 3, at('2027-04-24T11:00:00'))).toBe(true);
  });

  it("covers only sessions wholly inside it: a first round's silence about any other means nothing", () => {
    const window = { from: at('2026-11-23T06:30:00'), to: at('2027-04-23T23:59:59') };
    expect(
      windowCovers(window, {
        startsAt: at('2026-12-01T10:00:00'),
        endsAt: at('2026-12-01T11:00:00'),
      }),
    ).toBe(true);
    // In progress when the window began, or ending after it: not asked about.
    expect(
      windowCovers(window, {
        startsAt: at('2026-11-23T06:00:00'),
        endsAt: at('2026-11-23T07:00:00'),
      }),
    ).toBe(false);
    expect(
      windowCovers(window, {
        startsAt: at('2027-04-23T23:30:00'),
        endsAt: at('2027-04-24T00:30:00'),
      }),
    ).toBe(false);
  });
});
