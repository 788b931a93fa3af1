import type { MiddlewareObj } from '@middy/core';
import { createError } from '@middy/util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { bodyBytes, isJsonContentType, mediaType } from './responses';

/**
 * What a route accepts as its body, checked before the handler reads a byte of it: the media type (415)
 * first, then the size (413). The messages are the public contract's (README "The public contract").
 */
export interface BodyRule {
  /** `json`: application/json or any application/*+json; otherwise the exact media type. */
  type: 'json' | 'application/x-www-form-urlencoded' | 'text/csv';
  maxBytes: number;
  /** Only requests with these methods carry a body (a page's GET has none). Default: all. */
  methods?: readonly string[];
  /** An empty body is fine (a JSON action without options) and skips both checks. */
  optional?: boolean;
  /** The problem's `detail` for a wrong media type and for a body over `maxBytes`. */
  unsupported: string;
  tooLarge: string;
}

/** Every HR webhook route's body (Standard Webhooks and the vendor presets): JSON up to 64 KiB. */
export const WEBHOOK_MAX_BYTES = 64 * 1024;
export const WEBHOOK_BODY: BodyRule = {
  type: 'json',
  maxBytes: WEBHOOK_MAX_BYTES,
  unsupported: 'send Content-Type: application/json',
  tooLarge: `the body must be at most ${WEBHOOK_MAX_BYTES} bytes`,
};

function accepted(rule: BodyRule, event: APIGatewayProxyEventV2): boolean {
  if (rule.type === 'json') return isJsonContentType(mediaType(event));
  return mediaType(event) === rule.type;
}

export function httpBody(rule: BodyRule): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    name: 'httpBody',
    before({ event }) {
      const method = event.requestContext?.http?.method?.toUpperCase() ?? '';
      if (rule.methods && !rule.methods.includes(method)) return;
      const bytes = bodyBytes(event);
      if (rule.optional && bytes === 0) return;
      if (!accepted(rule, event)) throw createError(415, rule.unsupported);
      if (bytes > rule.maxBytes) throw createError(413, rule.tooLarge);
    },
  };
}
