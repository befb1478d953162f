import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CaError } from '../errors/ca-error';

const authoritySchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
    issuer: z.string().optional(),
    profile: z.string(),
    subject: z.object({ CN: z.string().min(1).max(64), O: z.string().max(64).optional(), C: z.string().length(2).optional() }).strict(),
    keyAlgorithm: z.enum(['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072']),
  })
  .strict();

export type AuthorityDefinition = z.infer<typeof authoritySchema>;

/** certs/hierarchy.json: the authorities, each after its issuer. */
export function loadHierarchyDefinition(certsDir: string): AuthorityDefinition[] {
  const file = path.join(certsDir, 'hierarchy.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { authorities?: unknown };
  const parsed = z.array(authoritySchema).min(1).safeParse(raw.authorities);
  if (!parsed.success) throw new CaError('hierarchy-invalid', `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const seen = new Set<string>();
  for (const authority of parsed.data) {
    if (seen.has(authority.name)) throw new CaError('hierarchy-invalid', `${file}: "${authority.name}" appears twice`);
    if (authority.issuer && !seen.has(authority.issuer)) {
      throw new CaError('hierarchy-invalid', `${file}: "${authority.name}" comes before its issuer "${authority.issuer}"`);
    }
    if (!authority.issuer && seen.size > 0) throw new CaError('hierarchy-invalid', `${file}: only the first authority may be self-signed`);
    seen.add(authority.name);
  }
  return parsed.data;
}
