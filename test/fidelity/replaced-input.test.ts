import { describe, expect, it } from 'vitest';
import { makeBench, page, sha256, sidecars } from './helpers.js';

/**
 * Issue 16, case 2: ingest scan.jpg with content X, replace it with Y, ingest again, run. The
 * result was two archived records, both containing Y; X was never archived.
 */
describe('a path whose content changed after ingest', () => {
  it('is a new version, logged as such, and both contents are archived as they were ingested', async () => {
    const b = await makeBench('replaced');
    const x = await page(1, 'jpeg');
    const y = await page(2, 'jpeg');
    b.put('29236/HS-1/ho-so/scan.jpg', x);
    const first = await b.cli(['ingest', b.inbox, '--settle-seconds', '0']);
    expect(first.code, first.stderr).toBe(0);

    b.put('29236/HS-1/ho-so/scan.jpg', y);
    const second = await b.cli(['ingest', b.inbox, '--settle-seconds', '0', '--json']);
    expect(second.code, second.stderr).toBe(0);
    const out = JSON.parse(second.stdout) as { registered: Array<{ version: number }>; versions: Array<{ version: number; previous: string; document: string }> };
    expect(out.registered.map((d) => d.version)).toEqual([2]);
    expect(out.versions).toHaveLength(1);
    expect(out.versions[0]!.version).toBe(2);
    expect(second.stderr).toMatch(/New version 2 of .*scan\.jpg changed after it was ingested/);

    const run = await b.run();
    expect(run.code, run.stderr).toBe(0);
    const archived = sidecars(b.ws);
    expect(archived).toHaveLength(2);
    expect(archived.map((s) => s.sources[0]!.sha256).sort()).toEqual([sha256(x), sha256(y)].sort());
    expect(new Set(archived.map((s) => s.document.id)).size).toBe(2);
  });
});
