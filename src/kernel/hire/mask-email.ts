/**
 * An address as a page may show it to whoever holds an old link: enough for the person to recognise their
 * own mailbox, not enough to read someone else's (`hanako.yamada@example.co.jp` → `h•••@example.co.jp`).
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  // First code point, so a surrogate pair is never cut in half.
  const [first] = Array.from(address.slice(0, at));
  return `${first}•••${address.slice(at)}`;
}
