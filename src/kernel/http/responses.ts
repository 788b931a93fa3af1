import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldError } from '../errors';

/** HTTP status codes live here, in src/middleware and in the handlers only: the edge of the product. */
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The reason phrases of the statuses this product answers (RFC 9110), the `title` of a problem. */
export const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The security headers come from src/kernel/http/security-headers.ts; an API answer is never cached. */
const NO_STORE = { 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...NO_STORE, ...headers },
    body: JSON.stringify(body),
  };
}

/** RFC 9457 problem details; `errors` lists every invalid field so the sender fixes them in one go. */
export function problem(
  statusCode: number,
  title: string,
  detail?: string,
  extra: { errors?: FieldError[]; [key: string]: unknown } = {},
): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/problem+json', ...NO_STORE },
    body: JSON.stringify({
      type: 'about:blank',
      title,
      status: statusCode,
      ...(detail ? { detail } : {}),
      ...extra,
    }),
  };
}

/** The body exactly as the client sent it (API Gateway base64-encodes non-text content types). */
export function rawBody(event: APIGatewayProxyEventV2): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** The body's size in bytes as the client sent it, without decoding it. */
export function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  if (!event.isBase64Encoded) return Buffer.byteLength(event.body, 'utf8');
  const padding = event.body.endsWith('==') ? 2 : event.body.endsWith('=') ? 1 : 0;
  return Math.floor((event.body.length * 3) / 4) - padding;
}

/** `Content-Type` without its parameters, lower case: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(event: APIGatewayProxyEventV2): string {
  return (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()] ?? undefined;
}

export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
