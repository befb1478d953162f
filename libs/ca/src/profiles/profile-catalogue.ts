import fs from 'node:fs';
import path from 'node:path';
import { CaError } from '../errors/ca-error';
import type { PlatformOids } from '../oids';
import { certificateProfileSchema, type CertificateProfile } from './certificate-profile';

/** Every profile of certs/profiles, validated once when loaded; a bad file stops the load with its name. */
export class ProfileCatalogue {
  private constructor(private readonly profiles: ReadonlyMap<string, CertificateProfile>) {}

  static load(profilesDir: string, oids: PlatformOids): ProfileCatalogue {
    const profiles = new Map<string, CertificateProfile>();
    for (const file of fs.readdirSync(profilesDir).filter((f) => f.endsWith('.json')).sort()) {
      const profile = ProfileCatalogue.parse(JSON.parse(fs.readFileSync(path.join(profilesDir, file), 'utf8')), file, oids);
      if (`${profile.name}.json` !== file) throw new CaError('profile-invalid', `${file}: name "${profile.name}" must match the file name`);
      profiles.set(profile.name, profile);
    }
    return new ProfileCatalogue(profiles);
  }

  static parse(data: unknown, source: string, oids: PlatformOids): CertificateProfile {
    const parsed = certificateProfileSchema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new CaError('profile-invalid', `${source}: ${issues}`);
    }
    const profile = parsed.data;
    for (const policy of profile.policies) {
      if (!oids.policies[policy]) throw new CaError('profile-invalid', `${source}: policy "${policy}" is not named in certs/oids.json`);
    }
    for (const purpose of profile.extendedKeyUsage?.purposes ?? []) {
      if (!oids.extendedKeyUsages[purpose]) throw new CaError('profile-invalid', `${source}: extended key usage "${purpose}" is unknown`);
    }
    return profile;
  }

  get(name: string): CertificateProfile {
    const profile = this.profiles.get(name);
    if (!profile) throw new CaError('profile-unknown', `no certificate profile named "${name}" (known: ${this.names().join(', ')})`);
    return profile;
  }

  names(): string[] {
    return [...this.profiles.keys()];
  }
}
