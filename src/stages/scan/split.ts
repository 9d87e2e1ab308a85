import type { DocumentPart } from '../../domain/document-state.js';
import { ConfigError } from '../../errors.js';
import type { ScanConfig } from '../../config/schema.js';

/** What happens to one page of a stack. */
export type PagePlan =
  | { action: 'file'; dossier: string; part: DocumentPart }
  /** No dossier yet: the "needs a dossier" holding area. */
  | { action: 'hold' }
  | { action: 'drop'; why: 'separator' | 'result-marker' | 'blank-backside' };

export interface SplitRules {
  pattern: RegExp;
  resultMarker: string;
  codePage: 'keep' | 'drop';
  markerPage: 'keep' | 'drop';
}

export function splitRules(cfg: Pick<ScanConfig, 'dossierPattern' | 'resultMarker' | 'codePage' | 'markerPage'>): SplitRules {
  let pattern: RegExp;
  try {
    pattern = new RegExp(cfg.dossierPattern, 'u');
  } catch (err) {
    throw new ConfigError(`Expected a regular expression for scan.dossierPattern, got ${JSON.stringify(cfg.dossierPattern)}: ${(err as Error).message}`, {
      hint: 'Example: ^\\d{2,5}-\\d{4}-\\d{7}$ for codes like 84-2022-0000109.',
      key: 'scan.badPattern',
      params: { pattern: JSON.stringify(cfg.dossierPattern), detail: (err as Error).message },
    });
  }
  return { pattern, resultMarker: cfg.resultMarker.trim(), codePage: cfg.codePage, markerPage: cfg.markerPage };
}

/** A folder-safe dossier code in a barcode's text, or undefined. Codes starting with _ are sohoa's own folders. */
export function dossierCodeIn(text: string, rules: SplitRules): string | undefined {
  const m = rules.pattern.exec(text);
  if (!m) return undefined;
  const code = (m.groups?.code ?? m[0]).trim();
  if (!code || code === '.' || code === '..' || /[\\/\0:*?"<>|]/.test(code) || code.startsWith('_') || code.startsWith('.')) return undefined;
  return code;
}

export interface SplitStart {
  /** Dossier for the pages before the first barcode; they are held when absent. */
  dossier?: string;
  /** The part a dossier starts in (ho-so unless asked). */
  part: DocumentPart;
}

/**
 * Splits a stack in page order: a dossier code starts a dossier (same code again: the same
 * dossier goes on), the result marker switches it to ket-qua, the rest follow the page before.
 */
export function planSplit(pages: Array<{ codes: string[]; blankBackside?: boolean }>, rules: SplitRules, start: SplitStart): PagePlan[] {
  let dossier = start.dossier;
  let part = start.part;
  return pages.map((p): PagePlan => {
    if (p.blankBackside) return { action: 'drop', why: 'blank-backside' };
    // The marker is never a dossier code, even when the pattern would take it.
    const code = p.codes.filter((t) => t !== rules.resultMarker).map((t) => dossierCodeIn(t, rules)).find(Boolean);
    const marker = p.codes.some((t) => t === rules.resultMarker);
    if (code && code !== dossier) [dossier, part] = [code, start.part];
    if (marker) part = 'ket-qua';
    const keep = code ? rules.codePage === 'keep' : marker ? rules.markerPage === 'keep' : true;
    if (!keep) return { action: 'drop', why: code ? 'separator' : 'result-marker' };
    return dossier ? { action: 'file', dossier, part } : { action: 'hold' };
  });
}
