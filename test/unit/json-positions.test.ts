import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, scanJson } from '../../src/kernel/config/json-positions';
import { editDistance, nearestName } from '../../src/kernel/nearest';

const syntaxError = (text: string) => {
  try {
    scanJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonSyntaxError);
    const { message, position } = error as JsonSyntaxError;
    return `${position.line}:${position.column} ${message}`;
  }
  throw new Error(`expected ${text} to be refused`);
};

describe('scanJson', () => {
  it('accepts exactly what JSON.parse accepts, for these texts', () => {
    const accepts = (read: (text: string) => unknown) => (text: string) => {
      try {
        read(text);
        return true;
      } catch {
        return false;
      }
    };
    const texts = [
      '{}',
      '[]',
      ' 1 ',
      '-0.5e+3',
      '"\\u00e9\\n"',
      '{"a":[1,{"b":null}],"c":true}',
      '{"a",}',
      '[1,]',
      '01',
    ];
    expect(texts.map(accepts(scanJson))).toEqual(texts.map(accepts(JSON.parse)));
  });

  it('names the first character that breaks the text, in words', () => {
    expect(syntaxError('{\n  "a": 1\n  "b": 2\n}')).toBe(
      `3:3 unexpected '"' where ',' or '}' should follow a field`,
    );
    expect(syntaxError('{"a": [1, 2,]}')).toBe(`1:13 unexpected ']' where a value should be`);
    expect(syntaxError("{'a': 1}")).toBe(`1:2 unexpected "'" where a field name in double quotes should be`);
    expect(syntaxError('{"a": 1} x')).toBe(`1:10 unexpected 'x' after the end of the JSON value`);
    expect(syntaxError('{"a": "b\\q"}')).toMatch(/^1:9 an escape JSON does not know/);
    expect(syntaxError('{"a": ')).toBe('1:7 unexpected end of the text where a value should be');
    expect(syntaxError('')).toBe('1:1 unexpected end of the text where a value should be');
  });

  it('finds a field at its key, an item at its value, and a missing one at what encloses it', () => {
    const scan = scanJson('{\n  "list": [\n    1,\n    { "deep": true }\n  ]\n}');
    expect(scan.at(['list'])).toEqual({ line: 2, column: 3 });
    expect(scan.at(['list', 1])).toEqual({ line: 4, column: 5 });
    expect(scan.at(['list', 1, 'deep'])).toEqual({ line: 4, column: 7 });
    expect(scan.at(['list', 1, 'missing'])).toEqual({ line: 4, column: 5 });
    expect(scan.at(['nowhere'])).toEqual({ line: 1, column: 1 });
  });
});

describe('nearestName', () => {
  const keys = ['reminders', 'email', 'locales', 'defaults', 'network'];

  it('suggests the known name one or two edits away, swaps counting as one', () => {
    expect(nearestName('remindrs', keys)).toBe('reminders');
    expect(nearestName('emial', keys)).toBe('email');
    expect(nearestName('Locales', keys)).toBe('locales');
    expect(editDistance('emial', 'email')).toBe(1);
  });

  it('suggests nothing when no name is close', () => {
    expect(nearestName('colour', keys)).toBeUndefined();
    expect(nearestName('x', keys)).toBeUndefined();
    expect(nearestName('mail', ['id'])).toBeUndefined();
  });
});
