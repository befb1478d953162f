import path from 'node:path';
import { DatabaseTargetError, describeDatabaseUrl, resolveDatabaseTarget } from './database-target';

describe('resolveDatabaseTarget', () => {
  it('uses the server named by DATABASE_URL', () => {
    expect(resolveDatabaseTarget({ DATABASE_URL: 'postgres://u:p@db:5432/theqa' })).toEqual({
      kind: 'server',
      url: 'postgres://u:p@db:5432/theqa',
    });
  });

  it('falls back to the embedded database in .data/ under the working folder', () => {
    expect(resolveDatabaseTarget({}, '/srv/theqa')).toEqual({ kind: 'embedded', dataDir: path.join('/srv/theqa', '.data', 'postgres') });
    expect(resolveDatabaseTarget({ DATABASE_URL: '  ', THEQA_DATA_DIR: 'var' }, '/srv')).toEqual({
      kind: 'embedded',
      dataDir: path.join('/srv', 'var', 'postgres'),
    });
  });

  it.each(['mysql://db/theqa', 'not a url', 'http://db'])('refuses %s with a message naming DATABASE_URL', (url) => {
    expect(() => resolveDatabaseTarget({ DATABASE_URL: url })).toThrow(DatabaseTargetError);
    expect(() => resolveDatabaseTarget({ DATABASE_URL: url })).toThrow(/DATABASE_URL/);
  });

  it('masks the password when describing a URL', () => {
    expect(describeDatabaseUrl('postgres://theqa:s3cret@db:5432/theqa')).toBe('postgres://theqa:***@db:5432/theqa');
    expect(describeDatabaseUrl('postgres://db/theqa')).not.toContain('***');
  });
});
