import { CorruptItemError } from '../errors.js';

type Item = Record<string, unknown>;

/** Typed readers of stored attributes; a wrong type is corruption (a bug), not input. */
export function str(item: Item, name: string): string {
  const value = item[name];
  if (typeof value !== 'string')
    throw new CorruptItemError(`item ${String(item.pk)}/${String(item.sk)}: ${name}`);
  return value;
}

export function strOrNull(item: Item, name: string): string | null {
  const value = item[name];
  return value === undefined || value === null ? null : str(item, name);
}

export function bool(item: Item, name: string): boolean {
  return item[name] === true;
}

export function num(item: Item, name: string): number {
  const value = item[name];
  if (typeof value !== 'number')
    throw new CorruptItemError(`item ${String(item.pk)}/${String(item.sk)}: ${name}`);
  return value;
}

/** True when a conditional write failed because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
