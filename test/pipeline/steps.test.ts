import { describe, expect, it } from 'vitest';
import { parseSteps, stepFor } from '../../src/pipeline/steps.js';
import { parseDuration, remainingSteps } from '../../src/pipeline/run.js';
import { buildSchedule } from '../../src/pipeline/schedule.js';

describe('pipeline steps', () => {
  it('resumes a document from its last completed stage', () => {
    expect(stepFor('ingested')?.name).toBe('ocr');
    expect(stepFor('preprocessed')?.name).toBe('ocr'); // a crash mid-OCR redoes the step
    expect(stepFor('pdf')?.name).toBe('classify');
    expect(stepFor('signed')?.name).toBe('archive');
    expect(stepFor('archived')).toBeUndefined();
    expect(remainingSteps({ stage: 'classified' }, ['ocr', 'classify', 'sign', 'archive'])).toEqual(['sign', 'archive']);
    expect(remainingSteps({ stage: 'ingested' }, ['ocr', 'sign'])).toEqual(['ocr']);
    expect(remainingSteps({ stage: 'pdf' }, ['sign'])).toEqual([]);
  });

  it('parses --stages and --max-duration', () => {
    expect(parseSteps('sign,ocr')).toEqual(['ocr', 'sign']);
    expect(() => parseSteps('ocr,upload')).toThrow(/upload/);
    expect(() => parseSteps('ocr,upload')).toThrow(expect.objectContaining({ key: 'run.badStages', params: { steps: 'ocr,classify,sign,archive', got: 'upload' } }));
    expect(parseDuration('6h')).toBe(6 * 3600_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('45s')).toBe(45_000);
    expect(() => parseDuration('6 hours')).toThrow(/duration/);
  });

  it('prints a systemd pair and a crontab line with absolute paths', () => {
    const s = buildSchedule({ at: '01:30', inbox: 'inbox', workspace: 'ws', maxDuration: '6h', name: 'sohoa-nightly', user: 'archivist', envFile: '/etc/sohoa/sohoa.env' });
    expect(s.timer).toContain('OnCalendar=*-*-* 01:30:00');
    expect(s.service).toMatch(/ExecStart=\/\S+node \/\S+\/bin\/sohoa\.js --workspace \/\S+\/ws run \/\S+\/inbox --max-duration 6h --log-format json/);
    expect(s.service).toContain('EnvironmentFile=-/etc/sohoa/sohoa.env');
    expect(s.crontab).toMatch(/^30 1 \* \* \* /);
    expect(s.crontab).toContain('>> ');
    const exec = s.service.split('\n').find((l) => l.startsWith('ExecStart='))!;
    expect(exec).not.toMatch(/passphrase|pin|secret|key/i); // secrets come from EnvironmentFile
  });
});
