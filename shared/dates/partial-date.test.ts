import { describe, expect, it } from 'vitest';
import {
  ageRange,
  dateProblem,
  formatForDisplay,
  formatForExport,
  fullYearsBetween,
  isCertainlyAfter,
  isValidIsoPartialDate,
  parseIsoPartialDate,
  isSameDay,
  parseTypedDate,
  readDateEntry,
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

describe('ages and date entry', () => {
  const d = (iso: string) => parseIsoPartialDate(iso)!;
  it('gives the span of ages partial dates allow', () => {
    expect(ageRange(d('2000-07-12'), d('2018-07-11'))).toEqual({ min: 17, max: 17 });
    expect(ageRange(d('2000'), d('2018-03-05'))).toEqual({ min: 17, max: 18 });
    expect(ageRange(d('2000-06'), d('2018-03-05'))).toEqual({ min: 17, max: 17 });
    expect(ageRange(d('1990'), d('2018'))).toEqual({ min: 27, max: 28 });
    expect(ageRange(d('2018-05-01'), d('2018'))).toEqual({ min: 0, max: 0 });
  });

  it('tells the same day only for full dates', () => {
    expect(isSameDay(d('2018-03-05'), d('2018-03-05'))).toBe(true);
    expect(isSameDay(d('2018-03'), d('2018-03'))).toBe(false);
  });

  it('reads a typed date, "không rõ", nothing, or something else', () => {
    expect(readDateEntry('05/03/2018')).toEqual({ kind: 'date', iso: '2018-03-05' });
    expect(readDateEntry('05032018')).toEqual({ kind: 'date', iso: '2018-03-05' });
    expect(readDateEntry('Không rõ')).toEqual({ kind: 'unknown' });
    expect(readDateEntry('khong ro')).toEqual({ kind: 'unknown' });
    expect(readDateEntry('  ')).toEqual({ kind: 'empty' });
    expect(readDateEntry('Giáp Thân')).toEqual({ kind: 'invalid', text: 'Giáp Thân' });
  });

  it('says in plain words what is wrong with a date', () => {
    expect(dateProblem('31.02.2018')).toBe(
      'Ngày không hợp lệ: tháng 2 năm 2018 không có ngày 31 (tháng này chỉ có 28 ngày)',
    );
    expect(dateProblem('29022020')).toBeUndefined(); // a leap year
    expect(dateProblem('2019-02-29')).toBe(
      'Ngày không hợp lệ: tháng 2 năm 2019 không có ngày 29 (tháng này chỉ có 28 ngày)',
    );
    expect(dateProblem('31/04/2018')).toMatch(/tháng 4 năm 2018 không có ngày 31 \(tháng này chỉ có 30 ngày\)/);
    expect(dateProblem('12/13/2018')).toBe('Ngày không hợp lệ: không có tháng 13 (tháng chỉ từ 1 đến 12)');
    expect(dateProblem('00/03/2018')).toBe('Ngày không hợp lệ: không có ngày 0');
    expect(dateProblem('1750')).toBe('Năm 1750 không hợp lệ: năm phải từ 1800 đến 2200');
    expect(dateProblem('mùng 5')).toBe('Ngày không hợp lệ: nhập dd/mm/yyyy, mm/yyyy hoặc yyyy');
    expect(dateProblem('05/03/2018')).toBeUndefined();
  });
});
