/**
 * Text as Japanese Excel saves a CSV: Shift_JIS (code page 932). Node decodes Shift_JIS but has no encoder,
 * so the table is built once by decoding every two-byte code.
 */
let table: Map<string, number[]> | undefined;

function codes(): Map<string, number[]> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      try {
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (!table.has(char)) table.set(char, [lead, trail]);
      } catch {
        // not a character
      }
    }
  }
  return table;
}

export function encodeShiftJis(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else {
      const code = codes().get(char);
      if (!code) throw new Error(`not in Shift_JIS: ${char}`);
      bytes.push(...code);
    }
  }
  return Buffer.from(bytes);
}
