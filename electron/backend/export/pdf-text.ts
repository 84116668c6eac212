/**
 * A small text layout on pdf-lib for reports: A4 pages, an embedded font with Vietnamese glyphs
 * (DejaVu Sans, subset), word wrapping, headings and simple tables.
 */
import fontkit from '@pdf-lib/fontkit';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

const require = createRequire(import.meta.url);

export interface ReportFonts {
  regular: string;
  bold: string;
}

/** DejaVu Sans from the dejavu-fonts-ttf package: free licence, full Vietnamese coverage. */
export function defaultReportFonts(): ReportFonts {
  return {
    regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  };
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

export type Tone = 'normal' | 'good' | 'bad' | 'warn' | 'muted';

const COLORS: Record<Tone, ReturnType<typeof rgb>> = {
  normal: rgb(0, 0, 0),
  good: rgb(0.05, 0.45, 0.15),
  bad: rgb(0.75, 0.05, 0.05),
  warn: rgb(0.6, 0.38, 0),
  muted: rgb(0.35, 0.35, 0.35),
};

export class PdfTextWriter {
  private page!: PDFPage;
  private y = 0;
  private pageCount = 0;

  private constructor(
    readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly footer: string,
  ) {
    this.newPage();
  }

  static async create(fonts: ReportFonts, title: string, footer: string): Promise<PdfTextWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    doc.setTitle(title);
    doc.setCreator('Số hóa Hộ tịch');
    doc.setProducer('Số hóa Hộ tịch (pdf-lib)');
    doc.setLanguage('vi-VN');
    const [regularBytes, boldBytes] = await Promise.all([fs.readFile(fonts.regular), fs.readFile(fonts.bold)]);
    // A fixed name: pdf-lib would otherwise add a random suffix, and the same report would
    // never give the same bytes twice.
    const regular = await doc.embedFont(regularBytes, { subset: true, customName: 'SohoaReport-Regular' });
    const bold = await doc.embedFont(boldBytes, { subset: true, customName: 'SohoaReport-Bold' });
    return new PdfTextWriter(doc, regular, bold, footer);
  }

  private get width(): number {
    return A4[0] - 2 * MARGIN;
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pageCount += 1;
    this.y = A4[1] - MARGIN;
    this.page.drawText(`${this.footer} — trang ${this.pageCount}`, {
      x: MARGIN,
      y: MARGIN / 2,
      size: 7,
      font: this.regular,
      color: COLORS.muted,
    });
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  /** Splits text into lines that fit `width` at `size` (long words are cut). */
  wrap(text: string, width: number, size: number, font: PDFFont = this.regular): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
          let cut = rest.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }

  heading(text: string, size = 13): void {
    this.gap(6);
    this.ensure(size * 1.4 + 50); // keep a heading with what follows
    this.paragraph(text, { size, bold: true });
    this.gap(2);
  }

  title(text: string, size = 15): void {
    for (const line of this.wrap(text, this.width, size, this.bold)) {
      this.ensure(size * 1.4);
      const w = this.bold.widthOfTextAtSize(line, size);
      this.page.drawText(line, { x: MARGIN + (this.width - w) / 2, y: this.y - size, size, font: this.bold });
      this.y -= size * 1.4;
    }
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; tone?: Tone; indent?: number } = {}): void {
    const { size = 9.5, bold = false, tone = 'normal', indent = 0 } = options;
    const font = bold ? this.bold : this.regular;
    for (const line of this.wrap(text, this.width - indent, size, font)) {
      this.ensure(size * 1.35);
      this.page.drawText(line, { x: MARGIN + indent, y: this.y - size, size, font, color: COLORS[tone] });
      this.y -= size * 1.35;
    }
  }

  /** "Label: value" rows with aligned values. */
  fields(rows: [string, string][], size = 9.5): void {
    const labelWidth = 175;
    for (const [label, value] of rows) {
      const lines = this.wrap(value, this.width - labelWidth, size);
      this.ensure(size * 1.35 * lines.length);
      this.page.drawText(label, { x: MARGIN, y: this.y - size, size, font: this.bold });
      lines.forEach((line, i) => {
        this.page.drawText(line, {
          x: MARGIN + labelWidth,
          y: this.y - size - i * size * 1.35,
          size,
          font: this.regular,
        });
      });
      this.y -= size * 1.35 * Math.max(1, lines.length);
    }
  }

  /**
   * A table: relative column widths, a bold header, wrapped cells; a row's tone colours its
   * `toneColumn` (the result or the severity).
   */
  table(
    header: string[],
    rows: { cells: string[]; tone?: Tone }[],
    widths: number[],
    options: { size?: number; toneColumn?: number } = {},
  ): void {
    const { size = 8, toneColumn = header.length - 1 } = options;
    const total = widths.reduce((a, b) => a + b, 0);
    const cols = widths.map((w) => (w / total) * this.width);
    const pad = 3;
    const drawRow = (cells: string[], font: PDFFont, tone: Tone, shade: boolean) => {
      const wrapped = cells.map((cell, i) => this.wrap(cell, cols[i]! - 2 * pad, size, font));
      const height = Math.max(...wrapped.map((l) => l.length)) * size * 1.3 + 2 * pad;
      if (this.y - height < MARGIN) {
        this.newPage();
        if (!shade) drawHeader();
      }
      if (shade) {
        this.page.drawRectangle({
          x: MARGIN,
          y: this.y - height,
          width: this.width,
          height,
          color: rgb(0.92, 0.92, 0.92),
        });
      }
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        lines.forEach((line, j) => {
          this.page.drawText(line, {
            x: x + pad,
            y: this.y - pad - size - j * size * 1.3,
            size,
            font,
            color: COLORS[i === toneColumn ? tone : 'normal'],
          });
        });
        x += cols[i]!;
      });
      this.page.drawLine({
        start: { x: MARGIN, y: this.y - height },
        end: { x: MARGIN + this.width, y: this.y - height },
        thickness: 0.3,
        color: COLORS.muted,
      });
      this.y -= height;
    };
    const drawHeader = () => drawRow(header, this.bold, 'normal', true);
    drawHeader();
    for (const row of rows) drawRow(row.cells, this.regular, row.tone ?? 'normal', false);
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** Signature boxes side by side. */
  signatures(labels: string[]): void {
    const height = 80;
    this.ensure(height);
    const each = this.width / labels.length;
    labels.forEach((label, i) => {
      const lines = this.wrap(label, each - 10, 9.5, this.bold);
      lines.forEach((line, j) => {
        const w = this.bold.widthOfTextAtSize(line, 9.5);
        this.page.drawText(line, {
          x: MARGIN + i * each + (each - w) / 2,
          y: this.y - 10 - j * 12,
          size: 9.5,
          font: this.bold,
        });
      });
      const hint = '(Ký, ghi rõ họ tên)';
      const w = this.regular.widthOfTextAtSize(hint, 8);
      this.page.drawText(hint, {
        x: MARGIN + i * each + (each - w) / 2,
        y: this.y - 12 - lines.length * 12,
        size: 8,
        font: this.regular,
        color: COLORS.muted,
      });
    });
    this.y -= height;
  }

  save(): Promise<Uint8Array> {
    return this.doc.save();
  }
}
