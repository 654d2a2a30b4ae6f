/** `tag.class#id[attr][attr=value]`: what the server can match on a serialized node without a DOM. */
export type TSimpleSelector = { tag: string | null; classes: string[]; ids: string[]; attrs: [string, string | null][] };

const NAME = String.raw`-?[A-Za-z_][\w-]*`;
const PART = new RegExp(String.raw`^(?:\.(${NAME})|#(${NAME})|\[\s*(${NAME})\s*(?:=\s*(?:"([^"\\]*)"|'([^'\\]*)'|([\w-]+))\s*)?\])`);
const TAG = new RegExp(String.raw`^(\*|${NAME})`);

function parseOne(text: string): TSimpleSelector | null {
  let rest = text.trim();
  const tag = TAG.exec(rest);
  const out: TSimpleSelector = { tag: tag && tag[1] !== "*" ? tag[1]!.toLowerCase() : null, classes: [], ids: [], attrs: [] };
  if (tag) rest = rest.slice(tag[0].length);
  else if (!rest) return null;
  while (rest) {
    const m = PART.exec(rest);
    if (!m) return null;
    if (m[1]) out.classes.push(m[1]);
    else if (m[2]) out.ids.push(m[2]);
    else out.attrs.push([m[3]!.toLowerCase(), m[4] ?? m[5] ?? m[6] ?? null]);
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** Each comma-separated selector, parsed; null where one is not simple. */
export function parseSimpleSelectors(list: string): (TSimpleSelector | null)[] {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseOne);
}

/** The parts of a list the server can match, the rest dropped. */
export function simpleSelectorsOf(list: string | null | undefined): TSimpleSelector[] {
  return parseSimpleSelectors(list ?? "").filter((s): s is TSimpleSelector => s !== null);
}

export function lowerAttributes(attributes: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(attributes)) out.set(name.toLowerCase(), String(value));
  return out;
}

export function matchesSimple(selectors: TSimpleSelector[], tag: string, attrs: Map<string, string>): boolean {
  if (selectors.length === 0) return false;
  const classes = ` ${(attrs.get("class") ?? "").replace(/\s+/g, " ")} `;
  const id = attrs.get("id");
  return selectors.some(
    (s) =>
      (s.tag === null || s.tag === tag) &&
      s.classes.every((c) => classes.includes(` ${c} `)) &&
      s.ids.every((i) => i === id) &&
      s.attrs.every(([name, value]) => attrs.has(name) && (value === null || attrs.get(name) === value)),
  );
}

/** Attribute names a list's match depends on: a change to one of them may change the match. */
export function attributesOf(selectors: TSimpleSelector[]): Set<string> {
  const names = new Set<string>();
  for (const s of selectors) {
    if (s.classes.length) names.add("class");
    if (s.ids.length) names.add("id");
    for (const [name] of s.attrs) names.add(name);
  }
  return names;
}
