/**
 * The public page GET /network/{region}: a Region's firewall allowlist for the new hire's IT or network
 * team, in their language. No scripts and no inline style attributes: one <style> element whose hash is in
 * the page's Content-Security-Policy. Only the network team's messages are imported.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../../kernel/email/blocks';
import {
  COMMON_MESSAGES,
  chooseLocale,
  NETWORK_WATCH_MESSAGES,
  translator,
} from '../../kernel/email/catalog';
import { contactItems } from '../../kernel/email/common';
import type { Run } from '../../kernel/email/format';
import { IP_RANGES_URL } from '../../kernel/email/links';
import type { EmailContext } from '../../kernel/email/types';
import { STREAMING_PORT } from '../../kernel/hire/streaming-ports';
import type { PagePolicy } from '../../kernel/http/security-headers';
import { compareCidrs } from '../ip-ranges';
import {
  type Allowlist,
  type AllowlistGap,
  type FirewallRule,
  PROTOCOL_NAME,
  type StreamingProtocol,
} from '../rules';

export type NetworkPageView =
  | { kind: 'allowlist'; list: Allowlist }
  | { kind: 'unknown-region'; region: string; known: string[] }
  | { kind: 'bad-protocol' };

const STATUS: Record<NetworkPageView['kind'], number> = {
  allowlist: 200,
  'unknown-region': 404,
  'bad-protocol': 400,
};

const CSS = `*{box-sizing:border-box}
body{margin:0;background:#f2f4f7;color:#1f2328;font:16px/1.6 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Hiragino Kaku Gothic ProN','Hiragino Sans',Meiryo,sans-serif}
main{max-width:760px;margin:24px auto;padding:0 12px}
.card{background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.brand{margin:0;padding:14px 20px;background:#0b5cab;color:#fff;font-weight:700;overflow-wrap:anywhere}
.body{padding:20px}
h1{margin:0 0 12px;font-size:22px;line-height:1.3;overflow-wrap:anywhere}
h2{margin:24px 0 8px;font-size:18px;line-height:1.3}
pre{margin:0 0 12px;padding:10px 12px;max-height:360px;overflow:auto;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
ul{padding-left:20px}
.host{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.gaps{padding:12px 16px;background:#fff8e6;border-left:4px solid #bf8700;border-radius:4px}
.note{font-size:13px;color:#57606a;overflow-wrap:anywhere}
a{color:#0b5cab;overflow-wrap:anywhere}`;

const CSS_SHA256 = createHash('sha256').update(CSS).digest('base64');

/** What the page may do (its Content-Security-Policy): nothing but its own style element. */
export const NETWORK_PAGE_POLICY: PagePolicy = { styleSha256: CSS_SHA256, formAction: "'none'" };

/**
 * The reader's language among `locales` (the company's): `?lang=` when it names one, else the first of
 * Accept-Language (by its q-values) that does, else the company's default.
 */
export function networkPageLocale(
  lang: string | undefined,
  acceptLanguage: string | undefined,
  locales: readonly string[],
  defaultLocale: string,
): string {
  const none = '';
  if (lang && chooseLocale(lang, locales, none)) return chooseLocale(lang, locales, none);
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((w) => w.tag && w.tag !== '*' && w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) {
    const hit = chooseLocale(w.tag, locales, none);
    if (hit) return hit;
  }
  return defaultLocale;
}

const GAP_KEY: Record<
  AllowlistGap,
  'networkPage.gap.healthCheck' | 'networkPage.gap.dcvGateways' | 'networkPage.gap.dcvDomain'
> = {
  'health-check': 'networkPage.gap.healthCheck',
  'dcv-gateways': 'networkPage.gap.dcvGateways',
  'dcv-domain': 'networkPage.gap.dcvDomain',
};

