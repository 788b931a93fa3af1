/**
 * Admin alerts in chat: every alert, in both languages, is a custom notification of Amazon Q Developer in
 * chat applications; one alert publishes once however often its run is retried; a chat that fails never
 * costs the email.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AlertData, KNOWN_ALERTS, renderAlertEmail } from '../../local/emails';
import type { AlertKind } from '../../src/kernel/alerts/alert-email';
import { type ChatNotification, chatNotificationProblems } from '../../src/kernel/alerts/chat-notification';
import type { ChatNotifier } from '../../src/kernel/alerts/chat-notifier';
import { parseConfig } from '../../src/kernel/config/schema';
import { recordFailure } from '../../src/provisioning/record-failure';
import { alerts, alertWithEveryFact, contexts } from '../fixtures/email/samples';
import { appWorld, sampleHire } from '../support/fakes';
import { captureLines } from '../support/lambda';

const KINDS: AlertKind[] = ['alert-failed', 'alert-bounced', 'alert-escalated', 'alert-waiting', 'alert-hr'];

const alertOf = (what: string): AlertData => ({
  ...alertWithEveryFact(what),
  detail: 'WorkSpaces said: `ERROR` ```x```',
});

function chatRecorder(fail = false) {
  const published: ChatNotification[] = [];
  const chat: ChatNotifier = {
    async publish(notification) {
      if (fail) {
        const err = new Error('SNS did not publish the chat alert: AuthorizationErrorException');
        err.name = 'ChatPublishError';
        throw err;
      }
      published.push(notification);
    },
  };
  return { chat, published };
}

describe('the chat notification of an alert', () => {
  it.each(['en', 'ja'] as const)(
    '%s: every alert, known or not, is a valid custom notification',
    async (locale) => {
      for (const kind of KINDS) {
        for (const what of [...KNOWN_ALERTS, 'States.Timeout']) {
          const { chat } = await renderAlertEmail(kind, contexts[locale], alertOf(what));
          const message = JSON.stringify({ ...chat, id: 'hr-E1#alert-failed#1' });
          expect(chatNotificationProblems(message), `${kind} ${what}`).toEqual([]);
          expect(chat.content.keywords).toEqual([what, 'FAILED']);
          expect(chat.metadata).toMatchObject({ threadId: 'hr-E1', eventType: what });
          // The command that resolves it, as a code span; the detail's own fence cannot end the block.
          expect(chat.content.nextSteps!.join('\n')).toMatch(
            /`(reinvite|status|adopt|aws workspaces) [^`]+`/,
          );
          expect(chat.content.description).toContain("WorkSpaces said: `ERROR` '''x'''");
        }
      }
    },
  );

  it('speaks the admins’ language, from the same messages as the email', async () => {
    const ja = await renderAlertEmail('alert-escalated', contexts.ja, alerts.RemindersExhausted!.data);
    const en = await renderAlertEmail('alert-escalated', contexts.en, alerts.RemindersExhausted!.data);
    expect(ja.chat.content.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(en.chat.content.title).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    // The email's subject is the chat's title with the company's brand before it.
    expect(en.subject.endsWith(en.chat.content.title)).toBe(true);
    expect(ja.subject.endsWith(ja.chat.content.title)).toBe(true);
    expect(en.chat.content.nextSteps![0]).toContain('Call the person.');
  });

  it('names no address or user name the alert texts do not already name', async () => {
    const { chat } = await renderAlertEmail('alert-failed', contexts.en, alertOf('WorkspaceError'));
    const all = JSON.stringify(chat);
    expect(all).not.toContain('a@example.com');
    expect(all).not.toContain('auser');
    expect(chat.metadata?.additionalContext).toEqual({ employeeId: 'E1', hireId: 'hr-E1', stage: 'FAILED' });
  });

  it('cuts a long reported cause to an excerpt: the email has all of it', async () => {
    const { chat, text } = await renderAlertEmail('alert-failed', contexts.en, {
      ...alertOf('WorkspaceError'),
      detail: 'x'.repeat(5_000),
    });
    expect(text).toContain('x'.repeat(5_000));
    expect(chat.content.description.length).toBeLessThan(2_000);
    expect(chat.content.description).toContain('…');
  });
});

describe('the format check', () => {
  const good = {
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title: 't', description: 'd', nextSteps: ['a'], keywords: ['k'] },
    metadata: { threadId: 'x', additionalContext: { a: 'b' }, relatedResources: ['ws-1'] },
  };
  const problems = (value: unknown) => chatNotificationProblems(JSON.stringify(value));

  it('accepts the page’s shape and names each thing that breaks it', () => {
    expect(problems(good)).toEqual([]);
    expect(problems({ ...good, version: '2.0' })).toEqual(['version must be "1.0"']);
    expect(problems({ ...good, source: 'aws.workspaces' })).toEqual(['source must be "custom"']);
    expect(problems({ ...good, content: { ...good.content, textType: 'markdown' } })).toEqual([
      'content.textType must be "client-markdown", the only type supported',
    ]);
    expect(problems({ ...good, content: { ...good.content, description: '' } })).toEqual([
      'content.description must be a text',
    ]);
    expect(problems({ ...good, content: { ...good.content, keywords: [1] } })).toEqual([
      'content.keywords must be a list of strings',
    ]);
    expect(problems({ ...good, metadata: { additionalContext: { a: 1 } } })).toEqual([
      'metadata.additionalContext must map keys to strings',
    ]);
    expect(problems({ ...good, content: { ...good.content, body: 'x' } })).toEqual([
      'content.body is not in the format',
    ]);
    expect(chatNotificationProblems('Onboarding stopped')).toEqual(['is not JSON']);
  });
});

describe('publishing an alert to chat', () => {
  function failedHire(chat: ChatNotifier) {
    const w = appWorld();
    w.stores.seed(sampleHire({ stage: 'PROVISIONING' }));
    return { ...w, deps: { ...w.deps, chat } };
  }
  const failure = { hireId: 'hr-E-1', error: 'WorkspaceError', cause: 'the bundle does not exist' };

  it('one alert, one message: a retried RecordFailure emails and publishes once', async () => {
    const { chat, published } = chatRecorder();
    const w = failedHire(chat);
    expect(await recordFailure(w.deps, failure)).toEqual({ alerted: true });
    expect(await recordFailure(w.deps, failure)).toEqual({ alerted: false });
    expect(w.ses.sent).toHaveLength(1);
    expect(published).toHaveLength(1);
    expect(published[0]!.id).toBe('hr-E-1#alert-failed#1');
    expect(chatNotificationProblems(JSON.stringify(published[0]))).toEqual([]);
  });

  it('without a chat channel configured, alerts are email only', async () => {
    const w = appWorld();
    w.stores.seed(sampleHire({ stage: 'PROVISIONING' }));
    expect(await recordFailure(w.deps, failure)).toEqual({ alerted: true });
    expect(w.ses.sent).toHaveLength(1);
  });

  it('a chat that fails keeps the email, and is logged with ids and the error only', async () => {
    const { chat } = chatRecorder(true);
    const w = failedHire(chat);
    const { result, lines, stderr } = await captureLines(() => recordFailure(w.deps, failure));
    expect(result).toEqual({ alerted: true });
    expect(w.ses.sent).toHaveLength(1);
    const logged = [...lines, ...stderr].find(
      (l) => l.message === 'chat alert not published; the email went out',
    );
    expect(logged).toMatchObject({
      level: 'WARN',
      hireId: 'hr-E-1',
      ledgerKey: 'alert-failed#1',
      error: { name: 'ChatPublishError' },
    });
    expect(JSON.stringify(logged)).not.toContain('hanako');
    // Not published, not sent again: a retry finds the email sent and stays quiet.
    expect(await recordFailure(w.deps, failure)).toEqual({ alerted: false });
    expect(w.ses.sent).toHaveLength(1);
  });
});

describe('notifications in the configuration', () => {
  const SAMPLE = JSON.parse(readFileSync(join(import.meta.dirname, '../../config/onboarding.json'), 'utf8'));
  const sample = (notifications: unknown) => parseConfig({ ...SAMPLE, notifications });

  it('takes a Slack and a Teams channel with the ids CloudFormation accepts', () => {
    const teams = {
      teamId: '0a1b2c3d-4e5f-1a2b-3c4d-0a1b2c3d4e5f',
      channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
      tenantId: '1a2b3c4d-5e6f-1a2b-3c4d-1a2b3c4d5e6f',
    };
    expect(
      sample({ slack: { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' }, teams }).notifications,
    ).toEqual({ slack: { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' }, teams });
    expect(sample(undefined).notifications).toEqual({});
  });

  it('refuses an id the channel configuration would refuse, naming the field', () => {
    expect(() => sample({ slack: { workspaceId: 't07ea123lep', channelId: 'C07EZ1ABC23' } })).toThrow(
      /notifications\.slack\.workspaceId: must be the Slack workspace ID/,
    );
    expect(() =>
      sample({ teams: { teamId: 'team', channelId: '19:abc@thread.tacv2', tenantId: 'x' } }),
    ).toThrow(
      /notifications\.teams\.teamId[\s\S]*notifications\.teams\.channelId[\s\S]*notifications\.teams\.tenantId/,
    );
    expect(() => sample({ slack: { workspaceId: 'T1', channelId: 'C1' }, discord: {} })).toThrow(
      /notifications\.discord/,
    );
  });
});
