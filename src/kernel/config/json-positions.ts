/**
 * Where things are in a JSON text, so a configuration problem names its line and column
 * (`config/onboarding.json:12:5: ...`) as an editor shows them. `scanJson` reads the text as strict JSON
 * (RFC 8259): a syntax error is a JsonSyntaxError at the first character that breaks it, in our words
 * (JSON.parse's messages differ between Node versions and some name no position at all). A valid text
 * gives `at(path)`: where the value at `path` is written, its key for an object's field; for a path that is
 * not in the text (a missing field), the nearest enclosing value that is.
 */
export interface JsonPosition {
  /** 1-based, as editors count. */
  line: number;
  column: number;
}

export type JsonPath = readonly (string | number)[];

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly position: JsonPosition,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

export function scanJson(text: string): { at(path: JsonPath): JsonPosition } {
  const offsets = new Map<string, number>();
  let i = 0;

  const position = (offset: number): JsonPosition => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1 };
  };
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, position(at));
  };
  const found = () => {
    const c = text[i];
    if (c === undefined) return 'unexpected end of the text';
    return c < ' ' || c === "'" ? `unexpected ${JSON.stringify(c)}` : `unexpected '${c}'`;
  };
  const skipWhitespace = () => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
  };

  const string = (): string => {
    const start = i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('a string that never ends', start);
      if (c === '"') break;
      if (c === '\\') {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.exec(text))
          fail('an escape JSON does not know (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        i = ESCAPE.lastIndex;
        continue;
      }
      if (c! < ' ') fail('a line break or control character inside a string (write it as an escape)');
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };

  const value = (path: JsonPath): void => {
    skipWhitespace();
    // An object's field is already there, at its key.
    if (!offsets.has(JSON.stringify(path))) offsets.set(JSON.stringify(path), i);
    const c = text[i];
    if (c === '{' || c === '[' || c === '"') {
      if (c === '{') members(path);
      else if (c === '[') items(path);
      else string();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail(`${found()} where a value should be`);
  };

  const members = (path: JsonPath): void => {
    i++;
    skipWhitespace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[i] !== '"') fail(`${found()} where a field name in double quotes should be`);
      const keyAt = i;
      const key = string();
      offsets.set(JSON.stringify([...path, key]), keyAt);
      skipWhitespace();
      if (text[i] !== ':') fail(`${found()} where ':' should follow the field name`);
      i++;
      value([...path, key]);
      skipWhitespace();
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`${found()} where ',' or '}' should follow a field`);
      i++;
    }
  };

  const items = (path: JsonPath): void => {
    i++;
    skipWhitespace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      value([...path, index]);
      skipWhitespace();
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`${found()} where ',' or ']' should follow an item`);
      i++;
    }
  };

  value([]);
  skipWhitespace();
  if (i < text.length) fail(`${found()} after the end of the JSON value`);
  return {
    at(path) {
      for (let depth = path.length; depth > 0; depth--) {
        const offset = offsets.get(JSON.stringify(path.slice(0, depth)));
        if (offset !== undefined) return position(offset);
      }
      return position(offsets.get('[]') ?? 0);
    },
  };
}
