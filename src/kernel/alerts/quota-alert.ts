import type { OnboardingConfig } from '../config/load';
import { ALERT_MESSAGES, COMMON_MESSAGES, translator } from '../email/catalog';
import { staffEmail } from '../email/common';
import { adminEmailContext } from '../email/context';
import type { Mailer } from '../email/mailer';
import { SesQuotaExceededError } from '../errors';
import { describeError, log } from '../log';

/** The ledger owner of the quota alert: no hire (a hire id always has a "-"). */
export const SES_QUOTA_LEDGER_ID = 'ses_quota';

/**
 * Every sender's mailer, telling the admins once a day (UTC) when SES's 24-hour quota holds emails back.
 * The email that met the quota still fails with SesQuotaExceededError, for its sender to defer it. The
 * alert may use the recipients the pace keeps back for it; if even that is gone, the next deferred email
 * tries the alert again (its ledger claim was released).
 */
export function alertOnQuota(
  mailer: Mailer,
  deps: { config: OnboardingConfig; clockMs: () => number },
): Mailer {
  return {
    async sendOnce(hireId, ledgerKey, email, options) {
      try {
        return await mailer.sendOnce(hireId, ledgerKey, email, options);
      } catch (err) {
        if (err instanceof SesQuotaExceededError && hireId !== SES_QUOTA_LEDGER_ID) {
          const day = new Date(deps.clockMs()).toISOString().slice(0, 10);
          await sendQuotaAlert(mailer, deps.config, day).catch((alertErr: unknown) => {
            log.warn('SES quota alert not sent yet', { error: describeError(alertErr) });
          });
        }
        throw err;
      }
    },
  };
}

async function sendQuotaAlert(mailer: Mailer, config: OnboardingConfig, day: string): Promise<void> {
  const ctx = adminEmailContext(config);
  const t = await translator([ALERT_MESSAGES, COMMON_MESSAGES], ctx.locale, ctx.defaultLocale, ctx.timeZone);
  const email = staffEmail(ctx, t, {
    subject: t.text('alert.sesQuota.subject'),
    preheader: t.text('alert.sesQuota.preheader'),
    blocks: [
      { t: 'p', text: t.runs('alert.greeting') },
      { t: 'h1', text: t.runs('alert.sesQuota.title') },
      { t: 'h2', text: t.runs('alert.happened.title') },
      { t: 'box', tone: 'warn', body: [{ t: 'p', text: t.runs('alert.sesQuota.what') }] },
      { t: 'h2', text: t.runs('alert.todo.title') },
      { t: 'p', text: t.runs('alert.sesQuota.todo') },
      { t: 'code', text: 'aws sesv2 get-account --query SendQuota' },
    ],
  });
  const { sent } = await mailer.sendOnce(
    SES_QUOTA_LEDGER_ID,
    `ses-quota#${day}`,
    { to: [...config.email.adminAddresses], subject: email.subject, html: email.html, text: email.text },
    { reserve: true },
  );
  if (sent) log.warn('SES quota reached: the admins were told', { day });
}
