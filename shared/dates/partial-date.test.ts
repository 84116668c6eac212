import { describe, expect, it } from 'vitest';
import {
  formatForDisplay,
  formatForExport,
  fullYearsBetween,
  isCertainlyAfter,
  isValidIsoPartialDate,
  parseIsoPartialDate,
  parseTypedDate,
  toIso,
} from './partial-date';

const typed = (text: string) => {
  const parsed = parseTypedDate(text);
  return parsed ? toIso(parsed) : undefined;
};

describe('typed dates', () => {
  it.each([
    ['05/03/2018', '2018-03-05'],
    ['5/3/2018', '2018-03-05'],
    ['05.03.2018', '2018-03-05'],
    ['05032018', '2018-03-05'],
    ['03/2018', '2018-03'],
    ['032018', '2018-03'],
    ['2018', '2018'],
    ['29/02/2020', '2020-02-29'],
    ['2018-03-05', '2018-03-05'],
  ])('reads %s as %s', (text, iso) => expect(typed(text)).toBe(iso));

  it.each(['31/02/2018', '29/02/2019', '00/01/2018', '13/2018', '5/3/18', 'abc', '', '1750'])('refuses %s', (text) =>
    expect(typed(text)).toBeUndefined(),
  );
});

describe('stored ISO partial dates', () => {
  it('keeps the precision in the shape of the value', () => {
    expect(parseIsoPartialDate('2018')).toEqual({ year: 2018 });
    expect(parseIsoPartialDate('2018-03')).toEqual({ year: 2018, month: 3 });
    expect(isValidIsoPartialDate('2018-02-30')).toBe(false);
    expect(isValidIsoPartialDate('05/03/2018')).toBe(false);
  });

  it('shows dd/mm/yyyy and exports dd.mm.yyyy in the same precision', () => {
    expect(formatForDisplay('2018-03-05')).toBe('05/03/2018');
    expect(formatForDisplay('2018-03')).toBe('03/2018');
    expect(formatForExport('2018-03-05')).toBe('05.03.2018');
    expect(formatForExport('2018-03')).toBe('03.2018');
    expect(formatForExport('2018')).toBe('2018');
  });
});

describe('comparing partial dates', () => {
  const d = (iso: string) => parseIsoPartialDate(iso)!;
  it('is certain only when every possible day is after', () => {
    expect(isCertainlyAfter(d('2018-03-06'), d('2018-03-05'))).toBe(true);
    expect(isCertainlyAfter(d('2019'), d('2018-12-31'))).toBe(true);
    expect(isCertainlyAfter(d('2018'), d('2018-03-05'))).toBe(false);
    expect(isCertainlyAfter(d('2018-03-05'), d('2018'))).toBe(false);
    expect(isCertainlyAfter(d('2018-03-05'), d('2018-03-05'))).toBe(false);
  });

  it('counts whole years only between full dates', () => {
    expect(fullYearsBetween(d('2000-07-12'), d('2018-07-11'))).toBe(17);
    expect(fullYearsBetween(d('2000-07-12'), d('2018-07-12'))).toBe(18);
    expect(fullYearsBetween(d('2000'), d('2018-07-12'))).toBeUndefined();
  });
});
