/**
 * `cadence doctor [--mailbox UPN] [--outside UPN]`: checks the production
 * configuration in the environment, one line per finding, and changes
 * nothing. Exit 0 when nothing failed (warnings do not fail), 1 otherwise.
 * It takes the environment itself, not a parsed Config: a configuration
 * readConfig refuses is exactly what it must describe, setting by setting.
 */
import { InputError } from '../../rules/index.ts';
import { failed, renderReport, runDoctor } from '../doctor/index.ts';
import type { Output } from './io.ts';
import { optionalText, readOptions } from './options.ts';

const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function doctorCommand(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<Output> {
  const { values } = readOptions('doctor', args, {
    mailbox: { type: 'string' },
    outside: { type: 'string' },
  });
  const [mailbox, outside] = [optionalText(values, 'mailbox'), optionalText(values, 'outside')];
  for (const [name, upn] of [
    ['mailbox', mailbox],
    ['outside', outside],
  ] as const) {
    if (upn !== undefined && !UPN.test(upn))
      throw new InputError(`doctor: --${name} '${upn}' is not a UPN (name@council.gov.uk)`);
  }
  if (mailbox && outside && mailbox.toLowerCase() === outside.toLowerCase())
    throw new InputError('doctor: --mailbox and --outside must be two different mailboxes');
  const findings = await runDoctor(env, {
    ...(mailbox && { mailbox }),
    ...(outside && { outside }),
  });
  const failures = failed(findings);
  return {
    human: renderReport(findings),
    json: { ok: failures === 0, findings },
    exitCode: failures > 0 ? 1 : 0,
  };
}
