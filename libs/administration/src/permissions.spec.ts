import { ADMINISTRATIVE_ACTIONS, ADMINISTRATOR_ROLES, PERMISSIONS, READ_ONLY_ACTIONS, permissionsOf, rolesMay, ACTION_NAMES } from './index';

describe('the permission table', () => {
  it('keeps duties apart: a CA officer cannot onboard relying parties, an RP officer cannot revoke certificates', () => {
    expect(rolesMay(['ca-officer'], 'relying-party.onboard')).toBe(false);
    expect(rolesMay(['ca-officer'], 'certificate.revoke')).toBe(true);
    expect(rolesMay(['relying-party-officer'], 'certificate.revoke')).toBe(false);
    expect(rolesMay(['relying-party-officer'], 'certificate.revoke-administrator')).toBe(false);
    expect(rolesMay(['relying-party-officer'], 'relying-party.onboard')).toBe(true);
    expect(rolesMay(['support-officer'], 'identity.suspend')).toBe(true);
    expect(rolesMay(['support-officer'], 'crl.publish')).toBe(false);
    expect(rolesMay([], 'console.view')).toBe(false);
  });

  it('gives the auditor reads only, and every read of the console', () => {
    const auditor = permissionsOf(['auditor']);
    expect(auditor.filter((action) => !READ_ONLY_ACTIONS.has(action))).toEqual([]);
    expect(auditor).toEqual(expect.arrayContaining(['audit.view', 'audit.verify', 'audit.export', 'certificate.view', 'identity.view', 'relying-party.view', 'ca.view']));
  });

  it('names every action in both languages and gives every action to some role', () => {
    for (const action of ADMINISTRATIVE_ACTIONS) {
      expect(ACTION_NAMES[action].ar).toBeTruthy();
      expect(ACTION_NAMES[action].en).toBeTruthy();
      expect(PERMISSIONS[action].length).toBeGreaterThan(0);
      for (const role of PERMISSIONS[action]) expect(ADMINISTRATOR_ROLES).toContain(role);
    }
  });
});
