import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isLang, langFromArgv, type Lang } from '../i18n/index.js';

/**
 * The run language, known before the program is built so that help texts, commander's errors
 * and a bad config file all speak it: `--lang` anywhere in argv, then SOHOA_LANG, then the config
 * file's `lang` (read here without the schema: a broken file is reported later, by loadConfig),
 * then Vietnamese.
 */
export function runLang(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Lang {
  const flagged = argv.some((a) => a === '--lang' || a.startsWith('--lang='));
  if (flagged || isLang(env.SOHOA_LANG)) return langFromArgv(argv, env);
  return configLang(configFile(argv, cwd)) ?? 'vi';
}

function configFile(argv: string[], cwd: string): string | undefined {
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--config') file = argv[i + 1];
    else if (a.startsWith('--config=')) file = a.slice(9);
  }
  if (file) return path.resolve(cwd, file);
  const byDefault = path.join(cwd, 'sohoa.config.json');
  return existsSync(byDefault) ? byDefault : undefined;
}

function configLang(file: string | undefined): Lang | undefined {
  if (!file) return undefined;
  try {
    const lang = (JSON.parse(readFileSync(file, 'utf8')) as { lang?: unknown }).lang;
    return isLang(lang) ? lang : undefined;
  } catch {
    return undefined;
  }
}
