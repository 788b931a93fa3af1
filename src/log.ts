/**
 * Structured JSON logs, one line each. Personal data never goes in: fields whose names suggest it are
 * replaced, so a careless `log.info('x', { email })` cannot leak an address into CloudWatch.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const PERSONAL =
  /^(email|e-?mail.*|.*email|givenName|familyName|name|fullName|userName|password|confirm|newPassword|token|taskToken|phone|body)$/i;

export type LogFields = Record<string, unknown>;

function threshold(): number {
  return ORDER[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? ORDER.info;
}

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (PERSONAL.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = describeError(value);
    else out[key] = value;
  }
  return out;
}

/** Name, message and the chain of causes; never the request payloads an SDK error may carry. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const described: Record<string, unknown> = { name: err.name, message: err.message };
  if (err.cause !== undefined) described.cause = describeError(err.cause);
  return described;
}

function write(level: Level, msg: string, fields: LogFields = {}): void {
  if (ORDER[level] < threshold()) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...redact(fields) });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const log = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};
