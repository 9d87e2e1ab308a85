import type { Stage } from '../../src/domain/document-state.js';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import type { RunnerOptions, StepHandler } from '../../src/pipeline/runner.js';
import type { DocumentRecord } from '../../src/ports/document-store.js';

/**
 * The runner with injected step handlers, for the runner's tests: `n` pending documents kept in a
 * map, each step advancing the stage after `handler` ran, events collected. Tests add or override
 * options (`extra`).
 */
export function runnerFixture(n: number, handler: (doc: DocumentRecord, step: string) => Promise<void>, extra: Partial<RunnerOptions> = {}) {
  const docs = new Map<number, DocumentRecord>();
  for (let i = 1; i <= n; i++) {
    docs.set(i, { id: i, uid: `doc-${i}`, dossierCode: 'D', unitCode: '84', part: 'ho-so', name: `d${i}`, stage: 'ingested', status: 'pending', reason: null, message: null, pageCount: 1, workDir: null, pdfSha256: null, createdAt: '', updatedAt: '' });
  }
  const next: Record<string, Stage> = { ocr: 'pdf', classify: 'classified', sign: 'signed', archive: 'archived' };
  const step = (name: string): StepHandler => async (doc) => {
    await handler(doc, name);
    docs.get(doc.id)!.stage = next[name]!;
  };
  const events: PipelineEvent[] = [];
  const controller = new AbortController();
  const opts: RunnerOptions = {
    runId: 1,
    steps: ['ocr', 'classify', 'sign', 'archive'],
    handlers: { ocr: step('ocr'), classify: step('classify'), sign: step('sign'), archive: step('archive') },
    reload: (id) => ({ ...docs.get(id)! }),
    reject: () => undefined,
    cpuConcurrency: 2,
    ioConcurrency: 2,
    maxInFlight: 3,
    signal: controller.signal,
    events: (e) => events.push(e),
    ...extra,
  };
  return { docs, events, controller, opts, list: () => [...docs.values()].map((d) => ({ ...d })) };
}

export const tick = () => new Promise<void>((r) => setImmediate(r));
