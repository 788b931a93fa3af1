/**
 * Emails are built once as a list of blocks and rendered twice, to HTML and to plain text, so both parts
 * always say the same thing. The HTML is what mail clients handle well: tables, inline styles, a 600 px
 * column that shrinks on phones, no scripts, no images, no external resources.
 * Every piece of text passes through escapeHtml; only this module writes markup.
 */
import type { Run } from './format';

export function escapeHtml(value: string): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export type Tone = 'info' | 'warn' | 'danger';

export type Block =
  | { t: 'h1'; text: Run[] }
  | { t: 'h2'; text: Run[] }
  | { t: 'h3'; text: Run[] }
  | { t: 'p'; text: Run[]; small?: boolean }
  | { t: 'button'; href: string; label: string; secondary?: boolean; showUrl?: boolean }
  | { t: 'url'; href: string }
  | { t: 'details'; rows: { label: string; value: Run[]; mono?: boolean }[] }
  | { t: 'list'; items: Run[][] }
  | { t: 'steps'; items: { title: Run[]; body: Block[] }[] }
  | { t: 'box'; tone: Tone; body: Block[] }
  | { t: 'code'; text: string };

export const text = (value: string): Run[] => [{ text: value }];

// Argument values shown in bold, and those that also deserve a fixed-width face (copied by hand).
const STRONG_ARGS = new Set(['code', 'userName', 'actBy', 'port', 'startDate', 'employeeId']);
const MONO_ARGS = new Set(['code', 'userName']);

/** The link an argument value becomes, if any. Only http(s), mailto and tel ever become links. */
function argHref(run: Run): string | undefined {
  if (run.href !== undefined) return /^https?:\/\//i.test(run.href) ? run.href : undefined;
  if (!run.arg) return undefined;
  if (run.arg === 'url' || run.arg.endsWith('Url'))
    return /^https?:\/\//i.test(run.text) ? run.text : undefined;
  if (run.arg === 'email') return /^[^\s@]+@[^\s@]+$/.test(run.text) ? `mailto:${run.text}` : undefined;
  if (run.arg === 'phone') return `tel:${run.text.replace(/[^\d+]/g, '')}`;
  return undefined;
}

const FONT =
  "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Hiragino Kaku Gothic ProN','Hiragino Sans',Meiryo,sans-serif";
const MONO_FONT = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";
const COLOR = {
  text: '#1f2328',
  muted: '#57606a',
  brand: '#0b5cab',
  page: '#f2f4f7',
  line: '#d0d7de',
  soft: '#f6f8fa',
};
const TONES: Record<Tone, { bg: string; border: string }> = {
  info: { bg: '#eef5fc', border: '#0b5cab' },
  warn: { bg: '#fff8e5', border: '#d4a000' },
  danger: { bg: '#fdf0ef', border: '#c4320a' },
};
// Long unbroken values (links, codes) must wrap instead of widening the column on a phone.
const BREAK = 'word-break:break-all;overflow-wrap:anywhere;';
const WRAP = 'overflow-wrap:break-word;word-wrap:break-word;';

function runsHtml(runs: Run[]): string {
  return runs
    .map((run) => {
      let html = escapeHtml(run.text);
      if (run.arg && MONO_ARGS.has(run.arg))
        html = `<span style="font-family:${MONO_FONT};${BREAK}">${html}</span>`;
      if (run.arg && STRONG_ARGS.has(run.arg)) html = `<strong>${html}</strong>`;
      const href = argHref(run);
      if (href) html = `<a href="${escapeHtml(href)}" style="color:${COLOR.brand};${BREAK}">${html}</a>`;
      return html;
    })
    .join('');
}

