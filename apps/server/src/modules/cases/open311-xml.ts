/**
 * The XML of Open311 GeoReport v2: its documents are flat lists of flat records (a few nest one
 * list, like discovery's endpoints and formats), so a small serializer does: elements named
 * after the keys, a list's items named by `items` (services → service), text escaped, and
 * characters XML 1.0 cannot carry dropped. null and undefined become empty elements.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

/** Control characters XML 1.0 forbids (all below U+0020 but tab, newline, carriage return). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must go
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: XmlValue, items: Record<string, string>): string {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = items[name] ?? 'item';
    return value.length === 0
      ? `<${name}/>`
      : `<${name}>${value.map((v) => element(item, v, items)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v, items))
      .join('');
    return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: the declaration and one root element. */
export function xmlDocument(root: string, value: XmlValue, items: Record<string, string> = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, items)}\n`;
}
