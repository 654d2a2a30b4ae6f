// The recorder bundles this file and the server runs it again on every batch: no imports, no "server-only".

export enum PiiPlaceholder {
  Email = "[email]",
  Card = "[card]",
  Iban = "[iban]",
  Phone = "[phone]",
  NationalId = "[national-id]",
  Token = "[token]",
  Secret = "[secret]",
}

const digitsOf = (s: string) => s.replace(/\D/g, "");

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = +digits[digits.length - 1 - i]!;
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// Remainder of a long decimal string, digit by digit: the numbers exceed 2^53.
function mod97(decimal: string): number {
  let rest = 0;
  for (const c of decimal) rest = (rest * 10 + +c) % 97;
  return rest;
}

function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/ /g, "").toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const numeric = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return mod97(numeric) === 1;
}

// Corsica's departments 2A and 2B count as 19 and 18 in the key.
function nirValid(candidate: string): boolean {
  const compact = candidate.replace(/ /g, "").toUpperCase();
  const body = compact.slice(0, 13).replace("2A", "19").replace("2B", "18");
  return 97 - mod97(body) === +compact.slice(13);
}

type TRule = [RegExp, (match: string, ...groups: string[]) => string];

// A greedy match may run into the next word or number; the longest valid prefix is the value.
function longestValid(match: string, minLength: number, valid: (candidate: string) => boolean, placeholder: string): string {
  for (let end = match.length; end >= minLength; end--) {
    if (end < match.length && !/[ -]/.test(match[end]!)) continue;
    const candidate = match.slice(0, end);
    if (valid(candidate)) return placeholder + match.slice(end);
  }
  return match;
}

const RULES: TRule[] = [
  [/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g, () => PiiPlaceholder.Token],
  [/\b(Bearer|Basic|Token)\s+[\w.~+/-]{8,}=*/gi, (_m, scheme) => `${scheme} ${PiiPlaceholder.Token}`],
  [/\b[\w.%+-]+(?:@|%40)[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}/gi, () => PiiPlaceholder.Email],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z\d]){11,30}\b/g, (m) => longestValid(m, 15, ibanValid, PiiPlaceholder.Iban)],
  // Issuers' first digits (2 to 6) and 14 to 19 digits: EAN-13 barcodes and most order numbers stay.
  [/\b[2-6](?:[ -]?\d){13,18}\b/g, (m) => longestValid(m, 14, (c) => digitsOf(c).length >= 14 && luhn(digitsOf(c)), PiiPlaceholder.Card)],
  [/\b[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b/gi, (m) => (nirValid(m) ? PiiPlaceholder.NationalId : m)],
  [/\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g, () => PiiPlaceholder.NationalId],
  [/(?:\+|\b00)[1-9]\d{0,2}[ .-]?(?:\(0\)[ .-]?)?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}\b/g, () => PiiPlaceholder.Phone],
  [/\b0[1-9](?:[ .-]?\d{2}){4}\b/g, () => PiiPlaceholder.Phone],
  [/(?:\(\d{3}\) ?|\b\d{3}[ .-])\d{3}[ .-]\d{4}\b/g, () => PiiPlaceholder.Phone],
  // Long runs that mix letters and digits are keys or session ids; words, hex colours and UUID parts are shorter.
  [/\b(?=[A-Za-z_]*\d)(?=[\d_]*[A-Za-z])[A-Za-z\d_]{24,}\b/g, () => PiiPlaceholder.Secret],
];

const MAYBE_PII = /[\d@]|%40|[A-Za-z\d_]{24}/;

/** Replaces every personal value the patterns know by a typed placeholder, so the agent sees what stood there. */
export function scrubPii(text: string): string {
  if (!MAYBE_PII.test(text)) return text;
  let out = text;
  for (const [pattern, replace] of RULES) out = out.replace(pattern, replace as (substring: string, ...args: string[]) => string);
  return out;
}
