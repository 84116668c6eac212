import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NAMING,
  bookBaseName,
  entryNamingValues,
  fillTemplate,
  namingTemplate,
  safeSegment,
  uniqueNamer,
} from '../../../shared/export/naming';

describe('export file names', () => {
  it('drops diacritics and spaces and replaces / in values', () => {
    expect(safeSegment('Quyển 01/2018 đặc biệt')).toBe('Quyen-01-2018-dac-biet');
    expect(safeSegment('Đ.01\\2018')).toBe('D-01-2018');
    expect(safeSegment(undefined)).toBe('');
  });

  it('names the book files and each entry PDF by the template', () => {
    const book = { type: 'GH', officeCode: '04567', yearOpened: 2018, volume: '01/2018' };
    expect(bookBaseName(book)).toBe('GH.04567.2018.01-2018');
    expect(
      fillTemplate(DEFAULT_NAMING, { LOAI: 'GH', maDVHC: '04567', namMoSo: 2018, quyenSo: '01/2018', so: '7/2018' }),
    ).toBe('GH.04567.2018.01-2018.7-2018.pdf');
  });

  it('keeps an empty segment where the book has no commune code: parts never shift', () => {
    const book = { type: 'GH', yearOpened: 2018, volume: '01/2018' };
    expect(bookBaseName(book)).toBe('GH..2018.01-2018');
    expect(fillTemplate(DEFAULT_NAMING, entryNamingValues(book, { so: '7/2018', row: 3 }))).toBe(
      'GH..2018.01-2018.7-2018.pdf',
    );
    expect(fillTemplate('{maDVHC}.{LOAI}.{so}', { LOAI: 'GH', so: '1' })).toBe('_.GH.1');
    expect(fillTemplate('{maDVHC}.{so}.pdf', {})).toBe('khong-ten');
  });

  it('ties the PDF of an entry with an unreadable số to its Excel row (STT)', () => {
    const book = { type: 'GH', officeCode: '04567', yearOpened: 2018, volume: '01/2018' };
    expect(fillTemplate(DEFAULT_NAMING, entryNamingValues(book, { so: '', row: 7 }))).toBe(
      'GH.04567.2018.01-2018.khongso-00007.pdf',
    );
    expect(fillTemplate(DEFAULT_NAMING, entryNamingValues(book, { so: ' / ', row: 12 }))).toBe(
      'GH.04567.2018.01-2018.khongso-00012.pdf',
    );
    expect(fillTemplate('{stt}_{so}', entryNamingValues(book, { so: '', row: 7 }))).toBe('00007_khongso-00007');
  });

  it('makes names unique: the second use gets _2, ignoring case', () => {
    const name = uniqueNamer();
    expect(['a.pdf', 'A.pdf', 'a.pdf', 'a_2.pdf', 'b.pdf'].map(name)).toEqual([
      'a.pdf',
      'A_2.pdf',
      'a_3.pdf',
      'a_2_2.pdf',
      'b.pdf',
    ]);
  });

  it('checks a template given by the clerk', () => {
    expect(namingTemplate.parse('{LOAI}_{so}')).toBe('{LOAI}_{so}.pdf');
    const messages = (t: string) => {
      const r = namingTemplate.safeParse(t);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages('{LOAI}.{ten}.{so}.pdf')[0]).toContain('Mẫu tên tệp có phần không rõ {ten}');
    expect(messages('{LOAI}.{quyenSo}.pdf')).toEqual(['Mẫu tên tệp phải có {so} hoặc {stt} để mỗi trường hợp một tên']);
    expect(messages('../{so}.pdf')).toEqual(['Mẫu tên tệp không được chứa các ký tự \\ / : * ? " < > |']);
  });
});
