/**
 * What the invitation and the reminders share: the facts about this hire, the details table, the steps in
 * order, the network check and whom to ask, and the finished document. Content varies with what is true for
 * this hire: how the password is set (hosted page or company password) and the streaming protocol's port.
 */

import { EmailDataError } from '../errors';
import {
  CLIENT_PLATFORMS,
  type ClientPlatform,
  needsPasswordSetup,
  offersPasswordSetup,
  type SignIn,
} from '../hire/sign-in';
import { type Block, type EmailDocument, renderHtml, renderText, text } from './blocks';
import type { COMMON_MESSAGES, HIRE_EMAIL_MESSAGES, KeyOf, Translator } from './catalog';
import { brandedSubject, contactItems, oneLine } from './common';
import { type Args, CalendarDate, type Run } from './format';
import {
  CLIENT_DOWNLOADS,
  CLIENTS_URL,
  displayName,
  HEALTH_CHECK_URL,
  IP_RANGES_URL,
  STREAMING_PORT,
  workspacesLoginLink,
} from './links';
import type { EmailContext, InvitationData, RenderedEmail } from './types';

export type HireEmailKind = 'invitation' | 'reminder-password' | 'reminder-connect';

/** A translator that knows at least the messages every hire email uses. */
export type HireTranslator = Translator<KeyOf<typeof COMMON_MESSAGES | typeof HIRE_EMAIL_MESSAGES>>;

export interface Facts {
  t: HireTranslator;
  ctx: EmailContext;
  data: InvitationData;
  signIn: SignIn;
  /** The hosted password step is shown (the password is needed, or is some clients' fallback). */
  hosted: boolean;
  args: Args;
  loginLink: string;
}

/** How the person signs in: as given, else with the directory password of `passwordSetup`. */
export function invitationSignIn(data: Pick<InvitationData, 'signIn' | 'passwordSetup'>): SignIn {
  return data.signIn ?? { mode: data.passwordSetup === 'hosted' ? 'directory-password' : 'company-password' };
}

/** Checks the data and gathers the arguments the messages use; `extra` adds email-specific ones. */
export function facts(
  t: HireTranslator,
  ctx: EmailContext,
  data: InvitationData,
  extra: (t: HireTranslator) => Args = () => ({}),
): Facts {
  const protocol = String(data.workspace.protocol).toUpperCase();
  if (protocol !== 'PCOIP' && protocol !== 'WSP') {
    throw new EmailDataError(`unknown streaming protocol ${data.workspace.protocol}`);
  }
  if (!(data.actBy instanceof Date) || Number.isNaN(data.actBy.getTime())) {
    throw new EmailDataError('actBy must be a valid Date');
  }
  const signIn = invitationSignIn(data);
  const hosted = offersPasswordSetup(signIn);
  if (hosted && !data.setupUrl) throw new EmailDataError('a hosted password setup needs its setupUrl');
  const args: Args = {
    company: ctx.company.name,
    name: displayName(data.person, t.locale),
    code: data.directory.registrationCode,
    userName: data.person.userName,
    actBy: data.actBy,
    startDate: new CalendarDate(data.startDate),
    passwordSetup: needsPasswordSetup(signIn) ? 'hosted' : 'company-password',
    signIn: SIGN_IN_ARG[signIn.mode],
    ...identitySourceArgs(signIn),
    fallback: signIn.fallback === 'company-password' ? 'company' : (signIn.fallback ?? 'none'),
    userAccessUrl: signIn.userAccessUrl ?? '',
    passwordStep: 2,
    port: String(STREAMING_PORT[protocol]),
    protocol: t.text(`protocol.${protocol}`),
    clientsUrl: CLIENTS_URL,
    ipRangesUrl: IP_RANGES_URL,
    healthUrl: HEALTH_CHECK_URL,
    region: data.network.region,
    networkUrl: data.network.pageUrl,
    dcv: protocol === 'WSP' ? 'yes' : 'no',
    ...extra(t),
  };
  return {
    t,
    ctx,
    data,
    signIn,
    hosted,
    args,
    loginLink: workspacesLoginLink(data.person.userName, data.directory.registrationCode),
  };
}

