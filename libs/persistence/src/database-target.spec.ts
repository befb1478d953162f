import { describeDatabaseUrl } from './database-target';

describe('describeDatabaseUrl', () => {
  it('masks the password when describing a URL', () => {
    expect(describeDatabaseUrl('postgres://theqa:s3cret@db:5432/theqa')).toBe('postgres://theqa:***@db:5432/theqa');
    expect(describeDatabaseUrl('postgres://db/theqa')).not.toContain('***');
  });

  it('never echoes what it cannot parse', () => {
    expect(describeDatabaseUrl('postgres://theqa:s3cret@[bad')).not.toContain('s3cret');
  });
});
