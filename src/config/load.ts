import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { configSchema, type Config } from './schema.js';

/** Environment variables with these prefixes are for tests, debugging and benchmarks, not config keys. */
const NON_CONFIG_ENV = [/^SOHOA_DEBUG_/, /^SOHOA_TEST_/, /^SOHOA_BENCH_/];
/**
 * Names that hold a secret (`SOHOA_P12_PASS`, `SOHOA_TOKEN_PIN`): no config key ends like this, and
 * once exported such a variable is seen by every later command, not only the one whose
 * --passphrase-env names it.
 */
const SECRET_ENV = /_(PASS|PASSWORD|PASSPHRASE|PIN|SECRET|TOKEN)$/;

type Leaf = { path: string[]; schema: z.ZodType; description?: string };

function unwrap(s: z.ZodType): z.ZodType {
  let cur: z.ZodType = s;
  for (;;) {
    if (cur instanceof z.ZodDefault || cur instanceof z.ZodPrefault || cur instanceof z.ZodOptional || cur instanceof z.ZodNullable) {
      cur = (cur as z.ZodDefault<z.ZodType>).unwrap() as z.ZodType;
    } else if (cur instanceof z.ZodPipe) {
      cur = cur.in as z.ZodType; // an object with a transform (an old key read as a new one)
    } else break;
  }
  return cur;
}

function leaves(s: z.ZodType, prefix: string[] = []): Leaf[] {
  const inner = unwrap(s);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([k, v]) => leaves(v, [...prefix, k]));
  }
  return [{ path: prefix, schema: inner, description: s.description ?? inner.description }];
}

/** `s3.forcePathStyle` → `SOHOA_S3_FORCE_PATH_STYLE`. */
export function envNameFor(keyPath: string[]): string {
  return 'SOHOA_' + keyPath.map((k) => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

function coerceEnv(raw: string, schema: z.ZodType): unknown {
  if (schema instanceof z.ZodNumber) return raw.trim() === '' ? raw : Number(raw);
  if (schema instanceof z.ZodBoolean) {
    if (/^(1|true|yes)$/i.test(raw)) return true;
    if (/^(0|false|no)$/i.test(raw)) return false;
    return raw;
  }
  // Lists: `a,b` or a JSON array.
  if (schema instanceof z.ZodArray && !raw.trim().startsWith('[')) return raw.split(',').map((v) => v.trim()).filter(Boolean);
  if (schema instanceof z.ZodRecord || schema instanceof z.ZodObject || schema instanceof z.ZodArray) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function setPath(obj: Record<string, unknown>, keyPath: string[], value: unknown): void {
  let cur = obj;
  for (const k of keyPath.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keyPath[keyPath.length - 1]!] = value;
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = out[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)) {
      out[k] = deepMerge(b as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/**
 * Names of the environment variables that hold secrets, as named by the `*Env` keys of a layer
 * (`sign.passphraseEnv: "SOHOA_P12_PASS"`). Such a variable is a secret, not a config key, even
 * when its name starts with SOHOA_.
 */
export function secretEnvNames(layer: unknown, out = new Set<string>()): Set<string> {
  if (!layer || typeof layer !== 'object') return out;
  for (const [k, v] of Object.entries(layer as Record<string, unknown>)) {
    if (/Env$/.test(k) && typeof v === 'string' && v) out.add(v);
    else if (v && typeof v === 'object') secretEnvNames(v, out);
  }
  return out;
}

export function configFromEnv(env: NodeJS.ProcessEnv, secrets: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const byName = new Map(leaves(configSchema).map((l) => [envNameFor(l.path), l]));
  const out: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('SOHOA_') || raw === undefined) continue;
    if (NON_CONFIG_ENV.some((re) => re.test(name)) || SECRET_ENV.test(name)) continue;
    const leaf = byName.get(name);
    if (!leaf) unknown.push(name);
    else setPath(out, leaf.path, coerceEnv(raw, leaf.schema));
  }
  // The env layer may itself name the secret's variable (SOHOA_SIGN_PASSPHRASE_ENV=SOHOA_P12_PASS).
  const allSecrets = secretEnvNames(out, new Set(secrets));
  const bad = unknown.find((name) => !allSecrets.has(name));
  if (bad) {
    throw new ConfigError(`Unknown environment variable ${bad}`, {
      hint:
        `Known SOHOA_* variables: ${[...byName.keys()].join(', ')}. ` +
        'A variable that holds a passphrase or PIN may be named …_PASS, …_PIN or …_SECRET, or any name that --passphrase-env/--pin-env (sign.passphraseEnv/sign.pinEnv) gives.',
    });
  }
  return out;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${file}: ${(err as Error).message}`, { file });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`Config file ${file} is not valid JSON: ${(err as Error).message}`, { file });
  }
}

function describeIssue(issue: z.core.$ZodIssue, source: string): string {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (key ? `${key}.${k}` : k));
    return `Unknown config key ${keys.join(', ')} (from ${source})`;
  }
  return `Bad value for config key ${key || '(root)'}: ${issue.message} (from ${source})`;
}

export interface LoadConfigOptions {
  /** Explicit --config; when absent, ./sohoa.config.json is read if it exists. */
  file?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags (highest precedence). */
  flags?: Record<string, unknown>;
}

/** Parses configuration once, at the entry point. Throws ConfigError (exit 3) naming the key. */
export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  const defaultFile = path.join(cwd, 'sohoa.config.json');
  const file = opts.file ? path.resolve(cwd, opts.file) : existsSync(defaultFile) ? defaultFile : undefined;
  const layers: Array<[string, Record<string, unknown>]> = [];
  const fromFile = file ? readConfigFile(file) : undefined;
  if (file) layers.push([file, fromFile!]);
  const secrets = secretEnvNames(opts.flags, secretEnvNames(fromFile));
  layers.push(['environment', configFromEnv(opts.env ?? process.env, secrets)]);
  layers.push(['command line', opts.flags ?? {}]);

  // Validate each layer alone first, so an error names where the bad key came from.
  for (const [source, layer] of layers) {
    const res = configSchema.safeParse(layer);
    if (!res.success) {
      const issue = res.error.issues[0]!;
      throw new ConfigError(describeIssue(issue, source), {
        hint: 'Run `sohoa config keys` for every key, its default and its meaning (docs/configuration.md).',
      });
    }
  }
  const merged = layers.reduce<Record<string, unknown>>((acc, [, l]) => deepMerge(acc, l), {});
  const cfg = configSchema.parse(merged);
  cfg.workspace = path.resolve(cwd, cfg.workspace);
  return cfg;
}

/** Key, default and description of every setting, for `sohoa config` and the README. */
export function describeConfig(): Array<{ key: string; env: string; description: string }> {
  return leaves(configSchema).map((l) => ({
    key: l.path.join('.'),
    env: envNameFor(l.path),
    description: l.description ?? '',
  }));
}
