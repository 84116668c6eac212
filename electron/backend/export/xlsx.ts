/**
 * The Excel file of a book, written and read as streams (exceljs) so that 100 000 rows take
 * bounded memory. Every cell is a text cell with the Text number format ("@"): never a formula,
 * so a value starting with =, +, - or @ is shown as written and not evaluated, not even after a
 * clerk edits the cell in Excel.
 */
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { finished } from 'node:stream/promises';
import { codeListOf, type CodeList } from '../../../shared/export/code-lists';
import type { ColumnSet } from '../../../shared/export/column-sets';
import { headerCells } from '../../../shared/export/row-codec';

const TEXT_FORMAT = '@';

export interface SheetSpec {
  name: string;
  /** Header row; absent for a sheet that writes its own rows only. */
  header?: string[];
  widths?: number[];
  /**
   * 'template': the header row of the BTP import template (Times New Roman 13 bold, centred,
   * wrapped, thin borders, 45 pt high, the allowed-values note after the line break in italics
   * at 10 pt); else a plain bold header.
   */
  headerStyle?: 'template';
  /** The rich-text runs of a template header cell, by column, where the template splits it its own way. */
  headerRuns?: readonly (readonly string[] | undefined)[];
  /** 0-based columns whose whole-number cells are written as numbers (STT), not text. */
  numberColumns?: number[];
  /** Cells written at their address (a template's code sheet), numbers as numbers, and merged ranges. */
  cells?: readonly { address: string; value: string | number }[];
  merges?: readonly string[];
}

/** The BTP template's header row (mau-import-khai-sinh-BTP.xlsx, sheet "DL Import", row 1). */
export const TEMPLATE_HEADER = {
  font: { name: 'Times New Roman', family: 1, size: 13, bold: true },
  noteFont: { name: 'Times New Roman', family: 1, size: 10, italic: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border: { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } },
  height: 45,
} as const satisfies {
  font: Partial<ExcelJS.Font>;
  noteFont: Partial<ExcelJS.Font>;
  alignment: Partial<ExcelJS.Alignment>;
  border: Partial<ExcelJS.Borders>;
  height: number;
};

export interface StreamingWorkbook {
  /** Adds a row to the current sheet. */
  addRow(cells: string[], options?: { bold?: boolean }): void;
  /** Waits while too much of the sheet is still waiting to be compressed (bounded memory). */
  drain(): Promise<void>;
  /** Closes the current sheet and starts the next one. */
  nextSheet(spec: SheetSpec): Promise<void>;
  finish(): Promise<void>;
  /** Stops writing (the caller deletes the file). */
  abort(): void;
}

export interface WorkbookOptions {
  /**
   * The time written into the file: its core properties (created, modified) and the dates of
   * the parts inside the zip. The same data and the same date give the same bytes. When absent,
   * exceljs and archiver take the clock.
   */
  date?: Date;
}

interface ZipAppender {
  append(source: unknown, data: { name: string; date?: Date }): unknown;
}

type WorkbookWriterOptions = ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0];

/**
 * An exceljs 4.4.0 (pinned) workbook writer whose zip parts all carry `date`. exceljs appends
 * each part to its archiver instance (`this.zip`) without a date, so archiver would stamp the
 * clock, and two parts are appended inside the constructor already. The writer is built with a
 * prototype whose `zip` is an accessor: the constructor's `this.zip = Archiver(…)` goes through
 * the setter, which makes every append carry the date.
 */
function datedWorkbookWriter(options: WorkbookWriterOptions, date: Date): ExcelJS.stream.xlsx.WorkbookWriter {
  const slot = Symbol('zip');
  type Holder = { [slot]?: ZipAppender };
  const proto: object = Object.create(ExcelJS.stream.xlsx.WorkbookWriter.prototype);
  Object.defineProperty(proto, 'zip', {
    get(this: Holder) {
      return this[slot];
    },
    set(this: Holder, zip: ZipAppender) {
      const append = zip.append.bind(zip);
      zip.append = (source, data) => append(source, { ...data, date });
      this[slot] = zip;
    },
  });
  function DatedWriter() {}
  DatedWriter.prototype = proto;
  return Reflect.construct(
    ExcelJS.stream.xlsx.WorkbookWriter,
    [{ ...options, created: date, modified: date }],
    DatedWriter,
  ) as ExcelJS.stream.xlsx.WorkbookWriter;
}

/**
 * A workbook written sheet after sheet. Sheets are committed in order, so that only the rows
 * not yet flushed of the current sheet are in memory.
 */
