import type { Clock } from '../kernel/clock';
import { findDirectory, type OnboardingConfig } from '../kernel/config/load';
import { hireEmailContext } from '../kernel/email/context';
import { networkPageUrl } from '../kernel/email/links';
import type { Mailer } from '../kernel/email/mailer';
import { StageConflictError, TransientError, VersionConflictError } from '../kernel/errors';
import type { Hire } from '../kernel/hire/hire';
import type { HireEvent, HireRecord } from '../kernel/hire/record';
import { clientPlatforms, offersPasswordSetup } from '../kernel/hire/sign-in';
import type { Stage } from '../kernel/hire/stages';
import type { DirectoryInfo } from '../kernel/hire/workspace';
import type { EmailLedger } from '../kernel/table/email-ledger';
import type { HireStore } from '../kernel/table/hires';
import type { SetupTokens } from '../kernel/table/setup-tokens';
import { firstReminderDue, hireSignIn, setupLinkExpiry } from '../tracking/schedule';
import { sendWithSetupLink } from '../tracking/setup-link';
import { renderInvitationEmail } from './invitation-email';

/**
 * Every email that carries a setup link, and every invitation, goes out in one order of writes
 * (docs/admin-guide.md "Links that work"):
 *
 *   1. the ledger claim for the email (`invitation#<n>`, `reminder#<n>#<k>`): one email per key;
 *   2. only then a new setup token (its item first, then the hire's pointer `setupTokenHash`, with when and
 *      to whom the link is sent), so the link works the moment the email arrives;
 *   3. SES; if SES refuses (nothing went out), the pointer moves back, if it still points at this token;
 *   4. the record: for an invitation the stage write (INVITED, `invitationCount`, `invitedAt`, `invitedTo`,
 *      the sign-in mode it told, the first reminder due), done at most once per invitation number.
 *
 * A retry that finds the email sent (a timeout after SES accepted it) never makes a new token: it only
 * finishes step 4, so the link in the email that went out keeps working. Concurrent callers with the same
 * invitation number meet at the ledger claim: one sends, the others learn that it is being sent or was.
 */
export interface InvitationDeps {
  hires: Pick<HireStore, 'get' | 'move' | 'update'>;
  setupTokens: Pick<SetupTokens, 'put'>;
  ledger: Pick<EmailLedger, 'entries'>;
  mailer: Mailer;
  clock: Clock;
  config: OnboardingConfig;
  publicBaseUrl: string;
  /** The AWS Region of a directory's WorkSpaces: the network section links that Region's allowlist page. */
  regionOf: (directoryId: string) => string;
}

/**
 * What the invitation needs of the directory (its registration code and sign-in facts); the provisioner
 * passes it along with the WorkSpace.
 */
export type InvitationDirectory = Omit<DirectoryInfo, 'directoryName'>;

export interface IssueInvitationInput {
  /** The hire as the caller read it. */
  hire: HireRecord;
  /** The invitation number: one email per number (ledger key `invitation#<n>`). */
  number: number;
  /** Who is invited: the hire's person, or with a corrected email (admin re-invite). */
  person: Hire;
  workspaceId: string;
  directory: InvitationDirectory & { registrationCode: string };
  /** Step 4: the stages the hire may be in, what else to set, and the history event. */
  record: {
    from: readonly Stage[];
    set?: Partial<HireRecord>;
    event: Omit<HireEvent, 'at' | 'stage'>;
  };
}

export type IssueInvitationResult =
  | {
      /** `sent`: this call sent it; `sent-before`: an earlier or concurrent attempt did. */
      outcome: 'sent' | 'sent-before';
      invitation: number;
      /** The address the invitation went to. */
      to: string;
      /** The hire after the record (or as found when it could not be recorded). */
      hire: HireRecord;
      /** False when it was recorded already, or the hire had moved to a stage outside `record.from`. */
      recorded: boolean;
    }
  /** Another attempt is sending invitation `invitation` right now. */
  | { outcome: 'in-progress'; invitation: number };

