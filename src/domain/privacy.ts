/**
 * Personal data under Decree 13/2023 must never reach logs: citizen ID numbers (12 digits,
 * or the old 9-digit CMND), phone numbers and personal names. Masking keeps the first four
 * and last four digits so that an operator can still tell records apart.
 */

const MASK = '••••';

function maskDigits(digits: string): string {
  if (digits.length <= 8) return digits.slice(0, 2) + MASK + digits.slice(-2);
  return digits.slice(0, 4) + MASK + digits.slice(-4);
}

// 12-digit citizen IDs and 9-digit CMND, not part of a longer number.
const CITIZEN_ID = /(?<![\d])(\d{12}|\d{9})(?![\d])/g;
// Vietnamese phone numbers: 0 or +84 followed by 9 digits, optionally with spaces or dots.
const PHONE = /(?<![\d+])(?:\+84|0)(?:[ .]?\d){9}(?![\d])/g;
// Names after the labels that introduce them on administrative forms.
const NAME_LABEL =
  /((?:h[oọ] (?:v[aà] )?t[eê]n|h[oọ] t[eê]n|full ?name|ng[uư][oờ]i (?:k[yý]|y[eê]u c[aầ]u|đ[eề] ngh[iị]))\s*[:：]\s*)([^\n,;:]{1,60})/giu;

export function maskPersonalData(text: string): string {
  return text
    .replace(NAME_LABEL, (_m, label: string, name: string) => label + maskName(name))
    .replace(PHONE, (m) => maskDigits(m.replace(/\D/g, '')))
    .replace(CITIZEN_ID, (m) => maskDigits(m));
}

/** "Nguyễn Văn An" → "N••• V•• A•": initials stay, so a log still tells records apart. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((w) => {
      const chars = Array.from(w);
      return chars.length ? chars[0] + '•'.repeat(Math.max(1, chars.length - 1)) : w;
    })
    .join(' ');
}