/** The `signIn` argument of the messages (ICU select keys). */
const SIGN_IN_ARG: Record<SignIn['mode'], string> = {
  'directory-password': 'password',
  'company-password': 'company',
  saml: 'saml',
  'identity-center': 'identityCenter',
};

/**
 * The `idSource` and `idp` arguments: where an IAM Identity Center user's password lives (`identityCenter`,
 * `external` with the provider's name) or `unknown` when the configuration does not say.
 */
export function identitySourceArgs(signIn: SignIn): { idSource: string; idp: string } {
  const source = signIn.identitySource;
  if (source?.kind === 'external') return { idSource: 'external', idp: source.name };
  return { idSource: source?.kind === 'identity-center' ? 'identityCenter' : 'unknown', idp: '' };
}

export const p = (runs: Run[], small?: boolean): Block =>
  small ? { t: 'p', text: runs, small } : { t: 'p', text: runs };

export function detailsBlock({ t, args, signIn, data }: Facts, withDates: boolean): Block {
  const rows: Extract<Block, { t: 'details' }>['rows'] = [
    { label: t.text('details.code'), value: text(data.directory.registrationCode), mono: true },
    { label: t.text('details.userName'), value: text(data.person.userName), mono: true },
    { label: t.text('details.password'), value: t.runs('details.password.value', args) },
  ];
  if (signIn.userAccessUrl) {
    rows.push({ label: t.text('details.signInPage'), value: t.runs('details.signInPageValue', args) });
  }
  if (withDates) {
    rows.push({ label: t.text('details.actBy'), value: t.runs('details.actByValue', args) });
    rows.push({ label: t.text('details.startDate'), value: t.runs('details.startDateValue', args) });
  }
  rows.push({ label: t.text('details.protocol'), value: text(String(args.protocol)) });
  return { t: 'details', rows };
}

const NATIVE_CLIENTS: readonly ClientPlatform[] = CLIENT_PLATFORMS.filter((c) => c !== 'web');

function installStep({ t, args, data }: Facts): { title: Run[]; body: Block[] } {
  const offered = new Set(data.clients ?? NATIVE_CLIENTS);
  const downloads = CLIENT_DOWNLOADS.filter(({ platform }) => offered.has(platform));
  return {
    title: t.runs('steps.install.title'),
    body: downloads.length
      ? [
          p(t.runs('steps.install.body', args)),
          {
            t: 'list',
            items: downloads.map(({ platform, url }) => [
              { text: t.text(`platform.${platform}`, args), href: url },
            ]),
          },
        ]
      : [p(t.runs('steps.install.none', args))],
  };
}

function passwordStep({ t, args, data, signIn }: Facts): { title: Run[]; body: Block[] } {
  return {
    title: t.runs('steps.password.hosted.title'),
    body: [
      ...(signIn.mode === 'saml' ? [p(t.runs('steps.password.hosted.fallbackOnly'))] : []),
      p(t.runs('steps.password.hosted.body', args)),
      { t: 'button', href: data.setupUrl!, label: t.text('steps.password.hosted.button') },
      p(t.runs('steps.password.hosted.policy'), true),
      p(t.runs('steps.password.hosted.fallback'), true),
      { t: 'url', href: data.setupUrl! },
    ],
  };
}

function registerStep({ t, args, loginLink }: Facts): { title: Run[]; body: Block[] } {
  return {
    title: t.runs('steps.register.title'),
    body: [
      p(t.runs('steps.register.body', args)),
      p(t.runs('steps.register.shortcut'), true),
      {
        t: 'button',
        href: loginLink,
        label: t.text('steps.register.shortcutButton'),
        secondary: true,
        showUrl: true,
      },
    ],
  };
}

