import { describe, expect, it } from 'vitest';
import {
  duplicateIssues,
  duplicateKey,
  nextSo,
  numberSpellings,
  numberingGaps,
  pagesWithoutEntries,
  yearsWithGaps,
} from './numbering';
import { parseSo } from './rules';

describe('số', () => {
  it('splits số into number and year', () => {
    expect(parseSo('01/2018')).toEqual({ number: 1, year: 2018 });
    expect(parseSo(' 7/ ')).toEqual({ number: 7, year: undefined });
    expect(parseSo('A12')).toEqual({});
    expect(parseSo('12/18')).toEqual({});
  });

  it.each([
    ['01/2018', '02/2018'],
    ['9/2018', '10/2018'],
    ['09/2018', '10/2018'],
    ['099/2018', '100/2018'],
    ['99/2018', '100/2018'],
    ['12/', '13/'],
    [' 5/2020 ', '6/2020'],
  ])('proposes after %j: %j', (previous, next) => expect(nextSo(previous)).toBe(next));

  it.each(['', 'A12', '12', '12/18', '01-2018'])('proposes nothing after %j', (previous) =>
    expect(nextSo(previous)).toBeUndefined(),
  );
});

describe('numbering gaps', () => {
  it('lists per year the numbers missing between the first and last present', () => {
    expect(
      numberingGaps(['01/2018', '02/2018', '05/2018', '9/2018', '3/2019', '1/2019', 'A7', '2/', '4/', '02/2018']),
    ).toEqual([
      {
        year: 2018,
        first: 1,
        last: 9,
        missing: [3, 4, 6, 7, 8],
        ranges: [
          { from: 3, to: 4 },
          { from: 6, to: 8 },
        ],
        repeated: [2],
      },
      { year: 2019, first: 1, last: 3, missing: [2], ranges: [{ from: 2, to: 2 }], repeated: [] },
      { year: undefined, first: 2, last: 4, missing: [3], ranges: [{ from: 3, to: 3 }], repeated: [] },
    ]);
  });

  it('has nothing to say about a complete or empty list', () => {
    expect(numberingGaps(['1/2020', '2/2020'])).toEqual([
      { year: 2020, first: 1, last: 2, missing: [], ranges: [], repeated: [] },
    ]);
    expect(numberingGaps([])).toEqual([]);
  });

  it('keeps for display only the years that miss a number', () => {
    const gaps = numberingGaps(['1/2018', '2/2018', '1/2019', '4/2019', '1/2020', '3/2020', '3/2020']);
    expect(yearsWithGaps(gaps).map((g) => [g.year, g.missing])).toEqual([
      [2019, [2, 3]],
      [2020, [2]],
    ]);
    expect(yearsWithGaps(numberingGaps(['1/2020', '2/2020']))).toEqual([]);
  });

  it('lists the pages without entries', () => {
    expect(pagesWithoutEntries([1, 2, 3, 4, 5, 6], [2, 3, 3, 5])).toEqual([1, 4, 6]);
  });
});

describe('duplicates', () => {
  const base = { office: 'UBND xã An Bình', bookType: 'GH', quyenSo: '01/2018', so: '01/2018' };

  it('ignores case, diacritics, spaces and leading zeros', () => {
    expect(duplicateKey(base)).toBe('ubndxaanbinh|GH|01/2018|2018|1');
    expect(duplicateKey({ ...base, office: 'UBND XÃ AN  BÌNH', so: '1/2018' })).toBe(duplicateKey(base));
  });

  it('tells years, books and quyển apart', () => {
    expect(duplicateKey({ ...base, so: '01/2019' })).not.toBe(duplicateKey(base));
    expect(duplicateKey({ ...base, bookType: 'TD' })).not.toBe(duplicateKey(base));
    expect(duplicateKey({ ...base, quyenSo: '02/2018' })).not.toBe(duplicateKey(base));
  });

  it('takes the registration year when the số has none', () => {
    expect(duplicateKey({ ...base, so: '1/' }, 2018)).toBe(duplicateKey(base));
    expect(duplicateKey({ ...base, so: '1/' })).toBe('ubndxaanbinh|GH|01/2018||1');
    expect(duplicateKey({ ...base, so: 'Số 1' })).toBe('ubndxaanbinh|GH|01/2018||?so1');
  });

  it('needs a reason to save a real duplicate, then only warns', () => {
    expect(duplicateIssues({}, 0)).toEqual({ errors: [], warnings: [] });
    expect(duplicateIssues({ trungSoLyDo: ' ' }, 1).errors[0]!.message).toMatch(/Lý do trùng số/);
    expect(duplicateIssues({ trungSoLyDo: 'Sổ gốc ghi hai trường hợp cùng số 05' }, 1)).toEqual({
      errors: [],
      warnings: [{ path: ['so'], message: 'Số trùng với trường hợp khác trong sổ (đã ghi lý do)' }],
    });
  });
});

describe('number spellings for search', () => {
  it('treats a number the same however it is zero-padded', () => {
    expect(numberSpellings('1')).toEqual(['1', '01', '001', '0001']);
    expect(numberSpellings('01')).toEqual(['1', '01', '001', '0001']);
    expect(numberSpellings('0')).toEqual(['0', '00', '000', '0000']);
    expect(numberSpellings('2018')).toEqual(['2018']);
    expect(numberSpellings('phuong')).toEqual(['phuong']);
  });
});
