import type { ClientPlatform, SignIn } from '../hire/sign-in';

export type EmailKind =
  | 'invitation'
  | 'reminder-password'
  | 'reminder-connect'
  | 'alert-failed'
  | 'alert-bounced'
  | 'alert-escalated'
  | 'alert-waiting';

export interface RenderedEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** The locale actually used, after the fallback chain. */
  locale: string;
}

export interface EmailContext {
  /** The hire's locale tag, e.g. `ja-JP`; fallback `ja-JP` → `ja` → defaultLocale. */
  locale: string;
  defaultLocale: string;
  /** Recipient's IANA zone; every date is shown in it. */
  timeZone: string;
  /** In the language of the email (src/kernel/email/context.ts), the reader's support contact. */
  company: { name: string; supportContact: { email: string; phone?: string; url?: string } };
  /** The subject's brand when configured, instead of the company name (brandedSubject). */
  subjectPrefix?: string;
}

export interface InvitationData {
  person: { givenName: string; familyName: string; email: string; userName: string };
  directory: {
    type: 'SIMPLE_AD' | 'MANAGED_AD' | 'AD_CONNECTOR' | (string & {});
    registrationCode: string;
    alias?: string;
  };
  /**
   * The directory password: set on the hosted page (Simple AD / Managed AD) or the company's own (AD
   * Connector). What the person types in `directory-password` mode, and the fallback of some SAML modes.
   */
  passwordSetup: 'hosted' | 'company-password';
  /** How the person signs in (src/kernel/hire/sign-in.ts); absent: with the directory password above. */
  signIn?: SignIn;
  /** The clients to offer, those the directory allows (src/kernel/hire/sign-in.ts); absent: every native one. */
  clients?: readonly ClientPlatform[];
  /** Present when the hosted page is offered (offersPasswordSetup). */
  setupUrl?: string;
  workspace: { id: string; protocol: 'PCOIP' | 'WSP' };
  /**
   * The WorkSpace's AWS Region and the public page with its firewall allowlist (GET /network/{region}),
   * the link the network section gives the hire's IT or network team (links.ts networkPageUrl).
   */
  network: { region: string; pageUrl: string };
  /** Deadline to set the password / connect. */
  actBy: Date;
  /** `YYYY-MM-DD`. */
  startDate: string;
  /** 1 for the first reminder. */
  reminderNumber?: number;
}

export interface AlertData {
  hire: { hireId: string; employeeId: string; stage: string; email?: string; userName?: string };
  /** Short code: ProvisioningTimeout, WorkspaceUnhealthy, UnknownUser, WorkspaceError, Bounce, Complaint, RemindersExhausted. */
  what: string;
  detail?: string;
  /** The directory account to create (alert-waiting): what, where, and how long the hire waits for it. */
  directoryAccount?: {
    userName: string;
    directoryId: string;
    alias?: string;
    directoryName?: string;
    directoryType?: string;
    region: string;
    /** `YYYY-MM-DD`, in the person's time zone. */
    startDate: string;
    until: Date;
  };
  adminUrlHint?: string;
  /** Values the message of `what` names (an HR change: `from`, `to`; a cancel: `workspaceId`, `reason`). */
  facts?: Record<string, string>;
}
