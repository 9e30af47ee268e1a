import { describe, expect, it } from "vitest";
import { csvRecords } from "./parse";

async function all(content: string, batchSize = 2) {
  const batches: Array<Array<{ line: number; cells: string[] }>> = [];
  for await (const batch of csvRecords(content, batchSize)) batches.push(batch.map(({ line, cells }) => ({ line, cells })));
  return batches;
}

describe("csvRecords", () => {
  it("yields records in batches with the line each starts on", async () => {
    const batches = await all("a,b\r\n1,2\r\n3,4\r\n5,6\r\n", 2);
    expect(batches.map((b) => b.length)).toEqual([2, 2]);
    expect(batches.flat()).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
      { line: 4, cells: ["5", "6"] },
    ]);
  });

  it("counts lines inside quoted cells and skips blank lines, across pauses", async () => {
    const text = 'a,b\n1,"x\ny"\n\n2,"p\n\nq"\n3,"z"\n4,5';
    const records = (await all(text, 1)).flat();
    expect(records).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "x\ny"] },
      { line: 5, cells: ["2", "p\n\nq"] },
      { line: 8, cells: ["3", "z"] },
      { line: 9, cells: ["4", "5"] },
    ]);
  });

  it("drops a byte-order mark and handles a file without a final line break", async () => {
    const records = (await all("\ufeffsku,name\nA,B", 10)).flat();
    expect(records).toEqual([
      { line: 1, cells: ["sku", "name"] },
      { line: 2, cells: ["A", "B"] },
    ]);
  });

  it("streams a large file without holding more than a batch", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},x`).join("\n");
    let count = 0;
    let maxBatch = 0;
    for await (const batch of csvRecords(`n,v\n${rows}\n`, 300)) {
      count += batch.length;
      maxBatch = Math.max(maxBatch, batch.length);
      expect(batch[batch.length - 1]!.line).toBe(count);
    }
    expect(count).toBe(5001);
    expect(maxBatch).toBe(300);
  });
});
