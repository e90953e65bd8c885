/** Plain-fetch helpers the emulator's tests share: no Graph SDK, just HTTP. */
import type { GraphEmulator } from '../../graph/emulator/emulator.ts';
import type { SeedUser } from '../../graph/emulator/types.ts';

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary Graph JSON
}

export function client(em: GraphEmulator, token = em.issueToken()) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const url = path.startsWith('http') ? path : `${em.url}/v1.0${path}`;
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        prefer: 'outlook.timezone="Europe/London"',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  };
}

export const london = (dateTime: string): { dateTime: string; timeZone: string } => ({
  dateTime,
  timeZone: 'Europe/London',
});

export const PEOPLE: SeedUser[] = [
  { displayName: 'Sam Lead', userPrincipalName: 'sam@council.example', jobTitle: 'Team Manager' },
  {
    displayName: 'Ada Worker',
    userPrincipalName: 'ada@council.example',
    jobTitle: 'Social Worker',
    manager: 'sam@council.example',
  },
  {
    displayName: 'Ben Worker',
    userPrincipalName: 'ben@council.example',
    jobTitle: 'Social Worker',
    manager: 'sam@council.example',
    workingDays: ['monday', 'tuesday', 'wednesday', 'thursday'],
  },
];

export const RELATIONSHIP_PROP =
  'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name CadenceRelationship';
