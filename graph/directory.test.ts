import { describe, expect, it } from 'vitest';
import { createDirectoryAdapter } from './directory.ts';
import { fakeClient, fakeGraph, noSleep } from '../test/support/fake-graph.ts';

const person = (upn: string) => ({
  id: `id-${upn}`,
  displayName: upn.split('@')[0],
  userPrincipalName: upn,
  mail: upn,
  jobTitle: 'Social Worker',
});

describe('directory adapter', () => {
  it('reads users and managers in one batch each; unknown people and no manager are null', async () => {
    const fake = fakeGraph((request) => {
      if (request.url.startsWith('/users/nobody'))
        return { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
      if (request.url.includes('/manager')) return { status: 200, body: person('boss@x.test') };
      return { status: 200, body: person(request.url.split('/')[2]!.split('?')[0]!) };
    });
    const directory = createDirectoryAdapter(fakeClient(fake), noSleep);
    expect(await directory.users(['a@x.test', 'nobody@x.test'])).toEqual([
      {
        id: 'id-a@x.test',
        upn: 'a@x.test',
        displayName: 'a',
        mail: 'a@x.test',
        jobTitle: 'Social Worker',
      },
      null,
    ]);
    expect(fake.batches[0]![0]!.url).toBe(
      '/users/a@x.test?$select=id%2CdisplayName%2Cmail%2CuserPrincipalName%2CjobTitle',
    );
    expect(
      (await directory.managers(['a@x.test', 'nobody@x.test'])).map((user) => user?.upn ?? null),
    ).toEqual(['boss@x.test', null]);
    expect(fake.batches).toHaveLength(2);
  });

  it('reads direct reports across pages and keeps only users', async () => {
    const fake = fakeGraph((request) =>
      request.url.includes('skiptoken')
        ? {
            status: 200,
            body: { value: [{ '@odata.type': '#microsoft.graph.user', ...person('c@x.test') }] },
          }
        : {
            status: 200,
            body: {
              value: [
                person('b@x.test'),
                { '@odata.type': '#microsoft.graph.orgContact', id: 'contact' },
              ],
              '@odata.nextLink':
                'https://graph.microsoft.com/v1.0/users/a/directReports?$skiptoken=2',
            },
          },
    );
    const [reports] = await createDirectoryAdapter(fakeClient(fake), noSleep).directReports([
      'a@x.test',
    ]);
    expect(reports?.map((user) => user.upn)).toEqual(['b@x.test', 'c@x.test']);
  });
});
