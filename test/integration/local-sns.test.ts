/**
 * The local SNS with the real SDK clients: the product's chat adapter publishes through it, and it refuses
 * what SNS refuses, with the codes and statuses of SNS's model, so a wrong call fails here first.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatView, type LocalSns, startSns } from '../../local/sns';
import { createSnsChat } from '../../src/kernel/adapters/sns-chat';
import type { ChatNotification } from '../../src/kernel/alerts/chat-notification';
import { ChatPublishError } from '../../src/kernel/errors';

const REGION = 'ap-northeast-1';
const TOPIC = `arn:aws:sns:${REGION}:000000000000:onboarding-local-chat-alerts`;
let sns: LocalSns;
let client: SNSClient;

const notification: ChatNotification = {
  version: '1.0',
  source: 'custom',
  id: 'hr-E-1#alert-escalated#1',
  content: {
    textType: 'client-markdown',
    title: 'Employee E-1 needs a call',
    description: 'All reminders were sent.',
    nextSteps: ['`reinvite E-1`'],
    keywords: ['RemindersExhausted', 'ESCALATED'],
  },
  metadata: { threadId: 'hr-E-1', eventType: 'RemindersExhausted' },
};

beforeAll(async () => {
  sns = await startSns({
    host: '127.0.0.1',
    port: 0,
    region: REGION,
    topicArns: [TOPIC],
    now: () => new Date('2027-03-25T00:00:00Z'),
  });
  client = new SNSClient({
    region: REGION,
    endpoint: sns.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await sns?.close();
});

const refusal = (input: Record<string, unknown>) =>
  client.send(new PublishCommand(input as never)).then(
    () => undefined,
    (err: Error & { $metadata?: { httpStatusCode?: number } }) => ({
      name: err.name,
      status: err.$metadata?.httpStatusCode,
      message: err.message,
    }),
  );

describe('the local SNS', () => {
  it('keeps what the chat adapter publishes, one message, read back as a valid custom notification', async () => {
    const before = sns.published().length;
    await createSnsChat({ topicArn: TOPIC, client }).publish(notification);
    const kept = sns.published().slice(before);
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0]!.message)).toEqual(notification);
    const [view] = chatView(kept);
    expect(view).toMatchObject({ valid: true, problems: [], topicArn: TOPIC, notification });
  });

  it('answers Publish with a message id, as SNS does', async () => {
    const out = await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'hello' }));
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    // Kept, and reported as not a chat notification, saying why.
    const last = chatView(sns.published()).at(-1)!;
    expect(last).toMatchObject({ valid: false, problems: ['is not JSON'] });
  });

  it('refuses a topic that does not exist: NotFound, 404', async () => {
    expect(await refusal({ TopicArn: `${TOPIC}-typo`, Message: 'x' })).toMatchObject({
      name: 'NotFoundException',
      status: 404,
    });
  });

  it('refuses a missing or empty message, a message over 256 KB and a missing target: InvalidParameter, 400', async () => {
    for (const input of [
      { TopicArn: TOPIC },
      { TopicArn: TOPIC, Message: '' },
      { TopicArn: TOPIC, Message: 'あ'.repeat(87_382) }, // 262,146 bytes of UTF-8 in 87,382 characters
      { Message: 'x' },
      { TopicArn: 'onboarding-local-chat-alerts', Message: 'x' },
      { TopicArn: TOPIC, Message: 'x', Subject: 'line\nbreak' },
    ]) {
      expect(await refusal(input), JSON.stringify(input).slice(0, 80)).toMatchObject({
        name: 'InvalidParameterException',
        status: 400,
      });
    }
    // 262,144 bytes exactly is still a message.
    await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'x'.repeat(262_144) }));
  });

  it('the adapter turns a refusal into ChatPublishError naming SNS’s error, never the message', async () => {
    const chat = createSnsChat({ topicArn: `${TOPIC}-gone`, client });
    const err = await chat.publish(notification).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatPublishError);
    expect((err as Error).message).toBe('SNS did not publish the chat alert: NotFoundException');
  });

  it('answers boto3 (what the AWS CLI speaks) the same way', async (ctx) => {
    const script = `
import boto3, sys
c = boto3.client('sns', region_name='${REGION}', endpoint_url=sys.argv[1], aws_access_key_id='l', aws_secret_access_key='l')
print(c.publish(TopicArn='${TOPIC}', Message='{"version":"1.0"}')['MessageId'])
try:
    c.publish(TopicArn='${TOPIC}-none', Message='x')
except c.exceptions.NotFoundException as e:
    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])
`;
    let out: string;
    try {
      // Not execFileSync: the local SNS answers from this process's event loop.
      out = (await promisify(execFile)('python3', ['-c', script, sns.url])).stdout;
    } catch (err) {
      const text = String((err as { stderr?: Buffer }).stderr ?? err);
      if (/No module named 'boto3'|ENOENT/.test(text)) return ctx.skip('python3 with boto3 is not installed');
      throw err;
    }
    const [messageId, refused] = out.trim().split('\n');
    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused).toBe('NotFound 404');
  });
});
