import { describe, expect, it } from 'vitest';
import { agreedTermsOf } from './team.ts';

describe('agreed terms as stored', () => {
  it('are read with the rules’ schemas, absent terms as none', () => {
    expect(
      agreedTermsOf({
        upn: 'a@x.gov.uk',
        agreedPeriods: { 'returner-period': { amount: 3, unit: 'month' } },
        agreedFrequency: null,
      }),
    ).toEqual({ agreed: { 'returner-period': { amount: 3, unit: 'month' } }, agreedFrequency: {} });
  });

  it('refuse a stored shape the rules cannot read, naming the person and the field', () => {
    expect(() =>
      agreedTermsOf({
        upn: 'a@x.gov.uk',
        agreedPeriods: {},
        agreedFrequency: { 'one-to-one': { every: 'often', unit: 'week' } },
      }),
    ).toThrow(
      /agreed terms of a@x\.gov\.uk are not readable at agreedFrequency\.one-to-one\.every/,
    );
  });
});
