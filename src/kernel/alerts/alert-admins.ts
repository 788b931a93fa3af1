import type { OnboardingConfig } from '../config/load';
import type { Mailer } from '../email/mailer';
import type { HireEvent } from '../hire/record';
import type { HireHistory } from '../table/history';

/**
 * One alert to the admins (and anyone else in `also`, e.g. the manager), at most once per ledger key: the
 * send-once ledger makes a retry or a repeated event alert nobody twice. With `record`, the history line
 * that says the admins were told is written only by the attempt that sent it. True when this call sent it.
 */
export async function alertAdmins(
  deps: { mailer: Mailer; config: OnboardingConfig; history?: Pick<HireHistory, 'append'> },
  hireId: string,
  ledgerKey: string,
  email: { subject: string; html: string; text: string },
  opts: { also?: string[]; record?: Omit<HireEvent, 'at'> } = {},
): Promise<boolean> {
  const to = [...deps.config.email.adminAddresses];
  for (const address of opts.also ?? []) if (!to.includes(address)) to.push(address);
  const { sent } = await deps.mailer.sendOnce(hireId, ledgerKey, {
    to,
    subject: email.subject,
    html: email.html,
    text: email.text,
  });
  if (sent && opts.record) await deps.history?.append(hireId, opts.record);
  return sent;
}
