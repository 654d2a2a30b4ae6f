import type { Replayer } from "@rrweb/replay";

// What rrweb's postcss pass changes (@rrweb/replay 2.1.6, adaptCssForReplay): a selector holding `:hover` is copied
// onto a class it can set, and a media query on the device's width or height becomes one on the width or height.
// Everything else postcss gives back byte for byte. That pass took 65–80 ms of a cold first frame for a sheet of
// 1,500 rules, so the player makes the same two changes itself: it reads the sheet's structure the way postcss's
// tokenizer and parser do, and edits just those selectors and queries (in Node, about 20 ms cold and 1.5 ms warm for
// that sheet, against 70–140 ms cold and 20 ms warm for the pass).
// adapt-sheets-for-replay.test.ts compares the result with rrweb's own pass, byte for byte, on real and generated sheets;
// tests/repo/rrweb-replay-css.test.ts fails if rrweb's build stops reading the cache first or changes what it adapts.
const HOVER = ":hover";
const DEVICE_MEDIA = /(max|min)-device-(width|height)/;
const DEVICE_MEDIA_ALL = /(max|min)-device-(width|height)/g;

/** True when rrweb's replay pass would give the sheet back unchanged. */
export const isPlainSheet = (css: string) => !css.includes(HOVER) && !DEVICE_MEDIA.test(css);

