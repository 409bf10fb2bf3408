/**
 * Reading an uploaded register row by row, never the whole file at once: .xlsx through
 * ExcelJS's streaming WorkbookReader (the first worksheet only), .csv through csv-parse.
 * Rows without any value are skipped (a sheet formatted down to row 1,048,576 is a sheet of
 * empty rows, not a million people). A cell holding a formula is reported, never evaluated:
 * its cached result may be stale and the formula is not the register's business.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { cellText } from './columns.ts';

export type FileKind = 'xlsx' | 'csv';

export interface SheetRow {
  /** The spreadsheet's own row number (1 = the first line). */
  rowNo: number;
  /** Cell texts by 0-based column index. */
  cells: string[];
  /** 0-based indexes of cells that hold a formula. */
  formulas: number[];
}

/**
 * What a file is by its first bytes, whatever its name says: an .xlsx is a ZIP archive;
 * a .csv is text (UTF-8, or GB18030 as Excel for Chinese Windows saves it) without NUL
 * bytes. Anything else — a .xls (OLE2), a PDF, an image — is undefined.
 */
export function sniffKind(head: Buffer): FileKind | undefined {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.length === 0) return undefined;
  if (head.includes(0)) return undefined;
  const ole2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
  if (head.subarray(0, 4).equals(ole2)) return undefined;
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return undefined;
  return 'csv';
}

/** UTF-8 when the first bytes decode as UTF-8 (a cut character at the end allowed), else GB18030. */
export function csvEncoding(head: Buffer): 'utf-8' | 'gb18030' {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

async function fileHead(path: string, bytes = 65536): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function isFormula(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}

/** Buffers decoded as UTF-8 across chunk boundaries: a character split between two chunks stays whole. */
async function* utf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/**
 * ExcelJS's streaming reader decodes each compressed chunk on its own, so a Chinese
 * character that straddles two chunks turns into U+FFFD (金溪��园). The worksheet and the
 * shared strings are handed to it as text decoded across chunks instead.
 */
class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string) {
    const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as {
      _parseWorksheet(this: unknown, it: AsyncIterable<string>, no: string): unknown;
    };
    return base._parseWorksheet.call(this, utf8(iterator), sheetNo);
  }
  _parseSharedStrings(entry: NodeJS.ReadableStream) {
    entry.setEncoding('utf8');
    const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as {
      _parseSharedStrings(this: unknown, e: NodeJS.ReadableStream): unknown;
    };
    return base._parseSharedStrings.call(this, entry);
  }
}

async function* xlsxRows(path: string): AsyncGenerator<SheetRow> {
  const input = createReadStream(path);
  const reader = new Utf8WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const cells: string[] = [];
        const formulas: number[] = [];
        let any = false;
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          const value = cell.value;
          if (isFormula(value)) {
            formulas.push(col - 1);
            any = true;
            return;
          }
          const text = cellText(value);
          if (text !== '') {
            cells[col - 1] = text;
            any = true;
          }
        });
        if (!any) continue;
        for (let i = 0; i < cells.length; i++) cells[i] ??= '';
        yield { rowNo: row.number, cells, formulas };
      }
      // The register is the first worksheet; further sheets (notes, examples) are not read.
      break;
    }
  } finally {
    input.destroy();
  }
}

async function* csvRows(path: string): AsyncGenerator<SheetRow> {
  const encoding = csvEncoding(await fileHead(path));
  const decoder = new TextDecoder(encoding);
  const decode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const input = createReadStream(path);
  const parser = input.pipe(decode).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // The template's example lines start with #: they are read as comments.
      comment: '#',
      comment_no_infix: true,
      info: true,
    }),
  );
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = record.record.map((c) => c.trim());
      if (cells.every((c) => c === '')) continue;
      // Excel runs a cell that starts with = as a formula when it opens a .csv.
      const formulas: number[] = [];
      cells.forEach((c, i) => {
        if (c.startsWith('=')) {
          formulas.push(i);
          cells[i] = '';
        }
      });
      yield { rowNo: record.info.lines, cells, formulas };
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/** The non-empty rows of the file, in order. Throws when the file is not what its kind says. */
export function readRows(path: string, kind: FileKind): AsyncGenerator<SheetRow> {
  return kind === 'xlsx' ? xlsxRows(path) : csvRows(path);
}
