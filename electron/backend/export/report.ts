/**
 * The acceptance report (báo cáo nghiệm thu) of one exported book, in Excel and in PDF, in
 * Vietnamese: what was exported, the checks with their results (a failure is shown as a
 * failure), the pre-import findings, and the name and SHA-256 of each output file.
 */
import fs from 'node:fs/promises';
import { bookTypeName, type BookTypeCode } from '../../../shared/catalogs/book-types';
import type {
  AcceptanceCheck,
  CheckStatus,
  ExportCounts,
  ExportManifest,
  OutputFile,
  PrecheckReport,
  Severity,
} from '../../../shared/export/export';
import { SEVERITY_TEXT, STATUS_TEXT } from '../../../shared/export/export';
import { PdfTextWriter, type ReportFonts, type Tone } from './pdf-text';
import { openStreamingWorkbook } from './xlsx';

export interface AcceptanceReportData {
  book: ExportManifest['book'];
  /** The latest change of the book's data: the only time the reports show (same data, same bytes). */
  dataUpdatedAt: string;
  exportedBy: string;
  appVersion: string;
  columnSetVersion: number;
  naming: string;
  counts: ExportCounts;
  checks: AcceptanceCheck[];
  ok: boolean;
  precheck: PrecheckReport;
  /** The data files (Excel, zip): the reports cannot list their own hash. */
  files: OutputFile[];
  /** The manifest's entries, in row order, streamed (a large book's are not held in memory). */
  entries: () => AsyncIterable<ExportManifest['entries'][number]>;
}

const STATUS_TONE: Record<CheckStatus, Tone> = { pass: 'good', warn: 'warn', fail: 'bad' };
const SEVERITY_TONE: Record<Severity, Tone> = { error: 'bad', warning: 'warn', info: 'muted' };

const ROLE_TEXT: Record<OutputFile['role'], string> = {
  excel: 'Tệp Excel các trường hợp',
  zip: 'Tệp nén các PDF',
  reportExcel: 'Báo cáo nghiệm thu (Excel)',
  reportPdf: 'Báo cáo nghiệm thu (PDF)',
  manifest: 'Tệp kê khai',
};

/** At most this many pre-import findings in the PDF; the Excel report lists them all. */
const PDF_PRECHECK_LIMIT = 150;

const TITLE = 'BÁO CÁO NGHIỆM THU DỮ LIỆU SỐ HÓA SỔ HỘ TỊCH';

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())} ngày ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

function bookFields(data: AcceptanceReportData): [string, string][] {
  const { book } = data;
  return [
    ['Loại sổ', `${book.type} — ${bookTypeName(book.type as BookTypeCode)}`],
    ['Cơ quan đăng ký', book.office],
    ['Mã đơn vị hành chính', book.officeCode ?? '(chưa có)'],
    ['Quyển số', book.volume],
    ['Năm mở sổ', String(book.yearOpened)],
    ['Mã sổ trong ứng dụng', book.id],
  ];
}

function countFields(data: AcceptanceReportData): [string, string][] {
  const { counts, precheck } = data;
  return [
    ['Trường hợp trong CSDL', String(counts.entries)],
    ['Dòng trong tệp Excel', String(counts.excelRows)],
    ['Tệp PDF trong tệp nén', String(counts.pdfs)],
    ['Tổng số trang PDF', String(counts.pdfPages)],
    ['Trang scan của sổ', String(counts.bookPages)],
    ['Trang chưa gắn trường hợp', String(counts.pagesWithoutEntries)],
    [
      'Kiểm tra trước khi nhập',
      `${precheck.counts.errors} lỗi, ${precheck.counts.warnings} cảnh báo, ${precheck.counts.infos} lưu ý`,
    ],
  ];
}

function exportFields(data: AcceptanceReportData): [string, string][] {
  return [
    ['Dữ liệu cập nhật đến', formatTime(data.dataUpdatedAt)],
    ['Người xuất', data.exportedBy],
    ['Phiên bản ứng dụng', data.appVersion],
    ['Bộ cột Excel', `${data.book.type} phiên bản ${data.columnSetVersion}`],
    ['Mẫu tên tệp PDF', data.naming],
  ];
}