// postcss's token types, as far as the structure of a sheet needs them.
const enum T {
  Space,
  Word,
  String,
  Comment,
  AtWord,
  Brackets,
  OpenParen,
  CloseParen,
  OpenSquare,
  CloseSquare,
  OpenCurly,
  CloseCurly,
  Colon,
  Semicolon,
}
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12;
/** The characters that end a word, and those that end an at-word, as postcss's RE_WORD_END and RE_AT_END say ("/" only before "*"). */
const WORD_END = new Uint8Array(128);
const AT_END = new Uint8Array(128);
for (const c of "\t\n\f\r !\"#'():;@[\\]{}") WORD_END[c.charCodeAt(0)] = 1;
for (const c of "\t\n\f\r \"#'()/;[\\]{}") AT_END[c.charCodeAt(0)] = 1;
/** The one-character tokens, as their type plus one (0 for none). */
const SINGLE = new Uint8Array(128);
for (const [c, t] of [["[", T.OpenSquare], ["]", T.CloseSquare], ["{", T.OpenCurly], ["}", T.CloseCurly], [":", T.Colon], [";", T.Semicolon], [")", T.CloseParen]] as const) SINGLE[c.charCodeAt(0)] = t + 1;
/** What makes postcss read a "(" as a token of its own rather than one "brackets" token up to the next ")" (its RE_BAD_BRACKET, after the "(" itself). */
const BAD_IN_BRACKETS = /[\r\n"'(/\\]/g;
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

type TTokens = { type: Uint8Array; start: Int32Array; end: Int32Array; count: number };

/** The first unescaped `close` after `from`, or -1. */
function closing(css: string, close: string, from: number): number {
  let next = from;
  for (;;) {
    next = css.indexOf(close, next + 1);
    if (next === -1) return -1;
    let escaped = false;
    for (let at = next; css.charCodeAt(at - 1) === 92; at--) escaped = !escaped;
    if (!escaped) return next;
  }
}

/** Where the word starting at `pos` ends. */
function wordEnd(css: string, pos: number): number {
  const length = css.length;
  let next = pos + 1;
  for (; next < length; next++) {
    const c = css.charCodeAt(next);
    if (c < 128 && (WORD_END[c] === 1 || (c === 47 && css.charCodeAt(next + 1) === 42))) break;
  }
  return next;
}

function atWordEnd(css: string, pos: number): number {
  const length = css.length;
  let next = pos + 1;
  while (next < length) {
    const c = css.charCodeAt(next);
    if (c < 128 && AT_END[c] === 1) break;
    next++;
  }
  return next;
}

/** postcss's tokenizer (the copy in @rrweb/replay's build); null where it would throw (an unclosed string, comment or url). */
function tokenize(css: string): TTokens | null {
  const length = css.length;
  const type = new Uint8Array(length);
  const start = new Int32Array(length);
  const end = new Int32Array(length);
  let count = 0;
  const push = (t: T, from: number, to: number) => {
    type[count] = t;
    start[count] = from;
    end[count++] = to;
    return to;
  };
  // postcss's `buffer`: the words so far, of which each `(` takes the last; a `(` after "url" opens an unquoted url.
  const words: boolean[] = [];
  // The next ")" and the next character that spoils a bracket, each searched again only once passed: postcss searches
  // both afresh at every "(", which is quadratic on a sheet of many "(" (a hostile recording could hold one).
  let closeAt = 0;
  let badAt = 0;
  let pos = 0;
  while (pos < length) {
    const code = css.charCodeAt(pos);
    const single = code < 128 ? SINGLE[code]! : 0;
    if (single !== 0) {
      pos = push(single - 1, pos, pos + 1);
      continue;
    }
    switch (code) {
      case 32:
      case 10:
      case 9:
      case 13:
      case 12: {
        let next = pos + 1;
        while (isSpace(css.charCodeAt(next))) next++;
        pos = push(T.Space, pos, next);
        break;
      }
      case 40: {
        const afterUrl = words.pop() === true;
        const after = css.charCodeAt(pos + 1);
        if (afterUrl && after !== 39 && after !== 34 && !isSpace(after)) {
          const next = closing(css, ")", pos);
          if (next === -1) return null;
          pos = push(T.Brackets, pos, next + 1);
        } else {
          if (closeAt !== -1 && closeAt <= pos) closeAt = css.indexOf(")", pos + 1);
          if (badAt <= pos) {
            BAD_IN_BRACKETS.lastIndex = pos + 1;
            badAt = BAD_IN_BRACKETS.exec(css)?.index ?? length;
          }
          if (closeAt === -1 || badAt <= closeAt) pos = push(T.OpenParen, pos, pos + 1);
          else pos = push(T.Brackets, pos, closeAt + 1);
        }
        break;
      }
      case 39:
      case 34: {
        const next = closing(css, code === 39 ? "'" : '"', pos);
        if (next === -1) return null;
        pos = push(T.String, pos, next + 1);
        break;
      }
      case 64:
        pos = push(T.AtWord, pos, atWordEnd(css, pos));
        break;
      case 92: {
        let next = pos;
        let escape = true;
        while (css.charCodeAt(next + 1) === 92) {
          next++;
          escape = !escape;
        }
        const c = css.charCodeAt(next + 1);
        if (escape && c !== 47 && !isSpace(c)) {
          next++;
          if (isHex(css.charCodeAt(next))) {
            while (isHex(css.charCodeAt(next + 1))) next++;
            if (css.charCodeAt(next + 1) === 32) next++;
          }
        }
        pos = push(T.Word, pos, Math.min(next + 1, length));
        break;
      }
      default:
        if (code === 47 && css.charCodeAt(pos + 1) === 42) {
          const next = css.indexOf("*/", pos + 2);
          if (next === -1) return null;
          pos = push(T.Comment, pos, next + 2);
        } else {
          const next = push(T.Word, pos, wordEnd(css, pos));
          words.push(next - pos === 3 && css.startsWith("url", pos));
          pos = next;
        }
    }
  }
  return { type, start, end, count };
}

/** postcss's list.comma: a selector list split at its top-level commas, each part trimmed. */
export function splitSelectors(selector: string): string[] {
  const parts: string[] = [];
  let current = "";
  let func = 0;
  let quote = "";
  let escape = false;
  for (const letter of selector) {
    let split = false;
    if (escape) escape = false;
    else if (letter === "\\") escape = true;
    else if (quote) {
      if (letter === quote) quote = "";
    } else if (letter === '"' || letter === "'") quote = letter;
    else if (letter === "(") func += 1;
    else if (letter === ")") {
      if (func > 0) func -= 1;
    } else if (func === 0 && letter === ",") split = true;
    if (split) {
      if (current !== "") parts.push(current.trim());
      current = "";
    } else current += letter;
  }
  parts.push(current.trim());
  return parts;
}

type TEdit = { from: number; to: number; text: string };

/**
 * The sheet as rrweb's postcss pass would give it back, or null when this cannot say: postcss would reject the sheet's
 * structure (an unclosed block, string or bracket, a stray `}`, a statement that is neither a rule nor a declaration),
 * or a selector or query to change holds a comment, which postcss would drop. rrweb's own pass then runs, as before.
 * One difference is deliberate: postcss also rejects a sheet over a malformed declaration (a missed semicolon, say),
 * and rrweb then shows it with no hover at all; this still adapts its rules.
 */
export function adaptSheetForReplay(css: string): string | null {
  const tokens = tokenize(css);
  if (!tokens) return null;
  const { type, start, end, count } = tokens;
  const edits: TEdit[] = [];
  const text = (from: number, to: number) => css.slice(start[from], end[to - 1]);
  /** Tokens [from, to) less the spaces and comments at both ends, and whether a comment is left inside. */
  const trimmed = (from: number, to: number): [number, number, boolean] => {
    while (from < to && (type[from] === T.Space || type[from] === T.Comment)) from++;
    while (to > from && (type[to - 1] === T.Space || type[to - 1] === T.Comment)) to--;
    let comment = false;
    for (let i = from; i < to; i++) if (type[i] === T.Comment) comment = true;
    return [from, to, comment];
  };
  let depth = 0;
  let i = 0;
  let isRule = false;
  // The sheet's top-level nodes, for the source map comments that postcss drops; `before` is where the spaces that
  // postcss keeps with a node begin (spacesFrom: where those of the next node began, -1 for none yet).
  type TRootNode = { before: number; from: number; to: number; annotation: boolean; rule: boolean; ownSemicolon: boolean };
  const roots: TRootNode[] = [];
  let spacesFrom = -1;
  const init = (at: number): TRootNode => {
    const node = { before: spacesFrom < 0 ? start[at]! : spacesFrom, from: start[at]!, to: -1, annotation: false, rule: false, ownSemicolon: false };
    if (depth === 0) roots.push(node);
    spacesFrom = -1;
    return node;
  };

  // postcss's Parser#atrule, from its at-word: returns where the statement ends, or a negative number when this cannot say (see above).
  const atRule = (at: number): number => {
    if (end[at]! - start[at]! === 1) return -1; // "At-rule without name"
    const brackets: T[] = [];
    let j = at + 1;
    let stop = count;
    for (; j < count; j++) {
      const t = type[j]!;
      if (t === T.OpenParen || t === T.OpenSquare) brackets.push(t === T.OpenParen ? T.CloseParen : T.CloseSquare);
      else if (t === T.OpenCurly && brackets.length > 0) brackets.push(T.CloseCurly);
      else if (t === brackets[brackets.length - 1]) brackets.pop();
      if (brackets.length === 0 && (t === T.Semicolon || t === T.OpenCurly || t === T.CloseCurly)) {
        stop = j;
        break;
      }
    }
    const [from, to, comment] = trimmed(at + 1, stop);
    if (from < to) {
      const params = text(from, to);
      if (DEVICE_MEDIA.test(params)) {
        if (comment) return -2;
        edits.push({ from: start[from]!, to: end[to - 1]!, text: params.replace(DEVICE_MEDIA_ALL, "$1-$2") });
      }
    }
    if (stop === count) return count;
    if (type[stop] === T.OpenCurly) depth++;
    else if (type[stop] === T.CloseCurly) {
      if (--depth < 0) return -1;
      spacesFrom = -1;
    }
    return stop + 1;
  };

  // postcss's Parser#other: a rule or a declaration; returns where the statement ends, or a negative number as above.
  const other = (first: number): number => {
    const customProperty = css.startsWith("--", start[first]!);
    // A declaration ended by `}` or the end of the sheet gives its trailing spaces and comments back to the block.
    const giveBack = (to: number) => {
      if (!customProperty) while (to > first && (type[to - 1] === T.Space || type[to - 1] === T.Comment)) to--;
      return to;
    };
    const brackets: T[] = [];
    let colon = false;
    for (let j = first; j < count; j++) {
      const t = type[j]!;
      if (t === T.OpenParen || t === T.OpenSquare) brackets.push(t === T.OpenParen ? T.CloseParen : T.CloseSquare);
      else if (customProperty && colon && t === T.OpenCurly) brackets.push(T.CloseCurly);
      else if (brackets.length === 0) {
        if (t === T.Semicolon) return colon ? j + 1 : -1;
        if (t === T.CloseCurly) return colon ? giveBack(j) : -1; // the `}` then closes the block
        if (t === T.Colon) colon = true;
        else if (t === T.OpenCurly) {
          depth++;
          isRule = true;
          const [from, to, comment] = trimmed(first, j);
          const selector = text(from, to);
          if (selector.includes(HOVER)) {
            if (comment) return -2;
            const copies = splitSelectors(selector).filter((s) => s.includes(HOVER));
            edits.push({ from: end[to - 1]!, to: end[to - 1]!, text: copies.map((s) => ",\n" + s.replace(/:hover/g, ".\\:hover")).join("") });
          }
          return j + 1;
        }
      } else if (t === brackets[brackets.length - 1]) brackets.pop();
    }
    return brackets.length === 0 && colon ? giveBack(count) : -1;
  };

  while (i < count) {
    const t = type[i]!;
    if (t === T.Space) {
      if (spacesFrom < 0) spacesFrom = start[i]!;
      i++;
    } else if (t === T.Semicolon) {
      // postcss's freeSemicolon: the first one after a rule becomes that rule's own.
      if (spacesFrom < 0) spacesFrom = start[i]!;
      const last = roots[roots.length - 1];
      if (depth === 0 && last?.rule && !last.ownSemicolon) {
        last.ownSemicolon = true;
        spacesFrom = -1;
      }
      i++;
    } else if (t === T.CloseCurly) {
      if (--depth < 0) return null;
      spacesFrom = -1;
      i++;
    } else {
      const node = init(i);
      if (t === T.Comment) {
        node.annotation = css.slice(start[i]! + 2, end[i]! - 2).trimStart().startsWith("# sourceMappingURL=");
        node.to = end[i]!;
        i++;
      } else if (t === T.OpenCurly) {
        node.rule = true;
        depth++;
        i++;
      } else {
        isRule = false;
        i = t === T.AtWord ? atRule(i) : other(i);
        if (i < 0) return null;
        node.rule = isRule;
      }
    }
  }
  if (depth !== 0) return null;
  // postcss's MapGenerator#clearAnnotation, which every result goes through: it drops the sheet's source map comments,
  // from the last; a first node dropped leaves its leading spaces to the next.
  for (let n = roots.length - 1; n >= 0; n--) {
    const node = roots[n]!;
    if (!node.annotation) continue;
    const next = roots[n + 1];
    if (n === 0 && next) edits.push({ from: node.from, to: next.from, text: "" });
    else edits.push({ from: node.before, to: node.to, text: "" });
    roots.splice(n, 1);
  }
  edits.sort((a, b) => a.from - b.from);
  if (depth !== 0) return null;
  let out = "";
  let at = 0;
  for (const edit of edits) {
    out += css.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return out + css.slice(at);
}

/** rrweb's cache of adapted sheets, which answers every sheet it can adapt itself, so postcss never parses them. */
export class AdaptedSheetCache extends Map<string, string> {
  override get(css: string): string | undefined {
    const held = super.get(css);
    if (held !== undefined) return held;
    if (isPlainSheet(css)) return css;
    const adapted = adaptSheetForReplay(css);
    if (adapted === null) return undefined;
    super.set(css, adapted);
    return adapted;
  }
}

/** Called before the replayer's first snapshot, which rrweb builds in a timer or in the first play or pause. */
export function adaptSheetsForReplay(replayer: Replayer): void {
  const cache = (replayer as unknown as { cache?: { stylesWithHoverClass?: unknown } }).cache;
  if (!cache || !(cache.stylesWithHoverClass instanceof Map)) return;
  cache.stylesWithHoverClass = new AdaptedSheetCache(cache.stylesWithHoverClass as Map<string, string>);
}
