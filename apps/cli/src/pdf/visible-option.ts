import { CliError } from '../output';

export interface VisibleOption {
  page: number;
  rect: { x: number; y: number; width: number; height: number };
}

/** `--visible PAGE,X,Y,W,H`: a page from 1 and a box in points, from the page's lower-left corner. */
export function parseVisible(value: string): VisibleOption {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  const usage = (why: string) => new CliError(`--visible takes PAGE,X,Y,W,H (e.g. 1,350,60,200,70): ${why} (got ${JSON.stringify(value)})`, 'usage', 2);
  if (parts.length !== 5 || parts.some((part) => part === '') || !numbers.every(Number.isFinite)) throw usage('five numbers separated by commas');
  const [page, x, y, width, height] = numbers;
  if (!Number.isInteger(page) || page < 1) throw usage('the page is a whole number from 1');
  if (x < 0 || y < 0) throw usage('the box starts inside the page');
  if (width < 20 || height < 10 || width > 2000 || height > 2000) throw usage('the box is at least 20 × 10 points and at most 2000');
  return { page, rect: { x, y, width, height } };
}
