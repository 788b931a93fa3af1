import { describe, expect, it } from 'vitest';
import { CalendarDate, formatRuns, formatText, messageArguments } from '../../src/kernel/email/format';
import { MessageFormatError } from '../../src/kernel/errors';

const en = { locale: 'en', timeZone: 'UTC' };

describe('formatRuns on intl-messageformat', () => {
  it('marks the runs that come from arguments, # included', () => {
    const runs = formatRuns(
      'Hi {name}, {n, plural, one {# step} other {# steps}} left by {day, date}.',
      { name: 'Ann', n: 3, day: new CalendarDate('2027-04-01') },
      en,
    );
    expect(runs).toEqual([
      { text: 'Hi ' },
      { text: 'Ann', arg: 'name' },
      { text: ', ' },
      { text: '3', arg: 'n' },
      { text: ' steps left by ' },
      { text: 'Thursday, April 1, 2027', arg: 'day' },
      { text: '.' },
    ]);
  });

  it('shows a calendar day as that day in every zone, and a moment in the recipient’s zone', () => {
    const args = { day: new CalendarDate('2027-04-01'), at: new Date('2027-04-01T02:30:00Z') };
    const message = '{day, date} / {at, date, dateTime}';
    expect(formatText(message, args, { locale: 'en', timeZone: 'America/Los_Angeles' })).toBe(
      'Thursday, April 1, 2027 / Wednesday, March 31, 2027 at 7:30 PM PDT',
    );
    expect(formatText(message, args, { locale: 'ja', timeZone: 'Asia/Tokyo' })).toBe(
      '2027年4月1日(木) / 2027年4月1日(木) 11:30 JST',
    );
  });

  it('formats numbers in the locale when asked, and leaves a plain argument as it is', () => {
    expect(formatText('{n, number} / {n}', { n: 12345 }, en)).toBe('12,345 / 12345');
  });

  it('follows ICU quoting: a doubled apostrophe is one, a quoted brace is text', () => {
    expect(formatText("it's {name}'s turn, '{'literal'}' ''ok''", { name: 'Bo' }, en)).toBe(
      "it's Bo's turn, {literal} 'ok'",
    );
  });

  it('refuses a date where text is expected, and text where a date is expected', () => {
    expect(() => formatText('{at}', { at: new Date() }, en)).toThrow(MessageFormatError);
    expect(() => formatText('{at, date}', { at: 'tomorrow' }, en)).toThrow(MessageFormatError);
  });

  it('names the arguments of a message, inside plurals and selects too', () => {
    expect(
      [...messageArguments('{a} {n, plural, other {# {b}}} {s, select, x {{c, date}} other {}}')].sort(),
    ).toEqual(['a', 'b', 'c', 'n', 's']);
  });

  it('refuses a date style it does not know, instead of falling back to another', () => {
    expect(() => messageArguments('{at, date, dateTme}')).toThrow(/unknown date style dateTme/);
    // One way to write a day in each language: Intl's own styles would be a second and a third.
    for (const style of ['short', 'medium', 'long', 'full']) {
      expect(() => messageArguments(`{at, date, ${style}}`)).toThrow(`unknown date style ${style}`);
    }
    expect(() => messageArguments('{at, date, ::yyyyMMdd}')).toThrow(/unknown date style skeleton/);
    expect(() => messageArguments('{at, time, dateTime}')).toThrow(/unknown time style/);
  });
});