function signInStep({ t, args, signIn }: Facts): { title: Run[]; body: Block[] } {
  switch (signIn.mode) {
    case 'directory-password':
      return { title: t.runs('steps.signin.title'), body: [p(t.runs('steps.signin.body', args))] };
    case 'company-password':
      return {
        title: t.runs('steps.password.company.title'),
        body: [
          p(t.runs('steps.signin.body', args)),
          { t: 'box', tone: 'info', body: [p(t.runs('steps.password.company.body'))] },
        ],
      };
    case 'identity-center':
      return {
        title: t.runs('steps.identityCenter.title', args),
        body: [
          p(t.runs('steps.identityCenter.body', args)),
          // An external IdP's password is the person's own: no AWS email to wait for, nothing to set.
          ...(signIn.identitySource?.kind === 'external'
            ? []
            : [
                { t: 'box', tone: 'info', body: [p(t.runs('steps.identityCenter.password', args))] } as Block,
              ]),
        ],
      };
    case 'saml': {
      const body: Block[] = [p(t.runs('steps.saml.body', args))];
      if (signIn.userAccessUrl) body.push(p(t.runs('steps.saml.page', args)));
      if (signIn.certificate) body.push(p(t.runs('steps.saml.certificate')));
      body.push({
        t: 'box',
        tone: 'info',
        body: [p(t.runs(signIn.fallback ? 'steps.saml.fallback' : 'steps.saml.clients', args))],
      });
      return { title: t.runs('steps.saml.title'), body };
    }
  }
}

export function stepsBlocks(f: Facts, withPasswordStep: boolean): Block[] {
  const items = [installStep(f)];
  if (f.hosted && withPasswordStep) items.push(passwordStep(f));
  items.push(registerStep(f), signInStep(f));
  return [
    { t: 'h2', text: f.t.runs('steps.title', { count: items.length }) },
    { t: 'steps', items },
  ];
}

/**
 * The network check: what the hire can check themselves, and (full) a section for their IT or network team
 * with the ports, the ranges and the link to the Region's allowlist page.
 */
export function networkBlocks({ t, args }: Facts, full: boolean): Block[] {
  const team = { ...args, team: full ? 'below' : 'link' };
  const blocks: Block[] = [
    { t: 'h2', text: t.runs('network.title') },
    p(t.runs('network.intro')),
    { t: 'list', items: [t.runs('network.health', args), t.runs('network.mobile', team)] },
  ];
  if (full) {
    blocks.push({
      t: 'box',
      tone: 'info',
      body: [
        { t: 'h3', text: t.runs('network.team.title') },
        p(t.runs('network.team.body', args)),
        p(t.runs('network.team.page', args)),
      ],
    });
  }
  return blocks;
}

export function contactBlocks({ t, args, ctx }: Facts): Block[] {
  return [
    { t: 'h2', text: t.runs('contact.title') },
    p(t.runs('contact.intro', args)),
    { t: 'list', items: contactItems(t, ctx) },
    p(t.runs('common.signoffLine')),
    p(t.runs('common.signoffTeam', args)),
  ];
}

/** The finished email: HTML and text from the same blocks, with the common footer. */
export function hireEmail(
  { t, args, ctx }: Facts,
  content: { subject: string; preheader: string; blocks: Block[] },
): RenderedEmail {
  const doc: EmailDocument = {
    lang: t.locale,
    title: oneLine(content.subject),
    preheader: oneLine(content.preheader),
    brand: ctx.company.name,
    blocks: content.blocks,
    footer: [p(t.runs('common.footer', args), true)],
  };
  return {
    subject: brandedSubject(content.subject, ctx, t),
    preheader: oneLine(content.preheader),
    html: renderHtml(doc),
    text: renderText(doc),
    locale: t.locale,
  };
}
