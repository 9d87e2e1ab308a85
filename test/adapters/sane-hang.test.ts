/**
 * Fault injection: a scanimage that writes its pages, says its batch is over, and then never
 * returns from closing the device (as SANE's test backend does now and then after a jam, and as
 * some USB drivers do). The desk must get its pages and its answer in seconds, not after the
 * idle timeout, even when the hung process ignores SIGTERM.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SaneScanner } from '../../src/adapters/scanner/sane.js';
import { tempDir } from '../helpers/cli.js';

const HELP = `Options specific to device \`test':
    --mode Gray|Color [Gray]
    --resolution 1..1200dpi (in steps of 1) [50]
    --source Flatbed|Automatic Document Feeder [Flatbed]
`;

/** A scanimage stand-in: `--help` prints HELP; a scan writes `pages` pages, prints `status`, hangs. */
function fakeScanimage(pages: number, status: string): string {
  const dir = tempDir('sohoa-fake-sane-');
  const script = path.join(dir, 'scanimage');
  writeFileSync(
    script,
    `#!/bin/sh
trap '' TERM
for a in "$@"; do case "$a" in --help) printf '%s' "${HELP.replace(/`/g, '\\`')}"; exit 0;; --batch=*) out="\${a#--batch=}";; esac; done
i=1; while [ $i -le ${pages} ]; do f=$(printf "$out" $i); printf 'png' > "$f"; echo "Scanning page $i" >&2; i=$((i+1)); done
${status ? `echo "scanimage: sane_read: ${status}" >&2` : ''}
echo "Batch terminated, ${pages} pages scanned" >&2
exec sleep 600
`,
  );
  chmodSync(script, 0o755);
  return script;
}

const request = (outDir: string) => ({ device: 'test', source: 'ADF' as const, resolution: 300, mode: 'Color' as const, format: 'png' as const, outDir, idleTimeoutMs: 600_000 });

describe('scanimage hanging after its batch', () => {
  it('a jam, then a hang closing the device: the pages before the jam and the jam error, without waiting for the idle timeout', async () => {
    const scanner = new SaneScanner({ command: fakeScanimage(3, 'Document feeder jammed'), closeGraceMs: 300, killAfterMs: 300 });
    const r = await scanner.acquire(request(tempDir('sohoa-hang-out-')));
    expect(r.pages.map((p) => path.basename(p))).toEqual(['page-0001.png', 'page-0002.png', 'page-0003.png']);
    expect(r.error).toMatchObject({ reason: 'jammed' });
  });

  it('a clean batch, then a hang closing the device: the pages and no error', async () => {
    const scanner = new SaneScanner({ command: fakeScanimage(2, ''), closeGraceMs: 300, killAfterMs: 300 });
    const r = await scanner.acquire(request(tempDir('sohoa-hang-out-')));
    expect(r.pages).toHaveLength(2);
    expect(r.error).toBeUndefined();
  });
});