function blockHtml(block: Block): string {
  switch (block.t) {
    case 'h1':
      return `<h1 style="margin:0 0 16px;font-size:24px;line-height:1.3;font-weight:700;color:${COLOR.text};">${runsHtml(block.text)}</h1>`;
    case 'h2':
      return `<h2 style="margin:28px 0 10px;font-size:19px;line-height:1.35;font-weight:700;color:${COLOR.text};">${runsHtml(block.text)}</h2>`;
    case 'h3':
      return `<h3 style="margin:18px 0 8px;font-size:16px;line-height:1.4;font-weight:700;color:${COLOR.text};">${runsHtml(block.text)}</h3>`;
    case 'p':
      return block.small
        ? `<p style="margin:0 0 12px;font-size:13px;line-height:1.6;color:${COLOR.muted};">${runsHtml(block.text)}</p>`
        : `<p style="margin:0 0 14px;">${runsHtml(block.text)}</p>`;
    case 'button': {
      const [bg, fg, border] = block.secondary
        ? ['#ffffff', COLOR.brand, COLOR.brand]
        : [COLOR.brand, '#ffffff', COLOR.brand];
      return (
        `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 16px;"><tr>` +
        `<td style="border-radius:6px;background:${bg};border:2px solid ${border};">` +
        `<a href="${escapeHtml(block.href)}" style="display:inline-block;padding:12px 22px;font-size:16px;font-weight:700;color:${fg};text-decoration:none;border-radius:6px;">${escapeHtml(block.label)}</a>` +
        `</td></tr></table>` +
        // Some clients drop links with a custom scheme (workspaces://): the address stays readable and copyable.
        (block.showUrl
          ? `<p style="margin:-8px 0 14px;font-size:13px;font-family:${MONO_FONT};color:${COLOR.muted};${BREAK}">${escapeHtml(block.href)}</p>`
          : '')
      );
    }
    case 'url':
      return `<p style="margin:0 0 14px;font-size:13px;font-family:${MONO_FONT};${BREAK}"><a href="${escapeHtml(block.href)}" style="color:${COLOR.brand};">${escapeHtml(block.href)}</a></p>`;
    case 'details':
      return (
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;border:1px solid ${COLOR.line};border-radius:6px;background:${COLOR.soft};">` +
        block.rows
          .map(
            (row, i) =>
              `<tr><td style="padding:10px 14px;${i ? `border-top:1px solid ${COLOR.line};` : ''}">` +
              `<div style="font-size:13px;color:${COLOR.muted};">${escapeHtml(row.label)}</div>` +
              `<div style="font-size:${row.mono ? 20 : 16}px;font-weight:700;${row.mono ? `font-family:${MONO_FONT};letter-spacing:0.5px;${BREAK}` : WRAP}">${runsHtml(row.value)}</div>` +
              `</td></tr>`,
          )
          .join('') +
        `</table>`
      );
    case 'list':
      return (
        `<ul style="margin:0 0 14px;padding:0 0 0 22px;">` +
        block.items.map((item) => `<li style="margin:0 0 6px;">${runsHtml(item)}</li>`).join('') +
        `</ul>`
      );
    case 'steps':
      return (
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px;">` +
        block.items
          .map(
            (step, i) =>
              `<tr><td width="36" valign="top" style="width:36px;padding:2px 0 12px;">` +
              `<div style="width:28px;height:28px;line-height:28px;border-radius:14px;background:${COLOR.brand};color:#ffffff;font-weight:700;font-size:15px;text-align:center;">${i + 1}</div></td>` +
              `<td valign="top" style="padding:0 0 12px;">` +
              `<div style="margin:2px 0 8px;font-size:17px;font-weight:700;">${runsHtml(step.title)}</div>` +
              step.body.map(blockHtml).join('') +
              `</td></tr>`,
          )
          .join('') +
        `</table>`
      );
    case 'box': {
      const tone = TONES[block.tone];
      return (
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;">` +
        `<tr><td style="padding:14px 16px 2px;background:${tone.bg};border-left:4px solid ${tone.border};border-radius:4px;">` +
        block.body.map(blockHtml).join('') +
        `</td></tr></table>`
      );
    }
    case 'code':
      return `<pre style="margin:0 0 14px;padding:10px 12px;background:${COLOR.soft};border:1px solid ${COLOR.line};border-radius:6px;font-family:${MONO_FONT};font-size:14px;white-space:pre-wrap;${BREAK}">${escapeHtml(block.text)}</pre>`;
  }
}

