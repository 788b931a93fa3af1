import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../local/event-bus';
import { readServiceSpec } from '../../local/serverless-config';
import { sesEventsFor } from '../../local/ses-events';
import { encodeLedgerTag, parseSentEvent, parseSesEvent } from '../../src/kernel/email/ses-event';
import { SesEventError } from '../../src/kernel/errors';
import bounce from '../fixtures/ses/bounce.json' with { type: 'json' };
import complaint from '../fixtures/ses/complaint.json' with { type: 'json' };

describe('SES events from EventBridge', () => {
  it('reads a permanent bounce: the hire, the email kind and the failed address', () => {
    expect(parseSesEvent(bounce)).toEqual({
      type: 'Bounce',
      messageId: '0106019a-0000-0000-0000-000000000000-000000',
      hireId: 'hr-E-3001',
      emailKind: 'invitation',
      recipients: ['bounce@simulator.amazonses.com'],
      permanent: true,
      reason: 'Permanent/General',
    });
  });
  it('reads a complaint as final', () => {
    expect(parseSesEvent(complaint)).toMatchObject({
      type: 'Complaint',
      hireId: 'hr-E-3002',
      emailKind: 'reminder',
      recipients: ['complaint@simulator.amazonses.com'],
      permanent: true,
      reason: 'Complaint/abuse',
    });
  });
  it('marks a transient bounce as not final', () => {
    const soft = structuredClone(bounce);
    soft.detail.bounce.bounceType = 'Transient';
    soft.detail.bounce.bounceSubType = 'MailboxFull';
    expect(parseSesEvent(soft)).toMatchObject({ permanent: false, reason: 'Transient/MailboxFull' });
  });
  it('refuses a record under the wrong detail-type (AWS names complaints "Email Complaint Received")', () => {
    expect(() => parseSesEvent({ ...complaint, 'detail-type': 'Email Complained' })).toThrow(SesEventError);
    expect(() => parseSesEvent({ ...bounce, 'detail-type': 'Email Complaint Received' })).toThrow(
      SesEventError,
    );
  });
  it('ignores other SES events and refuses other sources', () => {
    const delivery = {
      ...bounce,
      'detail-type': 'Email Delivered',
      detail: { ...bounce.detail, eventType: 'Delivery' },
    };
    expect(parseSesEvent(delivery)).toBeUndefined();
    expect(() => parseSesEvent({ ...bounce, source: 'aws.workspaces' })).toThrow(SesEventError);
  });
});

describe('the local cloud’s SES events for the mailbox simulator', () => {
  const sent = {
    messageId: 'local-1',
    from: 'Example Corp IT <workspaces@example.co.jp>',
    to: ['bounce@simulator.amazonses.com'],
    cc: [],
    bcc: [],
    configurationSet: 'onboarding',
    tags: { hireId: 'hr-E-3001', kind: 'invitation' },
  };
  const opts = { now: new Date('2026-12-03T06:00:04Z'), region: 'ap-northeast-1', accountId: '000000000000' };

  const byType = (events: ReturnType<typeof sesEventsFor>, type: string) =>
    events.filter((e) => e['detail-type'] === type);

  it('have the shape of AWS’s events, so the same parser reads them', () => {
    const events = sesEventsFor(sent, opts);
    expect(events.map((e) => e['detail-type'])).toEqual(['Email Sent', 'Email Bounced']);
    const [event] = byType(events, 'Email Bounced');
    expect(event).toMatchObject({ source: 'aws.ses', 'detail-type': 'Email Bounced' });
    expect(parseSesEvent(event)).toEqual({
      type: 'Bounce',
      messageId: 'local-1',
      hireId: 'hr-E-3001',
      emailKind: 'invitation',
      recipients: ['bounce@simulator.amazonses.com'],
      permanent: true,
      reason: 'Permanent/General',
    });
    const [complained] = byType(
      sesEventsFor({ ...sent, to: ['complaint+label@simulator.amazonses.com'] }, opts),
      'Email Complaint Received',
    );
    expect(parseSesEvent(complained)).toMatchObject({ type: 'Complaint' });
  });
  it('say every email was sent, with the ledger tag that closes its send-once entry', () => {
    const tagged = {
      ...sent,
      to: ['hanako@example.co.jp'],
      tags: { ...sent.tags, ledger: encodeLedgerTag('invitation#2') },
    };
    const [event, ...rest] = sesEventsFor(tagged, opts);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      source: 'aws.ses',
      'detail-type': 'Email Sent',
      detail: { eventType: 'Send', send: {} },
    });
    expect(parseSentEvent(event)).toEqual({
      messageId: 'local-1',
      hireId: 'hr-E-3001',
      ledgerKey: 'invitation#2',
    });
    expect(parseSesEvent(event)).toBeUndefined();
    // An email without our tags (not the mailer's) closes nothing.
    expect(parseSentEvent(sesEventsFor(sent, opts)[0])).toBeUndefined();
    expect(() => parseSentEvent({ ...event, 'detail-type': 'Email Bounced' })).toThrow(SesEventError);
  });
  it('carry the fields of AWS’s published records, like the fixtures do', () => {
    const [bounced] = byType(
      sesEventsFor({ ...sent, subject: 'WorkSpaces のご案内' }, opts),
      'Email Bounced',
    );
    const [complained] = byType(
      sesEventsFor({ ...sent, to: ['complaint@simulator.amazonses.com'] }, opts),
      'Email Complaint Received',
    );
    const keys = (o: unknown) => Object.keys(o as object).sort();
    expect(keys(bounced!.detail)).toEqual(keys(bounce.detail));
    expect(keys(bounced!.detail.bounce)).toEqual(keys(bounce.detail.bounce));
    expect(keys(bounced!.detail.mail)).toEqual(keys(bounce.detail.mail));
    expect(keys(complained!.detail.complaint)).toEqual(keys(complaint.detail.complaint));
    expect((bounced!.detail.mail as any).commonHeaders).toMatchObject({
      from: ['Example Corp IT <workspaces@example.co.jp>'],
      to: ['bounce@simulator.amazonses.com'],
      messageId: 'local-1',
      subject: 'WorkSpaces のご案内',
    });
  });
  it('match the emailEvents rule of serverless.yml, as the fixtures of AWS’s events do', () => {
    const spec = readServiceSpec(join(import.meta.dirname, '..', '..'), {
      stage: 'dev',
      region: 'ap-northeast-1',
      accountId: '000000000000',
    });
    const [rule] = spec.functions.find((f) => f.key === 'emailEvents')!.eventPatterns;
    const local = [
      ...sesEventsFor(sent, opts),
      ...sesEventsFor({ ...sent, to: ['complaint@simulator.amazonses.com'] }, opts),
    ];
    expect(local).toHaveLength(4);
    for (const event of [...local, bounce, complaint]) expect(matchesPattern(rule, event)).toBe(true);
  });
  it('are only "Email Sent" for other addresses, and none without a configuration set', () => {
    expect(
      sesEventsFor({ ...sent, to: ['success@simulator.amazonses.com'] }, opts).map((e) => e['detail-type']),
    ).toEqual(['Email Sent']);
    const { configurationSet: _, ...noSet } = sent;
    expect(sesEventsFor(noSet, opts)).toEqual([]);
  });
});
