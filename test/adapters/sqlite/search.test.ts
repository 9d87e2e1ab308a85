import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import { tempDir } from '../../helpers/cli.js';
import { cli, seedOcrDone, validationText } from '../../helpers/seed.js';
import { describeSearchContract } from '../../contract/search-index.js';

describeSearchContract('sqlite', () => SqliteCatalog.open(path.join(tempDir('sohoa-search-'), 'ws')));

describe('sohoa search', () => {
  it('reindex backfills a catalog whose pages were recorded before search existed; search prints snippets', async () => {
    const ws = path.join(tempDir('sohoa-search-cli-'), 'ws');
    const catalog = await seedOcrDone(ws, [
      { uid: 'qd', dossier: 'S-1', unit: '29236', pages: [{ text: validationText('quyet-dinh'), confidence: 90 }] },
      { uid: 'bl', dossier: 'S-2', unit: '842', pages: [{ text: validationText('bien-lai'), confidence: 90 }] },
    ]);
    catalog.db.exec('DELETE FROM search_fts; DELETE FROM search_rows;'); // as if made before search
    catalog.close();
    const before = await cli(['--workspace', ws, '--json', 'search', 'quyet dinh']);
    expect(JSON.parse(before.stdout).hits).toEqual([]);

    const re = await cli(['--workspace', ws, '--json', 'search', 'reindex']);
    expect(re.code, re.stderr).toBe(0);
    expect(JSON.parse(re.stdout)).toMatchObject({ documents: 2, pages: 2, rows: 4 });
    expect(JSON.parse(re.stdout).bytes).toBeGreaterThan(0);

    const hit = await cli(['--workspace', ws, 'search', 'quyet', 'dinh']);
    expect(hit.code, hit.stderr).toBe(0);
    expect(hit.stdout).toMatch(/1\. qd .*\n.*«Quyết» «định»|«QUYẾT» «ĐỊNH»/i);
    expect(hit.stdout).toContain('1 document(s) found');

    const filtered = await cli(['--workspace', ws, '--json', 'search', 'quyet dinh', '--unit', '842']);
    expect(JSON.parse(filtered.stdout).hits).toEqual([]);
    const bad = await cli(['--workspace', ws, 'search', 'x', '--from', '01/02/2022']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Expected a date YYYY-MM-DD for --from');
  });
});
