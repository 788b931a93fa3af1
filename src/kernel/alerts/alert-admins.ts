import type { OnboardingConfig } from '../config/load';
import type { Mailer } from '../email/mailer';
import type { HireEvent } from '../hire/record';
import { describeError, log } from '../log';
import type { HireHistory } from '../table/history';
import type { ChatNotification } from './chat-notification';
import type { ChatNotifier } from './chat-notifier';

/**
 * One alert to the admins (and anyone else in `also`, e.g. the manager), at most once per ledger key: the
 * send-once ledger makes a retry or a repeated event alert nobody twice. With `record`, the history line
 * that says the admins were told is written only by the attempt that sent it. True when this call sent it.
 *
 * With a chat channel configured (`chat`), the attempt that sent the email also publishes the alert there,
 * once, under the same ledger key. The email is the alert of record: a publish that fails is logged and
 * never undoes or repeats the email.
 */
export async function alertAdmins(
  deps: {
    mailer: Mailer;
    config: OnboardingConfig;
    history?: Pick<HireHistory, 'append'>;
    chat?: ChatNotifier;
  },
  hireId: string,
  ledgerKey: string,
  email: { subject: string; html: string; text: string; chat?: Omit<ChatNotification, 'id'> },
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
  if (sent && deps.chat && email.chat) await publishToChat(deps.chat, hireId, ledgerKey, email.chat);
  return sent;
}

/**
 * Publishes one alert to chat under the id of its send-once ledger entry (owner and key); called by the
 * attempt that sent the alert's email. A failure is logged, never thrown: the email is the alert of record.
 */
export async function publishToChat(
  chat: ChatNotifier,
  hireId: string,
  ledgerKey: string,
  notification: Omit<ChatNotification, 'id'>,
): Promise<void> {
  try {
    // The ledger key names the alert: the same id for the same alert, whoever reads it.
    await chat.publish({ ...notification, id: `${hireId}#${ledgerKey}` });
  } catch (err) {
    // Ids and the error only: the notification's text names the hire's situation.
    log.warn('chat alert not published; the email went out', {
      hireId,
      ledgerKey,
      error: describeError(err),
    });
  }
}
