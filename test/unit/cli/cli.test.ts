import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePng } from '../../fixtures/images';
import { makeBookPdf, makeTruncatedPdf } from '../../fixtures/scans';
import { sohoa } from '../../fixtures/sohoa';
import { dataWithAdmin, tempDir, testBackend } from '../backend/helpers';

describe('sohoa', () => {
  it('imports a PDF book, prints its id, and lists it', async () => {
    const data = await dataWithAdmin();
    const pdf = await makeBookPdf(path.join(await tempDir(), 'GH-2018.pdf'), 3);
    const imported = await sohoa(
      'book',
      'import',
      pdf,
      '--type',
      'GH',
      '--volume',
      '01/2018',
      '--office',
      'UBND xã Hòa Bình',
      '--data-dir',
      data,
    );
    expect(imported.code).toBe(0);
    const id = imported.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await sohoa('book', 'list', '--json', '--data-dir', data);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id, type: 'GH', yearOpened: 2018, pageCount: 3, office: 'UBND xã Hòa Bình' },
    ]);
    expect(JSON.parse((await sohoa('record', 'list', '--book', id, '--json', '--data-dir', data)).stdout)).toEqual([]);
  });

  it('imports a folder of page photos in natural order and reports the bad one', async () => {
    const data = await dataWithAdmin();
    const folder = await tempDir('sohoa-photos-');
    for (const [name, shade] of [
      ['trang-10.png', 10],
      ['trang-2.png', 2],
      ['trang-1.png', 1],
    ] as const) {
      await makePng(path.join(folder, name), 40, 30, shade);
    }
    await fs.writeFile(path.join(folder, 'trang-3.png'), 'không phải ảnh');
    await fs.copyFile(path.join(folder, 'trang-1.png'), path.join(folder, 'trang-1 - Copy.png'));
    const imported = await sohoa(
      'book',
      'import',
      folder,
      '--type',
      'LH',
      '--volume',
      '02/2019',
      '--office',
      'UBND xã',
      '--data-dir',
      data,
    );
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('Bỏ qua trang-3.png: Tệp có đuôi .png nhưng nội dung không phải ảnh PNG');
    expect(imported.stderr).toContain('Bỏ qua trang-1 - Copy.png: Trùng nội dung với tệp "trang-1.png" đã có trong sổ');
    const backend = await testBackend(data);
    const detail = backend.services.books.get(imported.stdout.trim());
    expect(detail.files.map((f) => f.originalName)).toEqual(['trang-1.png', 'trang-2.png', 'trang-10.png']);
    expect(detail.pages.map((p) => p.pageNo)).toEqual([1, 2, 3]);
  });

  it('refuses bad arguments with Vietnamese messages and a non-zero exit', async () => {
    const data = await dataWithAdmin();
    const pdf = await makeBookPdf(path.join(await tempDir(), 'a.pdf'), 1);
    const noType = await sohoa('book', 'import', pdf, '--volume', '01/2018', '--office', 'UBND', '--data-dir', data);
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain('--type: Chọn loại sổ');
    const broken = await makeTruncatedPdf(path.join(await tempDir(), 'hong.pdf'));
    const bad = await sohoa(
      'book',
      'import',
      broken,
      '--type',
      'GH',
      '--volume',
      '01/2018',
      '--office',
      'UBND',
      '--data-dir',
      data,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Không có tệp scan nào dùng được');
    expect((await sohoa('frobnicate', '--data-dir', data)).code).toBe(2);
  });

  it('answers an option without its value with the usage, a Vietnamese message and exit 2, never a stack trace', async () => {
    const cases: [string[], string][] = [
      [['record', 'list', '--book'], 'Tùy chọn --book cần một giá trị ngay sau nó'],
      [['record', 'list', '--book', '--json'], 'Tùy chọn --book cần một giá trị ngay sau nó'],
      [['record', 'import', 'a.jsonl', '--book'], 'Tùy chọn --book cần một giá trị ngay sau nó'],
      [['book', 'import', 'so.pdf', '--volume', '01/2018', '--type'], 'Tùy chọn --type cần một giá trị ngay sau nó'],
      [['book', 'list', '--data-dir'], 'Tùy chọn --data-dir cần một thư mục ngay sau nó'],
      [['export', '--all', '--out'], 'Tùy chọn --out cần một giá trị ngay sau nó'],
      [['book', 'list', '--json=yes'], 'Tùy chọn --json không nhận giá trị'],
      [['book', 'list', '--frobnicate'], 'Lệnh này không có tùy chọn --frobnicate'],
    ];
    for (const [args, message] of cases) {
      const data = await tempDir();
      const run = await sohoa(...args, ...(args.includes('--data-dir') ? [] : ['--data-dir', data]));
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
      expect(run.stderr, args.join(' ')).toContain('Cách dùng:');
      expect(run.stderr, args.join(' ')).not.toMatch(/\n\s+at |TypeError|ERR_PARSE_ARGS/);
      // Nothing was opened: no database created in the data folder for a wrong command line.
      if (args[0] !== 'export') expect(await fs.readdir(data), args.join(' ')).toEqual([]);
    }
  });

  it("records the office's mã ĐVHC given with --office-code, and refuses one that is not 5 digits", async () => {
    const data = await dataWithAdmin();
    const pdf = await makeBookPdf(path.join(await tempDir(), 'so.pdf'), 1);
    const book = ['book', 'import', pdf, '--type', 'KH', '--volume', '01/2018', '--office', 'UBND xã A'];
    const help = await sohoa('--help');
    expect(help.stdout).toContain('--office-code 12345');
    expect(help.stdout).toContain('mã ĐVHC');
    const wrong = await sohoa(...book, '--office-code', '123', '--data-dir', data);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--office-code: Mã đơn vị hành chính gồm 5 chữ số');
    const imported = await sohoa(...book, '--office-code', '04567', '--data-dir', data);
    expect(imported.code).toBe(0);
    const backend = await testBackend(data);
    expect(backend.services.books.list()).toMatchObject([{ id: imported.stdout.trim(), officeCode: '04567' }]);
  });

  it('db check passes on a healthy database', async () => {
    const data = await dataWithAdmin();
    const check = await sohoa('db', 'check', '--json', '--data-dir', data);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, integrity: ['ok'], audit: { gaps: 0 } });
  });
});

