import { Command, Help, type Argument, type Option } from 'commander';
import { getLang, t, type MessageKey } from '../i18n/index.js';

/**
 * Commander in the run language. Commander words its help headings and its usage errors in
 * English and offers no catalogue, so the headings go through `styleTitle`, the help option and
 * command get their descriptions here, and `error()` rewords commander's English messages (all
 * of them start with `error: `) before they are printed. In English everything stays exactly as
 * commander says it, so scripts that match commander's texts keep working.
 */
export class SohoaCommand extends Command {
  override createCommand(name?: string): Command {
    return new SohoaCommand(name);
  }

  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    return super.error(getLang() === 'en' ? message : translateCommanderError(message), errorOptions);
  }
}

/** Sets the help option, help command, version option and headings; call before adding commands (they inherit it). */
export function localizeHelp(program: Command, version: string): Command {
  if (getLang() === 'en') return program.version(version);
  return program
    .version(version, '-V, --version', t('help.versionOption'))
    .helpOption('-h, --help', t('help.helpOption'))
    .helpCommand('help [command]', t('help.helpCommand'))
    .configureHelp({
      styleTitle: (title: string) => HEADINGS[title] ? t(HEADINGS[title]) : title,
      commandUsage(this: Help, cmd: Command) {
        return placeholders(Help.prototype.commandUsage.call(this, cmd));
      },
      subcommandTerm(this: Help, cmd: Command) {
        return placeholders(Help.prototype.subcommandTerm.call(this, cmd));
      },
      optionDescription(this: Help, option: Option) {
        return extras(Help.prototype.optionDescription.call(this, option));
      },
      argumentDescription(this: Help, argument: Argument) {
        return extras(Help.prototype.argumentDescription.call(this, argument));
      },
    });
}

const HEADINGS: Record<string, MessageKey> = {
  'Usage:': 'help.usage',
  'Options:': 'help.options',
  'Global Options:': 'help.globalOptions',
  'Commands:': 'help.commands',
  'Arguments:': 'help.arguments',
};

function placeholders(usage: string): string {
  return usage.replace('[options]', t('help.optionsPlaceholder')).replace('[command]', t('help.commandPlaceholder'));
}

/** `(default: "x", choices: "a", "b")` as commander appends it to a description. */
function extras(description: string): string {
  return description.replace(/\((default|choices|env|preset): /g, (_m, w: string) => `(${t(`help.${w}` as MessageKey)}: `).replace(/, (default|choices|env|preset): /g, (_m, w: string) => `, ${t(`help.${w}` as MessageKey)}: `);
}

/** Commander's English usage errors, each with the catalogue key that says it (commander 14's wording). */
const ERRORS: Array<[RegExp, MessageKey, string[]]> = [
  [/^unknown option '(.*)'$/, 'help.unknownOption', ['flag']],
  [/^unknown command '(.*)'$/, 'help.unknownCommand', ['name']],
  [/^missing required argument '(.*)'$/, 'help.missingArgument', ['name']],
  [/^option '(.*)' argument missing$/, 'help.optionMissingArgument', ['flags']],
  [/^required option '(.*)' not specified$/, 'help.missingMandatory', ['flags']],
  [/^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/, 'help.excessArguments', ['command', 'expected', 'received']],
  [/^option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/, 'help.invalidChoice', ['flags', 'value', 'choices']],
  [/^command-argument value '(.*)' is invalid for argument '(.*)'\. Allowed choices are (.*)\.$/, 'help.invalidArgumentChoice', ['value', 'name', 'choices']],
  [/^option '(.*)' argument '(.*)' is invalid\. ([^]*)$/, 'help.invalidOptionValue', ['flags', 'value', 'detail']],
  [/^command-argument value '(.*)' is invalid for argument '(.*)'\. ([^]*)$/, 'help.invalidArgumentValue', ['value', 'name', 'detail']],
  [/^(.*) cannot be used with (.*)$/, 'help.conflictingOption', ['option', 'other']],
];

export function translateCommanderError(message: string): string {
  const m = /^error: ([^]*?)(?:\n\(Did you mean (one of )?(.*)\?\))?$/.exec(message);
  if (!m) return message;
  const [, body, oneOf, similar] = m;
  let text = body!;
  for (const [re, key, names] of ERRORS) {
    const hit = re.exec(body!);
    if (!hit) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, hit[i + 1] ?? '']));
    if (key === 'help.excessArguments') params.command = params.command ? ` '${params.command}'` : '';
    text = t(key, params);
    break;
  }
  const suggestion = similar ? `\n${t(oneOf ? 'help.didYouMeanOneOf' : 'help.didYouMean', { names: similar })}` : '';
  return `${t('help.errorLabel')}: ${text}${suggestion}`;
}

/** The text after a command's help: an optional paragraph, then its examples (the commands themselves are not translated). */
export function helpAfter(examples: string[], more?: string, heading?: string): string {
  const title = heading ?? t(examples.length > 1 ? 'help.examples' : 'help.example');
  return `${more ? `\n${more}\n` : ''}\n${title}\n${examples.map((e) => `  $ ${e}`).join('\n')}`;
}
