// RFC 8785 JSON Canonicalization Scheme over JSON.parse values. ECMAScript's own number and
// string serialization is what RFC 8785 §3.2.2 prescribes, and JS string comparison orders
// keys by UTF-16 code units as §3.2.3 requires.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function canonicalize(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('JSON cannot hold a non-finite number.');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (/[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')))
      throw new Error('A string holds a lone surrogate, which JSON text cannot carry.');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalize).join(',') + ']';
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return '{' + keys.map((k) => canonicalize(k) + ':' + canonicalize(obj[k])).join(',') + '}';
  }
  throw new Error(`JSON cannot hold a ${typeof value}.`);
}