export async function issueInvitation(
  deps: InvitationDeps,
  input: IssueInvitationInput,
): Promise<IssueInvitationResult> {
  const { hire, number, person, directory } = input;
  const ledgerKey = `invitation#${number}`;
  const signIn = hireSignIn(deps.config, hire.directoryId, directory);
  const hostedPage = offersPasswordSetup(signIn);
  const now = deps.clock.now();
  const configured = findDirectory(deps.config, hire.directoryId);
  let locale: string | undefined;

  const sent = await sendWithSetupLink(deps, {
    hire,
    ledgerKey,
    to: person.email,
    setupLink: hostedPage,
    now,
    async render(link) {
      const ctx = hireEmailContext(deps.config, { ...person, directoryId: hire.directoryId });
      const region = deps.regionOf(hire.directoryId);
      const email = await renderInvitationEmail(ctx, {
        person,
        directory: {
          type: directory.directoryType ?? configured?.type ?? 'SIMPLE_AD',
          registrationCode: directory.registrationCode,
          ...(directory.alias ? { alias: directory.alias } : {}),
        },
        passwordSetup: hostedPage ? 'hosted' : 'company-password',
        signIn,
        clients: clientPlatforms(directory.deviceAccess, hire.protocol),
        ...(link ? { setupUrl: link.url } : {}),
        workspace: { id: input.workspaceId, protocol: hire.protocol },
        network: { region, pageUrl: networkPageUrl(deps.publicBaseUrl, region, hire.protocol, ctx.locale) },
        actBy: link?.actBy ?? setupLinkExpiry(deps.config, { ...hire, person }, now),
        startDate: person.startDate,
      });
      locale = email.locale;
      return {
        to: [person.email],
        subject: email.subject,
        html: email.html,
        text: email.text,
        tags: { locale: email.locale },
      };
    },
  });
  if (sent.outcome === 'in-progress') return { outcome: 'in-progress', invitation: number };

  let to = person.email;
  let set = input.record.set;
  if (sent.outcome === 'already-sent') {
    // Record what went out, which an earlier attempt or a concurrent admin may have addressed otherwise.
    const entry = (await deps.ledger.entries(hire.hireId)).find((e) => e.ledgerKey === ledgerKey);
    to = entry?.to?.[0] ?? person.email;
    if (!sameAddress(to, person.email) && set?.person) {
      const { person: _theirs, ...rest } = set;
      set = rest;
    }
  }
  const event = locale
    ? { ...input.record.event, detail: { ...input.record.event.detail, locale } }
    : input.record.event;
  const recorded = await recordInvitation(deps, hire.hireId, {
    number,
    to,
    now,
    from: input.record.from,
    // What the invitation told the person: the setup page goes by it when WorkSpaces cannot be asked.
    set: { ...set, signIn },
    event,
    removeLink: !hostedPage,
  });
  return {
    outcome: sent.outcome === 'sent' ? 'sent' : 'sent-before',
    invitation: number,
    to,
    ...recorded,
  };
}

/** Step 4, at most once per invitation number: whoever finds it not yet recorded records it. */
async function recordInvitation(
  deps: Pick<InvitationDeps, 'hires' | 'config'>,
  hireId: string,
  r: {
    number: number;
    to: string;
    now: Date;
    from: readonly Stage[];
    set: Partial<HireRecord>;
    event: Omit<HireEvent, 'at' | 'stage'>;
    removeLink: boolean;
  },
): Promise<{ hire: HireRecord; recorded: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const hire = await deps.hires.get(hireId);
    if (!hire) throw new StageConflictError({ hireId, expected: r.from });
    if ((hire.invitationCount ?? 0) >= r.number || !r.from.includes(hire.stage)) {
      return { hire, recorded: false };
    }
    try {
      const person = r.set.person ?? hire.person;
      const changed = await deps.hires.move(hireId, {
        to: 'INVITED',
        from: r.from,
        expectVersion: hire.version,
        set: {
          ...r.set,
          invitedAt: r.now.toISOString(),
          // The report's time to invitation; later invitations keep it.
          ...(hire.firstInvitedAt ? {} : { firstInvitedAt: r.now.toISOString() }),
          invitationCount: r.number,
          invitedTo: r.to,
        },
        // No hosted page for this directory: no link of an earlier invitation may work any more.
        ...(r.removeLink
          ? { remove: ['setupTokenHash', 'setupTokenExpiresAt'] as (keyof HireRecord)[] }
          : {}),
        // On the reminder run's index from now on: the first reminder, in the person's business hours.
        due: firstReminderDue(deps.config, { person, directoryId: hire.directoryId }, r.now),
        event: r.event,
      });
      return { hire: changed, recorded: true };
    } catch (err) {
      if (!(err instanceof VersionConflictError || err instanceof StageConflictError)) throw err;
    }
  }
  throw new TransientError(`hire ${hireId} kept changing while invitation ${r.number} was recorded`);
}

export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
