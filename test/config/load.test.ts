import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, describeConfig, envNameFor, loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

describe('config', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({ cwd: tempDir(), env: {} });
    expect(c.report.targets).toEqual({ province: 50, district: 40, commune: 35 });
    expect(c.ocr.minDpi).toBe(200);
    expect(c.classify.minConfidence).toBe(0.6);
    expect(path.isAbsolute(c.workspace)).toBe(true);
  });

  it('layers file < environment < flags', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'sohoa.config.json'), JSON.stringify({ ocr: { minDpi: 300, lang: 'vie' }, report: { lang: 'en' } }));
    const c = loadConfig({ cwd: dir, env: { SOHOA_OCR_MIN_DPI: '250' }, flags: { report: { lang: 'vi' } } });
    expect(c.ocr.minDpi).toBe(250); // env beats file
    expect(c.ocr.lang).toBe('vie'); // file beats default
    expect(c.report.lang).toBe('vi'); // flag beats file
  });

  it('names the key of an unknown or bad value and where it came from', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'x.json'), JSON.stringify({ s3: { endpont: 'http://x' } }));
    expect(() => loadConfig({ cwd: dir, file: 'x.json', env: {} })).toThrow(/Unknown config key s3\.endpont \(from .*x\.json\)/);
    expect(() => loadConfig({ cwd: dir, env: { SOHOA_OCR_MIN_DPI: 'high' } })).toThrow(/ocr\.minDpi.*environment/);
    expect(() => loadConfig({ cwd: dir, env: { SOHOA_NOPE: '1' } })).toThrow(ConfigError);
    writeFileSync(path.join(dir, 'bad.json'), '{ nope');
    expect(() => loadConfig({ cwd: dir, file: 'bad.json', env: {} })).toThrow(/not valid JSON/);
  });

  it('accepts a SOHOA_* variable that --passphrase-env or sign.pinEnv names as a secret (issue 16: README sign example)', () => {
    const dir = tempDir();
    const env = { SOHOA_AGENCY_KEY: 's3cret' };
    // The README's example: export SOHOA_P12_PASS=…; sohoa sign … --passphrase-env SOHOA_P12_PASS
    expect(() => loadConfig({ cwd: dir, env: { SOHOA_P12_PASS: 's3cret' }, flags: { sign: { passphraseEnv: 'SOHOA_P12_PASS' } } })).not.toThrow();
    // Once exported it is seen by every later command (`sohoa verify` has no --passphrase-env).
    expect(() => loadConfig({ cwd: dir, env: { SOHOA_P12_PASS: 's3cret', SOHOA_TOKEN_PIN: '1', SOHOA_S3_SECRET: 'x' } })).not.toThrow();
    expect(() => loadConfig({ cwd: dir, env, flags: { sign: { passphraseEnv: 'SOHOA_AGENCY_KEY' } } })).not.toThrow();
    writeFileSync(path.join(dir, 'sohoa.config.json'), JSON.stringify({ sign: { pinEnv: 'SOHOA_TOKEN_PIN' } }));
    expect(() => loadConfig({ cwd: dir, env: { SOHOA_TOKEN_PIN: '1234' } })).not.toThrow();
    expect(() => loadConfig({ cwd: tempDir(), env: { ...env, SOHOA_SIGN_PASSPHRASE_ENV: 'SOHOA_AGENCY_KEY' } })).not.toThrow();
    // Not named as a secret anywhere: still a typo'd config key, and the hint says how to name it.
    expect(() => loadConfig({ cwd: tempDir(), env })).toThrow(/Unknown environment variable SOHOA_AGENCY_KEY/);
    // The secret's value never becomes config.
    expect(JSON.stringify(loadConfig({ cwd: tempDir(), env, flags: { sign: { passphraseEnv: 'SOHOA_AGENCY_KEY' } } }))).not.toContain('s3cret');
  });

  it('maps every key to an environment variable', () => {
    expect(envNameFor(['s3', 'forcePathStyle'])).toBe('SOHOA_S3_FORCE_PATH_STYLE');
    expect(configFromEnv({ SOHOA_S3_FORCE_PATH_STYLE: 'true', SOHOA_DEBUG_X: '1', PATH: '/bin' })).toEqual({ s3: { forcePathStyle: true } });
    const keys = describeConfig();
    expect(keys.find((k) => k.key === 'report.targets.district')?.env).toBe('SOHOA_REPORT_TARGETS_DISTRICT');
    expect(keys.filter((k) => k.description.length === 0)).toEqual([]);
  });
});
