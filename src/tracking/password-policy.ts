/**
 * The Simple AD / Managed AD password policy (User Guide: 8–64 characters with upper case, lower case, a
 * digit and a symbol), checked before the directory is called. Returns the setup page's error codes.
 */
export type PasswordProblem =
  | 'too-short'
  | 'too-long'
  | 'missing-upper'
  | 'missing-lower'
  | 'missing-digit'
  | 'missing-symbol'
  | 'mismatch';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;

export function passwordProblems(password: string, confirm: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  // Code points, not UTF-16 units: "8 characters" as a person counts them.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too-short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too-long');
  if (!/\p{Lu}/u.test(password)) problems.push('missing-upper');
  if (!/\p{Ll}/u.test(password)) problems.push('missing-lower');
  if (!/\p{Nd}/u.test(password)) problems.push('missing-digit');
  if (!/[^\p{L}\p{Nd}\s]/u.test(password)) problems.push('missing-symbol');
  if (password !== confirm) problems.push('mismatch');
  return problems;
}
