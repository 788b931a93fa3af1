import { createHmac } from 'node:crypto';
import type { HrPreset } from '../src/kernel/config/config';
import { localClockSeconds } from './webhook-client';

/**
 * Posts an HR event the way the vendor does: its body shape, its headers, its signature (README "The HR
 * adapters locally"). Used by `npm run hire -- --source <name>` and the tests. `sign` can be turned off
 * or given another secret (a bad signature); `timestampSeconds` moves the vendor's timestamp (a stale one).
 */
export interface LocalHrSource {
  name: string;
  preset: HrPreset;
  secret: string;
  url: string;
}

export interface VendorDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function vendorDelivery(
  source: LocalHrSource,
  opts: {
    event: string;
    employeeId: string;
    /** SmartHR sends the crew itself. */
    person?: Record<string, unknown>;
    timestampSeconds: number;
    secret?: string;
  },
): VendorDelivery {
  const secret = opts.secret ?? source.secret;
  const at = new Date(opts.timestampSeconds * 1000).toISOString();
  const json = { 'content-type': 'application/json' };
  switch (source.preset) {
    case 'hibob': {
      const body = JSON.stringify({
        companyId: 601234,
        type: opts.event,
        triggeredBy: 'system',
        triggeredAt: at,
        version: 'v2',
        data: { employeeId: opts.employeeId },
      });
      const signature = createHmac('sha512', secret).update(body).digest('base64');
      return { url: source.url, headers: { ...json, 'bob-signature': signature }, body };
    }
    case 'bamboohr': {
      const body = JSON.stringify({
        type: opts.event,
        timestamp: at,
        data: { companyId: 1, employeeId: opts.employeeId },
      });
      const timestamp = String(opts.timestampSeconds);
      const signature = createHmac('sha256', secret).update(body).update(timestamp).digest('hex');
      return {
        url: source.url,
        headers: { ...json, 'x-bamboohr-timestamp': timestamp, 'x-bamboohr-signature': signature },
        body,
      };
    }
    case 'smarthr': {
      const body = JSON.stringify({ event: opts.event, crew: opts.person ?? { id: opts.employeeId } });
      return { url: source.url, headers: { ...json, 'x-smarthr-token': secret }, body };
    }
    case 'personio': {
      const body = JSON.stringify({
        company_id: '123456',
        event_name: opts.event,
        occurred_at: at,
        payload: { person_id: opts.employeeId },
        meta: {},
      });
      return { url: `${source.url}?token=${encodeURIComponent(secret)}`, headers: json, body };
    }
  }
}

export async function send(delivery: VendorDelivery): Promise<{ status: number; body: any }> {
  const res = await fetch(delivery.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, body };
}

/** The event each preset sends for a new hire, a change and a withdrawn hire. */
export const VENDOR_EVENTS: Record<HrPreset, { hire: string; update: string; cancel: string }> = {
  hibob: { hire: 'employee.joined', update: 'employee.updated', cancel: 'employee.deleted' },
  bamboohr: { hire: 'employee.created', update: 'employee.updated', cancel: 'employee.deleted' },
  smarthr: { hire: 'crew_created', update: 'crew_updated', cancel: 'crew_deleted' },
  personio: { hire: 'employment.started', update: 'employment.updated', cancel: 'employment.deleted' },
};

export async function postVendorEvent(
  baseUrl: string,
  source: LocalHrSource,
  opts: { event: string; employeeId: string; person?: Record<string, unknown>; secret?: string },
) {
  const timestampSeconds = await localClockSeconds(baseUrl);
  return send(vendorDelivery(source, { ...opts, timestampSeconds }));
}
