import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeBench, page } from './helpers.js';

/** Issue 16, case 7: a document for unit 99999 was archived under x/x/99999, in no report, with no warning. */
describe('unknown unit at ingest', () => {
  it('rejects the document with the unit code and a hint, keeps the others, and lets a person retry after importing the unit', async () => {
    const b = await makeBench('unit');
    b.put('29236/HS-1/ho-so/don.png', await page(1));
    b.put('99999/HS-9/ho-so/don.png', await page(2));
    const res = await b.cli(['ingest', b.inbox, '--settle-seconds', '0', '--json']);
    expect(res.code, res.stderr).toBe(2);
    const out = JSON.parse(res.stdout) as {
      registered: Array<{ unitCode: string }>;
      rejected: Array<{ reason: string; message: string; hint: string; document: string }>;
    };
    expect(out.registered.map((d) => d.unitCode)).toEqual(['29236']);
    expect(out.rejected).toHaveLength(1);
    const r = out.rejected[0]!;
    expect(r.reason).toBe('unknown-unit');
    expect(r.message).toContain('99999');
    expect(r.hint).toContain('sohoa units import');

    // Still unknown: retry refuses and says why.
    const early = await b.cli(['documents', 'retry', r.document]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('99999');

    const units = path.join(b.dir, 'more-units.csv');
    writeFileSync(units, 'code,name,type,level,parent_code\n99999,Xã Thử,Xã,commune,842\n');
    expect((await b.cli(['units', 'import', units])).code).toBe(0);
    const retry = await b.cli(['documents', 'retry', r.document, '--json']);
    expect(retry.code, retry.stderr).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ document: r.document, before: 'rejected', after: 'pending', reason: 'unknown-unit' });
  });
});
