import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { SqlCatalog } from '../adapters/sql/catalog.js';
import type { Config } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { FIXTURES } from '../fixtures-path.js';
import { importUnitMap, importUnits } from '../registry/units-import.js';
import { importRegister } from '../registry/register-import.js';
import { buildReport, type Report } from '../report/build.js';
import { renderHtml } from '../report/render-html.js';
import { createDemoP12 } from '../stages/sign/demo.js';
import { writeFileAtomic } from '../util/fs.js';
import type { EventSink, RunSummary } from './events.js';
import { runPipeline } from './run.js';
import { STEP_NAMES } from './steps.js';

const MARKER = '.sohoa-demo';

export interface DemoResult {
  dir: string;
  workspace: string;
  archive: string;
  catalog: string;
  htmlReport: string;
  certificate: string;
  summary: RunSummary;
  before: Report;
  report: Report;
}

/** A fresh demo folder: refuses to wipe a folder that a demo did not create. */
export async function prepareDemoDir(dir: string): Promise<void> {
  if (existsSync(dir)) {
    if (!existsSync(path.join(dir, MARKER))) {
      throw new UsageError(`${dir} exists and was not made by \`sohoa demo\`; refusing to replace it`, { hint: 'Pass another folder with --dir.' });
    }
    await fsp.rm(dir, { recursive: true, force: true });
  }
  await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(path.join(dir, MARKER), 'Made by `sohoa demo`; deleted and made anew by the next one.\n');
}

/**
 * `sohoa demo`: the whole product on bundled samples. Units and a register of 600 Trà Vinh
 * dossiers, then the demo inbox through OCR, classification, a DEMO signature and the local
 * archive, then the report before and after.
 */
export async function runDemo(o: {
  dir: string;
  openCatalog: (workspace: string) => SqlCatalog;
  baseConfig: Config;
  cpuConcurrency: number;
  signal: AbortSignal;
  events: EventSink;
}): Promise<DemoResult> {
  const dir = path.resolve(o.dir);
  await prepareDemoDir(dir);
  const workspace = path.join(dir, 'workspace');
  const archive = path.join(dir, 'archive');
  const catalog = o.openCatalog(workspace);
  await importUnits(catalog, path.join(FIXTURES, 'units/tra-vinh-2025-03-01.csv'));
  await importUnitMap(catalog, path.join(FIXTURES, 'units/tra-vinh-to-vinh-long-2025-07-01.csv'));
  await importRegister(catalog, path.join(FIXTURES, 'register/tra-vinh-2022.csv'));
  const targets = o.baseConfig.report.targets;
  const before = buildReport(catalog, { targets, level: 'province' });

  const key = await createDemoP12(path.join(dir, 'keys'));
  const config: Config = {
    ...o.baseConfig,
    workspace,
    archive: new URL(`file://${archive}`).href,
    ocr: { ...o.baseConfig.ocr, settleSeconds: 0 },
    sign: {
      ...o.baseConfig.sign,
      p12: key.p12Path,
      passphraseEnv: undefined,
      passphraseFile: key.passphraseFile,
      pkcs11Module: undefined,
      agency: 'UBND Phường 4, thành phố Trà Vinh (DEMO)',
      appearance: 'copy',
      tsa: undefined,
    },
  };
  const result = await runPipeline({
    catalog,
    config,
    inbox: path.join(FIXTURES, 'demo-inbox'),
    steps: [...STEP_NAMES],
    cpuConcurrency: o.cpuConcurrency,
    signal: o.signal,
    events: o.events,
  });
  if ('dryRun' in result) throw new Error('unreachable: the demo never dry-runs');
  const report = buildReport(catalog, { targets });
  const htmlReport = path.join(dir, 'report.html');
  await writeFileAtomic(htmlReport, renderHtml(report, o.baseConfig.report.lang ?? o.baseConfig.lang));
  return {
    dir,
    workspace,
    archive,
    catalog: path.join(workspace, 'catalog.sqlite'),
    htmlReport,
    certificate: key.p12Path,
    summary: result.summary,
    before,
    report,
  };
}
