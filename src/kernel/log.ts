import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type {
  ConstructorOptions,
  LogAttributes,
  UnformattedAttributes,
} from '@aws-lambda-powertools/logger/types';

/**
 * Structured JSON logs, one line each, through Powertools for AWS Lambda's Logger (the middy chain adds the
 * function name, request id and cold start: src/kernel/http/observability.ts). Personal data never goes in:
 * fields whose names suggest it are replaced, so a careless `log.info('x', { email })` cannot leak an
 * address into CloudWatch. The rule applies to every key a line carries besides Powertools' own, also to
 * keys appended to the logger, and at any depth of a nested object, because it lives in the formatter.
 */
const PERSONAL =
  /^(email|e-?mail.*|.*email|givenName|familyName|name|fullName|userName|password|confirm|newPassword|token|taskToken|phone|body)$/i;

/** The service name of every line and every metric (serverless.yml sets POWERTOOLS_SERVICE_NAME). */
export const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME || 'onboarding';

export type LogFields = Record<string, unknown>;

/**
 * The fields with every personal key replaced, at any depth: `{ detail: { email } }` and arrays of such
 * objects are redacted too, errors become their name, message and causes. Deeper than MAX_DEPTH, or seen
 * before on the way down (a cycle), a value is written as a marker instead of walked.
 */
export function redact(fields: LogFields): LogFields {
  return redactObject(fields, 0, new WeakSet());
}

const MAX_DEPTH = 8;

function redactObject(fields: object, depth: number, seen: WeakSet<object>): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = PERSONAL.test(key) ? '[redacted]' : redactValue(value, depth + 1, seen);
  }
  return out;
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value instanceof Error) return describeError(value);
  if (DESCRIBED.has(value as object)) return value;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    return Array.isArray(value)
      ? value.map((item) => redactValue(item, depth + 1, seen))
      : redactObject(value, depth, seen);
  } finally {
    seen.delete(value);
  }
}

// What describeError made: written as it is (its `name` is the error's, not a person's).
const DESCRIBED = new WeakSet<object>();

/** Name, message and the chain of causes; never the request payloads an SDK error may carry. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const described: Record<string, unknown> = { name: err.name, message: err.message };
  if (err.cause !== undefined) described.cause = describeError(err.cause);
  DESCRIBED.add(described);
  return described;
}

/** Powertools' standard keys, then the caller's fields with the redaction rule applied. */
class RedactingFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(redact(additional) as LogAttributes);
  }
}

const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']);
let current: { logger: Logger; level: string } | undefined;

/**
 * The Powertools logger, at the level LOG_LEVEL (or POWERTOOLS_LOG_LEVEL) names now. Made again when that
 * changes: the local cloud sets its environment after a test may have loaded this module (one process runs
 * every function there). On Lambda the environment is fixed, so this is one logger per container.
 */
export function logger(): Logger {
  const named = (process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL || 'INFO').toUpperCase();
  const level = LEVELS.has(named) ? named : 'INFO';
  if (current?.level !== level) {
    current = {
      level,
      logger: new Logger({
        serviceName: SERVICE_NAME,
        logLevel: level as ConstructorOptions['logLevel'],
        logFormatter: new RedactingFormatter(),
      }),
    };
  }
  return current.logger;
}

export const log = {
  debug: (msg: string, fields: LogFields = {}) => logger().debug(msg, fields as LogAttributes),
  info: (msg: string, fields: LogFields = {}) => logger().info(msg, fields as LogAttributes),
  warn: (msg: string, fields: LogFields = {}) => logger().warn(msg, fields as LogAttributes),
  error: (msg: string, fields: LogFields = {}) => logger().error(msg, fields as LogAttributes),
};
