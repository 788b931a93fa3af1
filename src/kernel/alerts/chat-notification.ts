/**
 * The custom notification format of Amazon Q Developer in chat applications (formerly AWS Chatbot): the
 * message an SNS topic carries to a Slack or Microsoft Teams channel. Its fields and the values the page
 * requires are in docs/aws-facts.md, "Chat notifications". One checker, used by the tests and by the local
 * cloud's SNS, so a message the product builds is held to the same rule everywhere.
 */
export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  /** Unique event identifier. */
  id?: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps?: string[];
    keywords?: string[];
  };
  metadata?: {
    threadId?: string;
    summary?: string;
    eventType?: string;
    relatedResources?: string[];
    additionalContext?: Record<string, string>;
  };
}

/** SNS's limit on a message: 256 KB, counted in UTF-8 bytes (262,144). */
export const SNS_MESSAGE_MAX_BYTES = 262_144;

const CONTENT_KEYS = ['textType', 'title', 'description', 'nextSteps', 'keywords'];
const METADATA_KEYS = ['threadId', 'summary', 'eventType', 'relatedResources', 'additionalContext'];
const TOP_KEYS = ['version', 'source', 'id', 'content', 'metadata'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with a published message as a custom notification; empty when it is one. The message is the
 * SNS Message text (JSON). `description` is required here although the part of the page that could be read
 * does not say so: a notification with nothing to say is a mistake of ours either way.
 */
export function chatNotificationProblems(message: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return ['is not JSON'];
  }
  if (!isObject(value)) return ['is not a JSON object'];
  const problems: string[] = [];
  const unknown = (obj: Record<string, unknown>, known: string[], at: string) => {
    for (const key of Object.keys(obj))
      if (!known.includes(key)) problems.push(`${at}${key} is not in the format`);
  };
  const optionalString = (obj: Record<string, unknown>, key: string, at: string) => {
    if (obj[key] !== undefined && typeof obj[key] !== 'string') problems.push(`${at}${key} must be a string`);
  };
  const stringList = (obj: Record<string, unknown>, key: string, at: string) => {
    const list = obj[key];
    if (list === undefined) return;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))
      problems.push(`${at}${key} must be a list of strings`);
  };
  unknown(value, TOP_KEYS, '');
  if (value.version !== '1.0') problems.push('version must be "1.0"');
  if (value.source !== 'custom') problems.push('source must be "custom"');
  optionalString(value, 'id', '');
  const content = value.content;
  if (!isObject(content)) {
    problems.push('content must be an object');
  } else {
    unknown(content, CONTENT_KEYS, 'content.');
    if (content.textType !== undefined && content.textType !== 'client-markdown')
      problems.push('content.textType must be "client-markdown", the only type supported');
    optionalString(content, 'title', 'content.');
    if (typeof content.description !== 'string' || content.description.trim() === '')
      problems.push('content.description must be a text');
    stringList(content, 'nextSteps', 'content.');
    stringList(content, 'keywords', 'content.');
  }
  const metadata = value.metadata;
  if (metadata !== undefined) {
    if (!isObject(metadata)) {
      problems.push('metadata must be an object');
    } else {
      unknown(metadata, METADATA_KEYS, 'metadata.');
      for (const key of ['threadId', 'summary', 'eventType']) optionalString(metadata, key, 'metadata.');
      stringList(metadata, 'relatedResources', 'metadata.');
      const context = metadata.additionalContext;
      if (
        context !== undefined &&
        (!isObject(context) || Object.values(context).some((item) => typeof item !== 'string'))
      )
        problems.push('metadata.additionalContext must map keys to strings');
    }
  }
  return problems;
}
