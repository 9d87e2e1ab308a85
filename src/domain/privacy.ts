/**
 * Personal data under Decree 13/2023 must never reach logs: citizen ID numbers (12 digits,
 * or the old 9-digit CMND), phone numbers and personal names. Masking keeps the first four
 * and last four digits of a citizen ID (two and two of shorter numbers), and the initials of
 * a name, so that an operator can still tell records apart.
 */

const MASK = '••••';

function maskDigits(digits: string): string {
  // Shorter numbers keep less, so that at least four digits are always hidden.
  if (digits.length < 12) return digits.slice(0, 2) + MASK + digits.slice(-2);
  return digits.slice(0, 4) + MASK + digits.slice(-4);
}

// 12-digit citizen IDs (CCCD: the first three digits are the province of registration, 001–096)
// and 9-digit CMND, not part of a longer number or a decimal fraction, and not a quantity: a
// number followed by a unit ("150000000 pixels", "123456789 bytes") is a measurement.
const CITIZEN_ID =
  /(?<!\d)(?<!\d[.,])(0(?:0[1-9]|[1-8]\d|9[0-6])\d{9}|\d{9})(?!\d)(?!\s*(?:pixels?|px|bytes?|[kKMGT]i?B|B|ms|giây|s|pages?|trang|dpi|đồng|VNĐ|VND|đ)(?![\p{L}\d]))/gu;
// Digests (MD5, SHA-1, SHA-256: 32 or more hex digits) and UUIDs identify files, never people:
// the masker leaves them whole (a digit run between two letters of a hash looked like an ID).
const NOT_PERSONAL = /(?<![0-9a-z])(?:[0-9a-f]{32,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-z])/gi;
// Vietnamese phone numbers: 0 or +84 followed by 9 digits, optionally with spaces or dots.
const PHONE = /(?<![\d+])(?:\+84|0)(?:[ .]?\d){9}(?![\d])/g;
// Names after the labels that introduce them on administrative forms ("Họ, chữ đệm, tên:",
// "Họ và tên / Full name:", "Tôi tên là", "Họ tên mẹ:").
const NAME_LABEL =
  /((?:h[oọ],? ch[uữ] đ[eệ]m,?(?: v[aà])? t[eê]n(?: ng[uư][oờ]i (?:m[eẹ]|cha|y[eê]u c[aầ]u))?|h[oọ] (?:v[aà] )?t[eê]n(?: (?:cha|m[eẹ]|ng[uư][oờ]i [^\n:：]{1,20}))?|full ?name|[oô]ng\s*(?:\(b[aà]\)|\/\s*b[aà])|ng[uư][oờ]i (?:k[yý]|y[eê]u c[aầ]u|đ[eề] ngh[iị]|l[aà]m đ[oơ]n|khai|n[oộ]p(?: ti[eề]n)?|ủy quy[eề]n|được ủy quy[eề]n))\s*[:：]\s*|t[oô]i t[eê]n l[aà]\s*[:：]?\s*)([^\n,;:"]{1,60})/giu;
// Names after an honorific: "ông Nguyễn Văn An", "bà TRẦN THỊ LAN" (two or more capitalised words).
// Case-sensitive on purpose: the capitals are what tell a name from the words after it.
const HONORIFIC_NAME = /(?<![\p{L}])((?:[ÔôOo]ng|[Bb]à|[Aa]nh|[Cc]hị|[Cc]ụ|[Ee]m|[Cc]háu|ÔNG|BÀ|ANH|CHỊ)\s+)(\p{Lu}\p{L}*(?:\s+\p{Lu}\p{L}*){1,4})/gu;

/** Applies `fn` to the text between digests and UUIDs, which pass through unchanged. */
function outsideDigests(text: string, fn: (part: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(NOT_PERSONAL)) {
    out += fn(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + fn(text.slice(last));
}

export function maskPersonalData(text: string): string {
  return outsideDigests(text, (t) =>
    t
      .replace(NAME_LABEL, (_m, label: string, name: string) => label + maskName(name))
      .replace(HONORIFIC_NAME, (_m, title: string, name: string) => title + maskName(name))
      .replace(PHONE, (m) => (m.startsWith('+') ? '+' : '') + maskDigits(m.replace(/\D/g, '')))
      .replace(CITIZEN_ID, (m) => maskDigits(m)),
  );
}

/**
 * Citizen ID numbers in a name that goes into an archive key or sidecar (a scan named
 * `cccd-084012341234.jpg`): `0840xxxx1234`. ASCII, so the key stays a plain S3 key.
 */
export function maskCitizenIdsInName(name: string): string {
  return outsideDigests(name, (t) => t.replace(CITIZEN_ID, (m) => maskDigits(m).replace(MASK, 'xxxx')));
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