export async function openStreamingWorkbook(
  file: string,
  first: SheetSpec,
  options: WorkbookOptions = {},
): Promise<StreamingWorkbook> {
  const out = createWriteStream(file, { flags: 'wx' });
  const closed = finished(out);
  closed.catch(() => {}); // observed in finish()
  const writerOptions: WorkbookWriterOptions = { stream: out, useStyles: true, useSharedStrings: false };
  const workbook = options.date
    ? datedWorkbookWriter(writerOptions, options.date)
    : new ExcelJS.stream.xlsx.WorkbookWriter(writerOptions);
  workbook.creator = 'Số hóa Hộ tịch';
  memoizeStyleIds(workbook);
  let spec = first;
  let sheet = startSheet(workbook, first);
  return {
    addRow(cells, options) {
      const row = sheet.addRow(withNumbers(cells, spec.numberColumns));
      if (options?.bold) row.font = { bold: true };
      row.commit();
    },
    drain: () => drainSheet(sheet),
    async nextSheet(next) {
      sheet.commit();
      spec = next;
      sheet = startSheet(workbook, next);
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
      await closed;
    },
    abort() {
      out.destroy();
    },
  };
}

type StyleModel = Partial<ExcelJS.Style> | undefined;

/**
 * exceljs gives every cell its own copy of its column's style and looks each copy up by its XML
 * (a third of the writing time of a large sheet). A style that is only a number format (or
 * nothing) always gets the same id for the same format and cell type: remembered here, so the
 * file's bytes are the same. Reaches into exceljs 4.4.0 (pinned): the writer's `styles`.
 */