export interface EmailDocument {
  lang: string;
  title: string;
  preheader: string;
  brand: string;
  blocks: Block[];
  footer: Block[];
}

export function renderHtml(doc: EmailDocument): string {
  // Filler after the preheader keeps clients from pulling body text into the inbox preview line.
  const filler = '&#847;&zwnj;&nbsp;'.repeat(40);
  return (
    `<!DOCTYPE html>\n<html lang="${escapeHtml(doc.lang)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="x-apple-disable-message-reformatting">\n` +
    `<meta name="color-scheme" content="light">\n<meta name="supported-color-schemes" content="light">\n` +
    `<title>${escapeHtml(doc.title)}</title>\n</head>\n` +
    `<body style="margin:0;padding:0;background:${COLOR.page};-webkit-text-size-adjust:100%;">\n` +
    `<div style="display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:${COLOR.page};opacity:0;">${escapeHtml(doc.preheader)}${filler}</div>\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${COLOR.page};">` +
    `<tr><td align="center" style="padding:16px 8px;">\n` +
    `<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border-radius:8px;">\n` +
    `<tr><td style="padding:16px 20px;background:${COLOR.brand};border-radius:8px 8px 0 0;font-family:${FONT};font-size:15px;font-weight:700;color:#ffffff;${WRAP}">${escapeHtml(doc.brand)}</td></tr>\n` +
    `<tr><td style="padding:24px 20px 12px;font-family:${FONT};font-size:16px;line-height:1.65;color:${COLOR.text};">\n` +
    doc.blocks.map(blockHtml).join('\n') +
    `\n</td></tr>\n` +
    (doc.footer.length
      ? `<tr><td style="padding:12px 20px 20px;border-top:1px solid ${COLOR.line};font-family:${FONT};font-size:13px;line-height:1.6;color:${COLOR.muted};">\n` +
        doc.footer.map(blockHtml).join('\n') +
        `\n</td></tr>\n`
      : '') +
    `</table>\n` +
    `<!--[if mso]></td></tr></table><![endif]-->\n` +
    `</td></tr></table>\n</body>\n</html>\n`
  );
}

function runsText(runs: Run[]): string {
  return runs
    .map((run) => {
      const href = argHref(run);
      return href && href !== run.text && !href.startsWith('mailto:') && !href.startsWith('tel:')
        ? `${run.text} <${href}>`
        : run.text;
    })
    .join('');
}

function blockText(block: Block, indent = ''): string[] {
  switch (block.t) {
    case 'h1':
      return [runsText(block.text), ''];
    case 'h2':
      return ['', `== ${runsText(block.text)} ==`, ''];
    case 'h3':
      return [`${indent}[${runsText(block.text)}]`];
    case 'p':
      return [indent + runsText(block.text), ''];
    case 'button':
      return [`${indent}${block.label}:`, `${indent}${block.href}`, ''];
    case 'url':
      return [indent + block.href, ''];
    case 'details':
      return [...block.rows.map((row) => `${indent}${row.label}: ${runsText(row.value)}`), ''];
    case 'list':
      return [...block.items.map((item) => `${indent}- ${runsText(item)}`), ''];
    case 'steps':
      return block.items.flatMap((step, i) => [
        `${indent}${i + 1}. ${runsText(step.title)}`,
        ...step.body.flatMap((b) => blockText(b, `${indent}   `)),
      ]);
    case 'box':
      return block.body.flatMap((b) => blockText(b, indent));
    case 'code':
      return [...block.text.split('\n').map((line) => `${indent}    ${line}`), ''];
  }
}

export function renderText(doc: EmailDocument): string {
  const footer = doc.footer.length ? ['--', ...doc.footer.flatMap((b) => blockText(b))] : [];
  const lines = [...doc.blocks.flatMap((b) => blockText(b)), ...footer];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