export async function writeReportPdf(file: string, data: AcceptanceReportData, fonts: ReportFonts): Promise<void> {
  const footer = `${TITLE} — ${data.book.type} quyển ${data.book.volume}, ${data.book.office}`;
  const pdf = await PdfTextWriter.create(fonts, `${TITLE} — ${data.book.type} ${data.book.volume}`, footer);
  pdf.title(TITLE);
  pdf.paragraph(`${bookTypeName(data.book.type as BookTypeCode)}, quyển ${data.book.volume}`, { size: 11 });
  pdf.gap(6);
  pdf.paragraph(
    data.ok ? 'KẾT QUẢ: ĐẠT — số liệu và tệp xuất khớp nhau' : 'KẾT QUẢ: KHÔNG ĐẠT — xem các mục "Không đạt" bên dưới',
    { size: 12, bold: true, tone: data.ok ? 'good' : 'bad' },
  );
  pdf.heading('1. Thông tin sổ');
  pdf.fields(bookFields(data));
  pdf.heading('2. Số liệu');
  pdf.fields(countFields(data));
  pdf.heading('3. Các bước kiểm tra');
  pdf.table(
    ['Kiểm tra', 'Kỳ vọng', 'Thực tế', 'Kết quả'],
    data.checks.map((c) => ({
      cells: [
        [c.label, ...(c.details ?? []).map((d) => `• ${d}`)].join('\n'),
        c.expected ?? '',
        c.actual ?? '',
        STATUS_TEXT[c.status],
      ],
      tone: STATUS_TONE[c.status],
    })),
    [52, 14, 14, 12],
  );
  pdf.heading('4. Kết quả kiểm tra trước khi nhập');
  const items = data.precheck.items;
  if (items.length === 0) pdf.paragraph('Không có lỗi, cảnh báo hay lưu ý nào.');
  else {
    pdf.table(
      ['Mức', 'Nội dung'],
      items.slice(0, PDF_PRECHECK_LIMIT).map((item) => ({
        cells: [SEVERITY_TEXT[item.severity], item.message],
        tone: SEVERITY_TONE[item.severity],
      })),
      [12, 88],
      { toneColumn: 0 },
    );
    if (items.length > PDF_PRECHECK_LIMIT) {
      pdf.paragraph(`… và ${items.length - PDF_PRECHECK_LIMIT} mục khác: xem đầy đủ trong báo cáo Excel.`, {
        tone: 'muted',
      });
    }
  }
  pdf.heading('5. Tệp đã xuất');
  pdf.table(
    ['Tệp', 'Dung lượng', 'SHA-256'],
    data.files.map((f) => ({ cells: [`${ROLE_TEXT[f.role]}\n${f.name}`, formatSize(f.size), f.sha256 ?? ''] })),
    [40, 14, 46],
    { size: 7.5 },
  );
  pdf.paragraph(
    'SHA-256 của từng tệp PDF trong tệp nén có trong báo cáo Excel (trang "Trường hợp") và trong tệp kê khai.',
    { size: 8, tone: 'muted' },
  );
  pdf.heading('6. Thông tin xuất');
  pdf.fields(exportFields(data));
  pdf.gap(16);
  pdf.signatures(['Người lập báo cáo', 'Người nghiệm thu']);
  await fs.writeFile(file, await pdf.save(), { flag: 'wx' });
}

export async function writeReportExcel(file: string, data: AcceptanceReportData): Promise<void> {
  const book = await openStreamingWorkbook(
    file,
    { name: 'Tổng hợp', widths: [34, 60, 18, 18, 14] },
    { date: new Date(data.dataUpdatedAt) },
  );
  try {
    book.addRow([TITLE], { bold: true });
    book.addRow(['Kết quả', data.ok ? 'ĐẠT' : 'KHÔNG ĐẠT'], { bold: true });
    book.addRow([]);
    for (const [label, value] of [...bookFields(data), ...countFields(data), ...exportFields(data)]) {
      book.addRow([label, value]);
    }
    book.addRow([]);
    book.addRow(['Kiểm tra', 'Chi tiết', 'Kỳ vọng', 'Thực tế', 'Kết quả'], { bold: true });
    for (const c of data.checks) {
      book.addRow([c.label, (c.details ?? []).join('\n'), c.expected ?? '', c.actual ?? '', STATUS_TEXT[c.status]]);
    }
    book.addRow([]);
    book.addRow(['Tệp', 'Tên tệp', 'Dung lượng (byte)', 'SHA-256'], { bold: true });
    for (const f of data.files) book.addRow([ROLE_TEXT[f.role], f.name, String(f.size), f.sha256 ?? '']);

    await book.nextSheet({
      name: 'Kiểm tra trước',
      header: ['Mức', 'Loại', 'Số', 'Nội dung', 'Trường', 'Mã trường hợp', 'Mã trang'],
      widths: [10, 18, 12, 80, 24, 38, 38],
    });
    for (const [i, item] of data.precheck.items.entries()) {
      if (i % 100 === 99) await book.drain();
      book.addRow([
        SEVERITY_TEXT[item.severity],
        item.kind,
        item.so ?? '',
        item.message,
        item.field ?? '',
        item.entryId ?? '',
        item.pageId ?? '',
      ]);
    }

    await book.nextSheet({
      name: 'Trường hợp',
      header: ['STT', 'Số', 'Tệp PDF', 'Số trang PDF', 'SHA-256 của PDF', 'Mã trường hợp', 'Phiên bản'],
      widths: [8, 12, 40, 12, 66, 38, 10],
    });
    let i = 0;
    for await (const e of data.entries()) {
      if (i++ % 100 === 99) await book.drain();
      book.addRow([String(e.row), e.so, e.pdf, String(e.pdfPages), e.pdfSha256, e.entryId, String(e.version)]);
    }
    await book.finish();
  } catch (error) {
    book.abort();
    throw error;
  }
}