function memoizeStyleIds(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (workbook as unknown as { styles?: { addStyleModel?: (m: StyleModel, t?: number) => number } }).styles;
  const original = styles?.addStyleModel?.bind(styles);
  if (!styles || !original) return;
  const ids = new Map<string, number>();
  styles.addStyleModel = (model, cellType) => {
    if (!model) return original(model, cellType);
    let keys = 0;
    for (const key in model) {
      keys += 1;
      if (key !== 'numFmt' || keys > 1) return original(model, cellType);
    }
    const key = `${model.numFmt ?? ''}\u0000${cellType ?? ''}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = original(model, cellType);
      ids.set(key, id);
    }
    return id;
  };
}

/** Bytes of sheet XML allowed to wait for the compressor before the writer waits. */
const MAX_PENDING_XML = 4 * 1024 * 1024;

interface PassThroughLike {
  _writableState?: { length: number };
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * exceljs' streaming writer hands the sheet's XML to the zip compressor without waiting for it
 * (its StreamBuf ignores backpressure), so a fast producer piles the XML up in memory: ~2.7 KB a
 * row, 270 MB for 100 000 rows. This waits until the compressor has caught up. It reaches into
 * exceljs 4.4.0 (pinned): the sheet's `stream` and the stream it pipes to.
 */
async function drainSheet(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { _stream?: { pipes?: PassThroughLike[] } })._stream?.pipes ?? [];
  for (const pipe of pipes) {
    while ((pipe._writableState?.length ?? 0) > MAX_PENDING_XML) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        pipe.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** The cells of a row, whole numbers of `numberColumns` as numbers. */
function withNumbers(cells: string[], numberColumns: number[] | undefined): (string | number)[] {
  if (!numberColumns?.length) return cells;
  const out: (string | number)[] = [...cells];
  for (const i of numberColumns) {
    const text = cells[i];
    if (text !== undefined && /^\d{1,15}$/.test(text)) out[i] = Number(text);
  }
  return out;
}

/**
 * A header cell as the template writes it: the name, then the note in italics on the next line.
 * `runs`, when given, are the template's own rich-text runs (KS "nksLoaiKhaiSinh", "\n", "i=[…]"):
 * a run after the one holding the line break is the note.
 */
function templateHeaderValue(text: string, runs?: readonly string[]): ExcelJS.CellValue {
  if (runs && runs.join('') === text) {
    const breakAt = runs.findIndex((r) => r.includes('\n'));
    return {
      richText: runs.map((run, i) => ({
        text: run,
        font: { ...(breakAt >= 0 && i > breakAt ? TEMPLATE_HEADER.noteFont : TEMPLATE_HEADER.font) },
      })),
    };
  }
  const cut = text.indexOf('\n');
  if (cut < 0) return text;
  return {
    richText: [
      { text: text.slice(0, cut + 1), font: { ...TEMPLATE_HEADER.font } },
      { text: text.slice(cut + 1), font: { ...TEMPLATE_HEADER.noteFont } },
    ],
  };
}

function startSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, spec: SheetSpec): ExcelJS.Worksheet {
  const count = Math.max(spec.header?.length ?? 0, spec.widths?.length ?? 0);
  const sheet = workbook.addWorksheet(spec.name, {
    views: spec.header ? [{ state: 'frozen', ySplit: 1 }] : [],
  });
  sheet.columns = Array.from({ length: count }, (_, i) => ({
    width: spec.widths?.[i] ?? Math.min(40, Math.max(10, (spec.header?.[i]?.split('\n')[0]?.length ?? 8) + 2)),
    // Text format everywhere (never a formula), but for the number columns (STT).
    style: spec.numberColumns?.includes(i) ? {} : { numFmt: TEXT_FORMAT },
  }));
  if (spec.header && spec.headerStyle === 'template') {
    const row = sheet.addRow(spec.header.map((text, i) => templateHeaderValue(text, spec.headerRuns?.[i])));
    row.height = TEMPLATE_HEADER.height;
    row.eachCell((cell) => {
      cell.font = { ...TEMPLATE_HEADER.font };
      cell.alignment = { ...TEMPLATE_HEADER.alignment };
      cell.border = { ...TEMPLATE_HEADER.border };
      cell.numFmt = TEXT_FORMAT;
    });
    row.commit();
  } else if (spec.header) {
    const row = sheet.addRow(spec.header);
    row.font = { bold: true };
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  if (spec.cells) writeCells(sheet, spec.cells, spec.merges ?? []);
  return sheet;
}

/** Cells at their addresses, row after row (a streamed sheet commits its rows in order). */
function writeCells(
  sheet: ExcelJS.Worksheet,
  cells: readonly { address: string; value: string | number }[],
  merges: readonly string[],
): void {
  for (const range of merges) sheet.mergeCells(range);
  const byRow = new Map<number, { column: number; value: string | number }[]>();
  for (const { address, value } of cells) {
    const m = /^([A-Z]+)(\d+)$/.exec(address);
    if (!m) throw new Error(`Invalid cell address ${address}`);
    const row = Number(m[2]);
    byRow.set(row, [...(byRow.get(row) ?? []), { column: columnOf(m[1]) ?? 1, value }]);
  }
  for (const number of [...byRow.keys()].sort((a, b) => a - b)) {
    const row = sheet.getRow(number);
    for (const { column, value } of byRow.get(number)!) row.getCell(column).value = value;
    row.commit();
  }
}

/** The entries workbook: the sheet of entries, then the code lists the columns use. */
export async function openEntriesWorkbook(file: string, set: ColumnSet, options: WorkbookOptions = {}) {
  const numberColumns = set.columns.flatMap((c, i) => (c.source === 'rowNumber' ? [i] : []));
  const book = await openStreamingWorkbook(
    file,
    {
      name: set.sheetName,
      header: headerCells(set),
      headerStyle: 'template',
      numberColumns,
      ...(set.columns.some((c) => c.headerRuns) ? { headerRuns: set.columns.map((c) => c.headerRuns) } : {}),
    },
    options,
  );
  return {
    addRow: (cells: string[]) => book.addRow(cells),
    drain: () => book.drain(),
    abort: () => book.abort(),
    async finish() {
      if (set.codeSheet) {
        await book.nextSheet({ name: set.codeSheetName, cells: set.codeSheet.cells, merges: set.codeSheet.merges });
        await book.finish();
        return;
      }
      await book.nextSheet({ name: set.codeSheetName, widths: [12, 70] });
      const used = new Map<string, CodeList>();
      for (const c of set.columns) if (c.codeList) used.set(codeListOf(c.codeList).id, codeListOf(c.codeList));
      for (const [id, list] of used) {
        const columns = set.columns.filter((c) => c.codeList && codeListOf(c.codeList).id === id).map((c) => c.column);
        book.addRow([list.title, `Cột: ${columns.join(', ')}`], { bold: true });
        for (const entry of list.entries) book.addRow([entry.code, entry.name]);
        book.addRow([]);
      }
      await book.finish();
    },
  };
}

export interface ReadRow {
  /** 1-based row number in the sheet. */
  number: number;
  cells: string[];
  /** 1-based columns whose cell is not text (a number, a boolean, a date, an error). */
  nonText: number[];
  /** 1-based columns whose cell holds a formula. */
  formulas: number[];
}

/*
 * Reading is done here rather than with exceljs' streaming WorkbookReader: that reader decodes
 * each chunk of the zip stream on its own, so a Vietnamese letter whose UTF-8 bytes straddle two
 * chunks comes out as "��" (seen on a 10 000-row book). Here the sheet's XML is decoded as one
 * UTF-8 stream (setEncoding) and parsed with saxes, row by row, in bounded memory.
 */

type Tag = { name: string; attributes: Record<string, string> };

/** Parses one XML file of the zip as a stream; `afterChunk` runs between chunks (async work). */
async function parseZipXml(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  handlers: { open?: (tag: Tag) => void; text?: (text: string) => void; close?: (name: string) => void },
  afterChunk?: () => Promise<void>,
  filter?: RowFilter,
): Promise<void> {
  const parser = new SaxesParser();
  let failure: Error | undefined;
  parser.on('error', (error) => (failure ??= error));
  if (handlers.open) parser.on('opentag', (tag) => handlers.open!(tag as unknown as Tag));
  if (handlers.text) parser.on('text', handlers.text);
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(tag.name));
  const stream = await zip.openReadStreamPromise(entry);
  stream.setEncoding('utf8'); // a StringDecoder: characters split between chunks stay whole
  for await (const chunk of stream as AsyncIterable<string>) {
    parser.write(filter ? filter.push(chunk) : chunk);
    if (failure) throw failure;
    await afterChunk?.();
  }
  if (filter) parser.write(filter.end());
  parser.close();
  if (failure) throw failure;
}

/** "AB12" → 28 */
function columnOf(ref: string | undefined): number | undefined {
  const letters = /^([A-Z]+)\d*$/.exec(ref ?? '')?.[1];
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Where the n-th sheet (1-based, workbook order) lives in the zip. */
async function sheetPath(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, index: number) {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return undefined;
  const ids: string[] = [];
  await parseZipXml(zip, workbook, { open: (t) => t.name === 'sheet' && ids.push(t.attributes['r:id'] ?? '') });
  const targets = new Map<string, string>();
  await parseZipXml(zip, rels, {
    open: (t) => t.name === 'Relationship' && targets.set(t.attributes.Id ?? '', t.attributes.Target ?? ''),
  });
  const target = targets.get(ids[index - 1] ?? '');
  if (!target) return undefined;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

async function sharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  await parseZipXml(zip, entry, {
    open: (t) => {
      if (t.name === 'si') current = '';
      else if (t.name === 'rPh') phonetic += 1;
      else if (t.name === 't' && phonetic === 0) inText = true;
    },
    text: (text) => {
      if (inText && current !== undefined) current += text;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si') {
        strings.push(current ?? '');
        current = undefined;
      }
    },
  });
  return strings;
}

/**
 * Reads the rows of one sheet of an .xlsx as text, streaming. `sheetIndex` is 1-based in the
 * order of the workbook. Rows without any value are skipped. Throws when the file is not a
 * readable workbook.
 */
export async function readSheetRows(
  file: string,
  sheetIndex: number,
  onRow: (row: ReadRow) => Promise<void> | void,
  options: { rows?: (index: number) => boolean } = {},
): Promise<{ found: boolean; rows?: number }> {
  // Entries are read out of order (workbook, then sheet): the file stays open until `close`.
  const zip = await yauzl.openPromise(file, {
    lazyEntries: true,
    autoClose: false,
    strictFileNames: true,
    validateEntrySizes: true,
  });
  try {
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    const target = await sheetPath(zip, entries, sheetIndex);
    const sheet = target ? entries.get(target) : undefined;
    if (!sheet) return { found: false };
    const strings = await sharedStrings(zip, entries.get('xl/sharedStrings.xml'));

    const filter = options.rows ? new RowFilter(options.rows) : undefined;
    const ready: ReadRow[] = [];
    let row: (ReadRow & { hasValue: boolean }) | undefined;
    let lastRow = 0;
    let cell:
      { column: number; type: string; value: string; inline: string; formula: boolean; has: boolean } | undefined;
    let lastColumn = 0;
    let capture: 'v' | 't' | undefined;
    let phonetic = 0;
    await parseZipXml(
      zip,
      sheet,
      {
        open: (t) => {
          switch (t.name) {
            case 'row':
              lastRow = Number(t.attributes.r) || lastRow + 1;
              lastColumn = 0;
              row = { number: lastRow, cells: [], nonText: [], formulas: [], hasValue: false };
              break;
            case 'c':
              lastColumn = columnOf(t.attributes.r) ?? lastColumn + 1;
              cell = {
                column: lastColumn,
                type: t.attributes.t ?? 'n',
                value: '',
                inline: '',
                formula: false,
                has: false,
              };
              break;
            case 'f':
              if (cell) cell.formula = true;
              break;
            case 'v':
              capture = 'v';
              if (cell) cell.has = true;
              break;
            case 'rPh':
              phonetic += 1;
              break;
            case 't':
              if (cell && phonetic === 0) {
                capture = 't';
                cell.has = true;
              }
              break;
          }
        },
        text: (text) => {
          if (!cell) return;
          if (capture === 'v') cell.value += text;
          else if (capture === 't') cell.inline += text;
        },
        close: (name) => {
          if (name === 'v' || name === 't') capture = undefined;
          else if (name === 'rPh') phonetic -= 1;
          else if (name === 'c' && cell && row) {
            let text: string;
            let textual = true;
            if (cell.type === 's') text = strings[Number(cell.value)] ?? '';
            else if (cell.type === 'inlineStr') text = cell.inline;
            else if (cell.type === 'str') text = cell.value;
            else {
              text = cell.value;
              textual = !cell.has;
            }
            row.cells[cell.column - 1] = text;
            if (cell.formula) row.formulas.push(cell.column);
            else if (!textual) row.nonText.push(cell.column);
            if (text !== '' || cell.formula) row.hasValue = true;
            cell = undefined;
          } else if (name === 'row' && row) {
            for (let i = 0; i < row.cells.length; i++) row.cells[i] ??= '';
            const { hasValue, ...done } = row;
            if (hasValue) ready.push(done);
            row = undefined;
          }
        },
      },
      async () => {
        while (ready.length > 0) await onRow(ready.shift()!);
      },
      filter,
    );
    while (ready.length > 0) await onRow(ready.shift()!);
    return { found: true, ...(filter ? { rows: filter.count } : {}) };
  } finally {
    zip.close();
  }
}

/**
 * Passes a sheet's XML on without the `<row>` elements `keep` refuses (by their 1-based order in
 * the sheet), so that a sample of a large sheet is read without parsing every row; counts them
 * all. Works on the text: `<` inside cell values is always escaped in XML.
 */
export class RowFilter {
  private buffer = '';
  private inRow = false;
  private keeping = false;
  /** Rows seen so far. */
  count = 0;

  constructor(private readonly keep: (index: number) => boolean) {}

  push(chunk: string): string {
    this.buffer += chunk;
    let out = '';
    for (;;) {
      if (!this.inRow) {
        const start = findRowStart(this.buffer);
        if (start < 0) {
          // Keep a tail that may be the beginning of "<row".
          const cut = Math.max(0, this.buffer.length - 5);
          out += this.buffer.slice(0, cut);
          this.buffer = this.buffer.slice(cut);
          return out;
        }
        out += this.buffer.slice(0, start);
        this.buffer = this.buffer.slice(start);
        const end = this.buffer.indexOf('>');
        if (end < 0) return out;
        this.count += 1;
        this.keeping = this.keep(this.count);
        if (this.buffer[end - 1] === '/') {
          if (this.keeping) out += this.buffer.slice(0, end + 1);
          this.buffer = this.buffer.slice(end + 1);
          continue;
        }
        this.inRow = true;
      }
      const close = this.buffer.indexOf('</row>');
      if (close < 0) return out;
      if (this.keeping) out += this.buffer.slice(0, close + 6);
      this.buffer = this.buffer.slice(close + 6);
      this.inRow = false;
    }
  }

  end(): string {
    const rest = this.inRow && !this.keeping ? '' : this.buffer;
    this.buffer = '';
    return rest;
  }
}

/** Where the next `<row` start tag begins (not `<rows…` or another name), or -1. */
function findRowStart(text: string): number {
  for (let at = text.indexOf('<row'); at >= 0; at = text.indexOf('<row', at + 4)) {
    const next = text[at + 4];
    if (next === undefined) return -1;
    if (next === ' ' || next === '>' || next === '/' || next === '\n' || next === '\t' || next === '\r') return at;
  }
  return -1;
}

/** The names of a workbook's sheets, in workbook order (the 1-based index readSheetRows takes). */
export async function readSheetNames(file: string): Promise<string[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: true });
  try {
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    const workbook = entries.get('xl/workbook.xml');
    if (!workbook) return [];
    const names: string[] = [];
    await parseZipXml(zip, workbook, { open: (t) => t.name === 'sheet' && names.push(t.attributes.name ?? '') });
    return names;
  } finally {
    zip.close();
  }
}
