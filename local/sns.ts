import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { chatNotificationProblems, SNS_MESSAGE_MAX_BYTES } from '../src/kernel/alerts/chat-notification';
import { BodyTooLarge, listen, readBody } from './http';

/**
 * SNS for the local cloud: `Publish` to the topics serverless.yml declares, in SNS's query protocol (a form
 * body with Action and Version, an XML answer), refusing what SNS refuses with the error codes and HTTP
 * statuses of the botocore model (`InvalidParameter` 400, `NotFound` 404). Nothing is delivered anywhere:
 * each accepted message is kept, and `published()` gives them with whether each is a chat custom
 * notification (the local cloud serves them at GET /_local/chat). Kept in memory only, even with --data.
 */
export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  publishedAt: string;
  subject?: string;
  message: string;
}

export interface LocalSns {
  url: string;
  published(): PublishedMessage[];
  close(): Promise<void>;
}

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

class SnsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new SnsError(400, 'InvalidParameter', message);

export async function startSns(opts: {
  host: string;
  port: number;
  region: string;
  /** The ARNs of the topics that exist (serverless.yml's AWS::SNS::Topic resources). */
  topicArns: string[];
  now: () => Date;
}): Promise<LocalSns> {
  const topics = new Set(opts.topicArns);
  const kept: PublishedMessage[] = [];

  const publish = (form: URLSearchParams): string => {
    const topicArn = form.get('TopicArn');
    if (!topicArn) {
      if (form.get('TargetArn') || form.get('PhoneNumber'))
        throw invalid('Invalid parameter: the local SNS publishes to topics only (TopicArn)');
      throw invalid('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
    }
    const arn = TOPIC_ARN.exec(topicArn);
    if (!arn) throw invalid('Invalid parameter: TopicArn');
    if (arn[1] !== opts.region) throw invalid(`Invalid parameter: TopicArn: not in ${opts.region}`);
    if (!topics.has(topicArn)) throw new SnsError(404, 'NotFound', 'Topic does not exist');
    const message = form.get('Message');
    if (message === null || message === '') throw invalid('Invalid parameter: Empty message');
    if (Buffer.byteLength(message, 'utf8') > SNS_MESSAGE_MAX_BYTES)
      throw invalid('Invalid parameter: Message too long');
    const subject = form.get('Subject') ?? undefined;
    if (
      subject !== undefined &&
      (subject.length >= 100 || [...subject].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127))
    )
      throw invalid('Invalid parameter: Subject');
    if (form.get('MessageStructure') === 'json') {
      const parsed = parseJson(message);
      if (typeof parsed?.default !== 'string')
        throw invalid('Invalid parameter: Message Structure - No default entry in JSON message body');
    }
    const messageId = randomUUID();
    kept.push({
      messageId,
      topicArn,
      publishedAt: opts.now().toISOString(),
      ...(subject !== undefined ? { subject } : {}),
      message,
    });
    return messageId;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    try {
      if (req.method !== 'POST') throw new SnsError(400, 'InvalidAction', 'only POST is served');
      // A form-encoded message of 256 KB takes up to three times as many bytes.
      const form = new URLSearchParams((await readBody(req, 4 * SNS_MESSAGE_MAX_BYTES)).toString('utf8'));
      const action = form.get('Action');
      if (action !== 'Publish')
        throw new SnsError(400, 'InvalidAction', `The action ${action ?? '(none)'} is not served locally`);
      const messageId = publish(form);
      sendXml(
        res,
        200,
        `<PublishResponse xmlns="${NS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
        requestId,
      );
    } catch (err) {
      const error =
        err instanceof SnsError
          ? err
          : err instanceof BodyTooLarge
            ? invalid('Invalid parameter: Message too long')
            : new SnsError(500, 'InternalError', String(err));
      sendXml(
        res,
        error.status,
        `<ErrorResponse xmlns="${NS}"><Error><Type>${error.status < 500 ? 'Sender' : 'Receiver'}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        requestId,
      );
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  const url = await listen(server, opts.host, opts.port);
  return {
    url,
    published: () => [...kept],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Each published message with whether it is a chat custom notification, and why not. */
export function chatView(messages: PublishedMessage[]) {
  return messages.map((m) => {
    const problems = chatNotificationProblems(m.message);
    return {
      messageId: m.messageId,
      topicArn: m.topicArn,
      publishedAt: m.publishedAt,
      valid: problems.length === 0,
      problems,
      notification: parseJson(m.message) ?? m.message,
    };
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sendXml(res: ServerResponse, status: number, body: string, requestId: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
