/** A plain aligned text table; `null`/absent cells print as `-`. */
export function formatTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (value: unknown) =>
    value === null || value === undefined || value === '' ? '-' : String(value);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))]
    .join('\n')
    .concat('\n');
}
