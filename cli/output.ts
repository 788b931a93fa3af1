/** Plain-text tables and a progress bar for a terminal; wide (CJK) characters count as two columns. */
export interface Out {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x20000 && code <= 0x3fffd)
        ? 2
        : 1;
  }
  return width;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** Columns sized to their content; `undefined` cells print as `-`. */
export function table(headers: string[], rows: (string | number | undefined | null)[][]): string {
  const cells = rows.map((row) =>
    row.map((c) => (c === undefined || c === null || c === '' ? '-' : String(c))),
  );
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (row: string[]) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...cells.map(line)].join('\n')}\n`;
}

export interface Progress {
  update(done: number): void;
  finish(): void;
}

/** `[#########...........]  12/40  label` on one line of a terminal; silent when not a terminal. */
export function progressBar(out: Out, total: number, label: string, width = 28): Progress {
  let last = '';
  const render = (done: number) => {
    const filled = total ? Math.round((done / total) * width) : width;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
    if (line !== last && out.isTTY) out.write(`\r${line}`);
    last = line;
  };
  render(0);
  return {
    update: render,
    finish() {
      if (out.isTTY) out.write('\n');
    },
  };
}
