import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDate, readCsv } from '../../src/registry/csv.js';
import { tempDir } from '../helpers/cli.js';

async function all(file: string) {
  const out = [];
  for await (const r of readCsv(file)) out.push(r);
  return out;
}

describe('csv', () => {
  it('splits quoted fields with commas and doubled quotes', async () => {
    const f = path.join(tempDir(), 'q.csv');
    writeFileSync(f, 'a,b,c,d\nx,"b, c","say ""hi""",\n');
    expect((await all(f))[0]!.values).toEqual({ a: 'x', b: 'b, c', c: 'say "hi"', d: '' });
  });

  it('reads a BOM, CRLF, blank lines and a quoted newline with the right line numbers', async () => {
    const f = path.join(tempDir(), 'x.csv');
    writeFileSync(f, '\uFEFFcode,name\r\n1,"Sở Tư pháp"\r\n\r\n2,"line one\nline two"\r\n3,last');
    const recs = await all(f);
    expect(recs.map((r) => r.line)).toEqual([2, 4, 6]);
    expect(recs[0]!.values).toEqual({ code: '1', name: 'Sở Tư pháp' });
    expect(recs[1]!.values.name).toBe('line one\nline two');
    expect(recs[2]!.values).toEqual({ code: '3', name: 'last' });
  });

  it('rejects a missing column and an unclosed quote', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'h.csv');
    writeFileSync(f, 'code\n1\n');
    await expect(async () => {
      for await (const _ of readCsv(f, ['code', 'name'])) void _;
    }).rejects.toThrow(/missing name/);
    const g = path.join(dir, 'q.csv');
    writeFileSync(g, 'a,b\n1,"never closed\n');
    await expect(all(g)).rejects.toThrow(/never closed/);
  });

  it('parses ISO and Vietnamese dates and refuses impossible ones', () => {
    expect(parseDate('2022-01-13')).toBe('2022-01-13');
    expect(parseDate('13/01/2022')).toBe('2022-01-13');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('29/02/2023')).toBeUndefined();
    expect(parseDate('2022-13-01')).toBeUndefined();
    expect(parseDate('2022/01/13')).toBeUndefined();
  });
});
