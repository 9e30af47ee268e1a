// Streams the records of a CSV text through papaparse, a batch at a time: the
// parser pauses after each batch until the consumer asks for the next, so at most
// one batch of parsed rows is ever held, whatever the file size.
// Each record carries the file line it starts on (header = line 1), counted from
// the parser's cursor so a quoted cell spanning lines does not shift later lines.
import Papa from "papaparse";

export interface CsvRecord {
  line: number;
  cells: string[];
  /** Parser complaints about this record (unbalanced quotes, …). */
  problems: string[];
}

export async function* csvRecords(content: string, batchSize = 500): AsyncGenerator<CsvRecord[]> {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  let buffer: CsvRecord[] = [];
  let finished = false;
  let failure: unknown = null;
  let parser: Papa.Parser | null = null;
  let wake: (() => void) | null = null;
  // papaparse reports cursors relative to where it resumed; `base` makes them absolute.
  let base = 0;
  let rowStart = 0;
  let lineAtCounted = 1;
  let counted = 0;
  const lineOf = (offset: number) => {
    for (let i = counted; i < offset; i++) if (text.charCodeAt(i) === 10) lineAtCounted++;
    counted = Math.max(counted, offset);
    return lineAtCounted;
  };
  const notify = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };

  Papa.parse<string[]>(text, {
    delimiter: ",",
    skipEmptyLines: false,
    step(result, handle) {
      parser = handle;
      const end = base + result.meta.cursor;
      const line = lineOf(rowStart);
      rowStart = end;
      const cells = result.data;
      // A blank line (or the final line break) is not a record.
      if (!(cells.length === 1 && cells[0]?.trim() === "")) {
        buffer.push({ line, cells, problems: result.errors.map((error) => error.message) });
      }
      if (buffer.length >= batchSize) {
        base = end;
        handle.pause();
        notify();
      }
    },
    complete() {
      finished = true;
      notify();
    },
    error(error: Error) {
      failure = error;
      finished = true;
      notify();
    },
  });

  for (;;) {
    if (failure) throw failure;
    if (buffer.length > 0 && (buffer.length >= batchSize || finished)) {
      const batch = buffer;
      buffer = [];
      yield batch;
      continue;
    }
    if (finished) return;
    const waiting = new Promise<void>((resolve) => (wake = resolve));
    (parser as Papa.Parser | null)?.resume();
    await waiting;
  }
}
