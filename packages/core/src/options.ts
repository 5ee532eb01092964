/** A required string option of a factory: present and not blank, else a TypeError naming the factory and the option. */
export function requireOption(value: unknown, name: string, factory: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${factory}: option \`${name}\` is required and must be a non-empty string`);
  }
  return value;
}
