/** The default reference date: 1 January of the current UTC year (see `SyntheticCivilRegistry`). */
export function startOfCurrentYear(now = new Date()): string {
  return `${now.getUTCFullYear()}-01-01`;
}