export async function renderNetworkPage(
  ctx: EmailContext,
  view: NetworkPageView,
): Promise<{ status: number; html: string }> {
  const t = await translator(
    [NETWORK_WATCH_MESSAGES, COMMON_MESSAGES],
    ctx.locale,
    ctx.defaultLocale,
    ctx.timeZone,
  );
  const company = ctx.company.name;
  const runsHtml = (runs: Run[]) =>
    runs
      .map((r) =>
        r.arg === 'pageUrl' || r.arg === 'ipRangesUrl'
          ? `<a href="${escapeHtml(r.text)}">${escapeHtml(r.text)}</a>`
          : escapeHtml(r.text),
      )
      .join('');
  const para = (runs: Run[], cls?: string) => `<p${cls ? ` class="${cls}"` : ''}>${runsHtml(runs)}</p>`;
  const ranges = (rules: FirewallRule[]) => {
    const cidrs = [...new Set(rules.map((r) => r.destination))].sort(compareCidrs);
    return { count: cidrs.length, html: `<pre>${escapeHtml(cidrs.join('\n'))}</pre>` };
  };
  const hosts = (names: string[]) =>
    names.length
      ? para(t.runs('networkPage.hosts')) +
        `<ul>${[...new Set(names)].map((h) => `<li class="host">${escapeHtml(h)}</li>`).join('')}</ul>`
      : '';

  let heading: string;
  let body: string;
  switch (view.kind) {
    case 'allowlist': {
      const { list } = view;
      heading = t.text('networkPage.title', { region: list.region });
      const protocols = list.protocols.map((p) => PROTOCOL_NAME[p]).join(', ');
      body = para(
        t.runs('networkPage.intro', {
          company,
          region: list.region,
          protocols: list.globalAccelerator ? `${protocols}, Global Accelerator` : protocols,
          createDate: list.createDate || '?',
        }),
      );
      for (const protocol of list.protocols as StreamingProtocol[]) {
        const port = STREAMING_PORT[protocol];
        const r = ranges(list.rules.filter((rule) => rule.port === port));
        body +=
          `<h2>${escapeHtml(t.text('networkPage.streaming.title', { port: String(port), protocol: PROTOCOL_NAME[protocol], count: r.count }))}</h2>` +
          para(t.runs('networkPage.streaming.body')) +
          r.html +
          hosts(list.domains.filter((d) => d.port === port).map((d) => d.domain));
      }
      const https = ranges(list.rules.filter((rule) => rule.port === 443));
      body +=
        `<h2>${escapeHtml(t.text('networkPage.https.title', { count: https.count }))}</h2>` +
        para(t.runs('networkPage.https.body')) +
        https.html +
        hosts(list.domains.filter((d) => d.port === 443).map((d) => d.domain)) +
        para(t.runs('networkPage.dns'));
      if (list.gaps.length) {
        body +=
          `<h2>${escapeHtml(t.text('networkPage.gaps.title'))}</h2><div class="gaps">` +
          list.gaps.map((g) => para(t.runs(GAP_KEY[g], { region: list.region }))).join('') +
          '</div>';
      }
      body += para(
        t.runs('networkPage.sources', {
          company,
          pageUrl: list.page.url,
          pageRead: list.page.read ?? 'none',
          ipRangesUrl: IP_RANGES_URL,
        }),
        'note',
      );
      break;
    }
    case 'unknown-region':
      heading = t.text('networkPage.notFound.title', { region: view.region });
      body = para(t.runs('networkPage.notFound.body', { region: view.region, known: view.known.join(', ') }));
      break;
    case 'bad-protocol':
      heading = t.text('networkPage.badProtocol.title');
      body = para(t.runs('networkPage.badProtocol.body'));
      break;
  }
  body +=
    para(t.runs('networkPage.contact', { company })) +
    `<ul>${contactItems(t, ctx)
      .map((item) => `<li>${item.map((r) => escapeHtml(r.text)).join('')}</li>`)
      .join('')}</ul>`;

  const html =
    `<!DOCTYPE html>\n<html lang="${escapeHtml(t.locale)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="robots" content="noindex, nofollow">\n<meta name="referrer" content="no-referrer">\n` +
    `<title>${escapeHtml(`${t.text('networkPage.pageTitle')} | ${company}`)}</title>\n<style>${CSS}</style>\n</head>\n` +
    `<body>\n<main><div class="card"><p class="brand">${escapeHtml(company)}</p><div class="body">\n` +
    `<h1>${escapeHtml(heading)}</h1>\n${body}\n</div></div></main>\n</body>\n</html>\n`;
  return { status: STATUS[view.kind], html };
}
