/** The names a hire's life uses: its stages and the admin actions (the rules are in stages.ts and actions.ts). */
export const STAGES = [
  'RECEIVED',
  'QUEUED',
  'PROVISIONING',
  'INVITED',
  'PASSWORD_SET',
  'ACTIVE',
  'FAILED',
  'BOUNCED',
  'ESCALATED',
  'CANCELLED',
] as const;

export type Stage = (typeof STAGES)[number];

export type AdminAction = 'reinvite' | 'cancel' | 'adopt' | 'resume';
