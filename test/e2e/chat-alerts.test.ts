import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { trackingHelpers } from '../support/tracking';

/**
 * Admin alerts in a Slack channel, end to end: with `notifications.slack` configured, a hire who never signs
 * in is escalated, and the escalation is published once to the chat topic, as a custom notification of
 * Amazon Q Developer in chat applications, readable at GET /_local/chat; the email alert is unchanged.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const ADMINS = 'it-admins@example.co.jp';
const DAY_MS = 86_400_000;
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;
let dir: string;

interface ChatMessage {
  topicArn: string;
  valid: boolean;
  problems: string[];
  notification: {
    id: string;
    content: { title: string; description: string; nextSteps: string[]; keywords: string[] };
    metadata: { threadId: string; eventType: string };
  };
}

const chatMessages = async (): Promise<ChatMessage[]> =>
  ((await (await fetch(`${cloud.urls.http}/_local/chat`)).json()) as { messages: ChatMessage[] }).messages;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onboarding-chat-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'config/onboarding.json'), 'utf8'));
  const configFile = join(dir, 'onboarding.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      ...config,
      notifications: { slack: { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' } },
    }),
  );
  cloud = await startTestCloud({ configFile, provisioningDelayMs: 30_000 });
  t = trackingHelpers(cloud);
}, 120_000);
afterAll(async () => {
  t?.destroy();
  await cloud?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('admin alerts in chat', () => {
  it('an escalation publishes exactly one custom notification, in the admins’ language, beside the unchanged email', async () => {
    const [hireId] = (await t.inviteHires([
      {
        employeeId: 'E-CH-1',
        userName: 'chsilent',
        email: 'ch.silent@example.co.jp',
        timeZone: 'Asia/Tokyo',
      },
    ])) as [string];
    // Inviting publishes nothing: only admin alerts go to chat.
    expect(await chatMessages()).toEqual([]);

    const end = (await t.now()).getTime() + 10 * DAY_MS;
    while ((await t.stage(hireId)) !== 'ESCALATED' && (await t.now()).getTime() < end) {
      await cloud.advance('3h');
      await cloud.runSchedule('reminders');
    }
    expect(await t.stage(hireId)).toBe('ESCALATED');
    // A run again, and one more, as a retry or an overlapping run would: still one alert, one message.
    await cloud.runSchedule('reminders');
    await cloud.runSchedule('reminders');

    const email = await eventually(async () =>
      (await t.emailsTo(ADMINS)).find((m) => m.body.text?.includes('E-CH-1')),
    );
    const messages = await chatMessages();
    expect(messages).toHaveLength(1);
    const [message] = messages as [ChatMessage];
    expect(message.valid, message.problems.join('; ')).toBe(true);
    expect(message.topicArn).toMatch(/^arn:aws:sns:ap-northeast-1:\d{12}:onboarding-local-chat-alerts$/);
    const { notification } = message;
    expect(notification.id).toBe(`${hireId}#alert-escalated#1`);
    expect(notification.metadata).toMatchObject({ threadId: hireId, eventType: 'RemindersExhausted' });
    // The stage the hire was stuck in, as the email names it.
    expect(notification.content.keywords).toEqual(['RemindersExhausted', 'INVITED']);
    expect(email.body.text).toContain('INVITED');
    // The email's subject, less its brand, in the same (default) language; the same next step.
    expect(email.subject.endsWith(notification.content.title)).toBe(true);
    expect(notification.content.nextSteps[0]).toContain('`reinvite E-CH-1`');
    expect(email.body.text).toContain('reinvite E-CH-1');
    // The hire's address stays in the email.
    expect(JSON.stringify(notification)).not.toContain('ch.silent@example.co.jp');
    expect(await t.emailsTo(ADMINS)).toHaveLength(1);
  });
});
