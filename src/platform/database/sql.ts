/** A user's search text as a literal inside `ILIKE '%' || $n || '%'`: its `%`, `_` and `\` match themselves. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