describe('sohoa record import', () => {
  /** A GH book of 3 pages made in-process (the fixture; the CLI is what is tested below). */
  async function bookWithPages(data: string, office = 'UBND xã A') {
    const backend = await testBackend(data);
    const pdf = await makeBookPdf(path.join(await tempDir(), 'so.pdf'), 3);
    const { book } = await backend.services.books.importBook(
      { type: 'GH', volume: '01/2018', office, yearOpened: 2018 },
      [{ path: pdf, name: 'so.pdf' }],
    );
    return { bookId: book.id, backend };
  }
  const line = (so: string, ward: string, trangSo = 1) =>
    JSON.stringify({
      so,
      quyenSo: '01/2018',
      trangSo,
      ngayDangKy: '2018-03-05',
      loaiGiamHo: 'cu',
      nguoiGiamHo: [{ hoTen: 'Trần Văn Hùng' }],
      nguoiDuocGiamHo: { hoTen: ward, ngaySinh: '2010', danToc: 'Kinh' },
    });

  it('loads nothing when any line is invalid, names each bad line, and loads the rest with --skip-invalid', async () => {
    const data = await dataWithAdmin();
    const { bookId, backend } = await bookWithPages(data);
    const file = path.join(await tempDir(), 'entries.jsonl');
    const bad = JSON.stringify({
      so: '03/2018',
      trangSo: 1,
      ngayDangKy: '2018-02-30',
      loaiGiamHo: 'cu',
      nguoiGiamHo: [{ hoTen: 'X' }],
      nguoiDuocGiamHo: { hoTen: 'Y' },
    });
    await fs.writeFile(
      file,
      [
        line('01/2018', 'Nguyễn Thị Phượng'),
        'không phải json',
        bad,
        line('04/2017', 'Lò Văn Páo', 9),
        line('05/2017', 'Hà Thị Mai', 2),
      ].join('\n'),
    );

    const strict = await sohoa('record', 'import', '--book', bookId, file, '--data-dir', data);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('Dòng 2: không phải JSON hợp lệ');
    expect(strict.stderr).toContain('Dòng 4: sổ không có trang 9');
    expect(backend.services.records.list({ bookId })).toEqual([]);

    const lenient = await sohoa('record', 'import', '--book', bookId, file, '--skip-invalid', '--data-dir', data);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/Dòng 3: .*Ngày đăng ký: Ngày không hợp lệ/);
    expect(lenient.stderr).toMatch(/Cảnh báo, số 05\/2017: Số: Năm trong số \(2017\) khác năm đăng ký \(2018\)/);
    expect(lenient.stderr).toContain('Đã nhập 2 trường hợp, bỏ qua 3 dòng lỗi.');
    expect(
      backend.services.records
        .list({ bookId })
        .map((r) => r.so)
        .sort(),
    ).toEqual(['01/2018', '05/2017']);
  });

  it('round-trips: what record list prints, record import loads into another book', async () => {
    const data = await dataWithAdmin();
    const { bookId, backend } = await bookWithPages(data);
    // Same office and quyển would make them duplicates: load into a book of another office.
    const { book: other } = await backend.services.books.importBook(
      { type: 'GH', volume: '01/2018', office: 'UBND xã B', yearOpened: 2018 },
      [{ path: await makeBookPdf(path.join(await tempDir(), 'b.pdf'), 3), name: 'b.pdf' }],
    );
    const file = path.join(await tempDir(), 'a.jsonl');
    await fs.writeFile(file, [line('01/2018', 'Nguyễn Thị Phượng', 2), line('02/2018', 'Hà Thị Mai', 3)].join('\n'));
    expect((await sohoa('record', 'import', '--book', bookId, file, '--data-dir', data)).code).toBe(0);
    const listed = (await sohoa('record', 'list', '--book', bookId, '--jsonl', '--data-dir', data)).stdout;
    const copy = path.join(await tempDir(), 'b.jsonl');
    await fs.writeFile(copy, listed);
    const loaded = await sohoa('record', 'import', '--book', other.id, copy, '--data-dir', data);
    expect(loaded.stderr).toContain('Đã nhập 2 trường hợp.');
    type Listed = { data: Record<string, unknown>; pages: { pageNo: number }[]; contentHash: string };
    const before = listed
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Listed);
    const after = JSON.parse(
      (await sohoa('record', 'list', '--book', other.id, '--json', '--data-dir', data)).stdout,
    ) as Listed[];
    expect(before).toHaveLength(2);
    expect(after.map((r) => [r.data, r.pages.map((p) => p.pageNo), r.contentHash])).toEqual(
      before.map((r) => [r.data, r.pages.map((p) => p.pageNo), r.contentHash]),
    );
  });
});
