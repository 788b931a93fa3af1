/**
 * The allowlist watch's email to the network team: which firewall rules to open and which to close, by
 * Region and port, each list of ranges in a block that copies as one range a line. Only its messages are
 * imported, so the watch's bundle carries nothing else.
 */

import type { ChatNotification } from '../../kernel/alerts/chat-notification';
import type { Block } from '../../kernel/email/blocks';
import { COMMON_MESSAGES, NETWORK_WATCH_MESSAGES, translator } from '../../kernel/email/catalog';
import { staffEmail } from '../../kernel/email/common';
import type { Run } from '../../kernel/email/format';
import { IP_RANGES_URL } from '../../kernel/email/links';
import type { EmailContext, RenderedEmail } from '../../kernel/email/types';
import type { WatchedRule } from '../changes';
import { compareCidrs } from '../ip-ranges';
import { PROTOCOL_NAME } from '../rules';

export interface AllowlistChangeData {
  regions: string[];
  protocols: ('PCOIP' | 'WSP')[];
  globalAccelerator: boolean;
  /** ip-ranges.json's createDate of the new ranges (`YYYY-MM-DD-hh-mm-ss`, UTC). */
  createDate: string;
  added: WatchedRule[];
  removed: WatchedRule[];
  /**
   * Present when this release updated the product's copy of the port page since the last run: its address,
   * the date it was read, and the date of the copy before (absent when the earlier release had none).
   */
  portPage?: { url: string; read: string; before?: string };
}

export async function renderAllowlistChangeEmail(
  ctx: EmailContext,
  data: AllowlistChangeData,
): Promise<RenderedEmail & { chat: Omit<ChatNotification, 'id'> }> {
  const t = await translator(
    [NETWORK_WATCH_MESSAGES, COMMON_MESSAGES],
    ctx.locale,
    ctx.defaultLocale,
    ctx.timeZone,
  );
  const protocols = data.protocols.map((p) => PROTOCOL_NAME[p]).join(', ');
  const args = {
    company: ctx.company.name,
    regions: data.regions.join(', '),
    protocols: data.globalAccelerator ? `${protocols}, Global Accelerator` : protocols,
    createDate: data.createDate || '?',
    added: data.added.length,
    removed: data.removed.length,
    ipRangesUrl: IP_RANGES_URL,
  };
  const subject = t.text('networkChange.subject', args);
  const preheader = t.text('networkChange.preheader', args);
  const p = (runs: Run[], small?: boolean): Block =>
    small ? { t: 'p', text: runs, small } : { t: 'p', text: runs };
  const section = (rules: WatchedRule[]): Block[] => {
    if (!rules.length) return [p(t.runs('networkChange.none'))];
    return groups(rules).flatMap((g) => [
      {
        t: 'h3' as const,
        text: t.runs('networkChange.group', {
          region: g.region,
          transports: g.transports,
          port: String(g.port),
          purpose: t.text(purposeKey(g.port)),
        }),
      },
      { t: 'code' as const, text: g.destinations.join('\n') },
    ]);
  };
  const blocks: Block[] = [
    p(t.runs('networkChange.greeting')),
    { t: 'h1', text: t.runs('networkChange.title') },
    p(t.runs('networkChange.intro', args)),
    ...(data.portPage
      ? [
          p(
            t.runs('networkChange.page', {
              pageUrl: data.portPage.url,
              pageRead: data.portPage.read,
              before: data.portPage.before ?? 'none',
            }),
          ),
        ]
      : []),
    { t: 'h2', text: t.runs('networkChange.added.title', { count: data.added.length }) },
    ...section(data.added),
    { t: 'h2', text: t.runs('networkChange.removed.title', { count: data.removed.length }) },
    ...section(data.removed),
    p(t.runs('networkChange.full')),
    { t: 'code', text: data.regions.map((r) => `npm run admin -- allowlist --region ${r}`).join('\n') },
    p(t.runs('networkChange.why', args), true),
  ];
  // In chat: the same title, the rules to open and close a line a group, the command for the full list.
  const code = (value: string) => `\`${value}\``;
  const lines = (rules: WatchedRule[]) =>
    rules.length === 0
      ? [t.text('networkChange.none')]
      : groups(rules).map((g) => {
          const shown = g.destinations.slice(0, CHAT_DESTINATIONS);
          const more = g.destinations.length - shown.length;
          const group = t.text('networkChange.group', {
            region: g.region,
            transports: g.transports,
            port: String(g.port),
            purpose: t.text(purposeKey(g.port)),
          });
          return `• ${group}: ${shown.map(code).join(', ')}${more > 0 ? ` (+${more})` : ''}`;
        });
  const chat: Omit<ChatNotification, 'id'> = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: subject,
      description: [
        t.text('networkChange.intro', args),
        '',
        `*${t.text('networkChange.added.title', { count: data.added.length })}*`,
        ...lines(data.added),
        '',
        `*${t.text('networkChange.removed.title', { count: data.removed.length })}*`,
        ...lines(data.removed),
      ].join('\n'),
      nextSteps: [
        `${t.text('networkChange.full')} ${data.regions.map((r) => code(`npm run admin -- allowlist --region ${r}`)).join(' ')}`,
      ],
      keywords: ['AllowlistChanged', ...data.regions],
    },
    metadata: { summary: preheader, eventType: 'AllowlistChanged' },
  };
  return { ...staffEmail(ctx, t, { subject, preheader, blocks }), chat };
}

/** Ranges shown per group in chat; the email lists every one. */
const CHAT_DESTINATIONS = 12;

function purposeKey(port: number) {
  if (port === 4172) return 'networkChange.purpose.PCOIP' as const;
  if (port === 4195) return 'networkChange.purpose.WSP' as const;
  return 'networkChange.purpose.https' as const;
}

interface Group {
  region: string;
  port: number;
  transports: string;
  destinations: string[];
}

/** Rules by Region and port, a range open on TCP and UDP once as "TCP/UDP", streaming before 443. */
function groups(rules: WatchedRule[]): Group[] {
  const transports = new Map<string, Set<string>>();
  for (const r of rules) {
    const key = `${r.region}\t${r.port}\t${r.destination}`;
    transports.set(key, (transports.get(key) ?? new Set()).add(r.protocol));
  }
  const byGroup = new Map<string, Group>();
  for (const [key, set] of transports) {
    const [region = '', port = '0', destination = ''] = key.split('\t');
    const label = [...set].sort().join('/');
    const groupKey = `${region}\t${port}\t${label}`;
    const group = byGroup.get(groupKey) ?? {
      region,
      port: Number(port),
      transports: label,
      destinations: [],
    };
    group.destinations.push(destination);
    byGroup.set(groupKey, group);
  }
  for (const g of byGroup.values()) g.destinations.sort(compareCidrs);
  const rank = (g: Group) => (g.port === 443 ? 1 : 0);
  return [...byGroup.values()].sort(
    (a, b) =>
      a.region.localeCompare(b.region) ||
      rank(a) - rank(b) ||
      a.port - b.port ||
      a.transports.localeCompare(b.transports),
  );
}
