import { AdministratorRoster, parseFourEyesActions, parseRoleAssignments, parseRoleCombinations, RosterError, type RosterConfiguration } from './index';

const problemsOf = (configuration: RosterConfiguration): string[] => {
  try {
    AdministratorRoster.of(configuration);
    return [];
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return error.problems;
  }
};

describe('the administrators roster', () => {
  it('gives each civil number its roles, in the permission table order', () => {
    const roster = AdministratorRoster.of({
      assignments: { auditor: ['11110001'], 'ca-officer': ['11110002'], 'support-officer': ['11110001'] },
      combinations: [['auditor', 'support-officer']],
    });
    expect(roster.administrator('11110001')).toEqual({ civilNumber: '11110001', roles: ['support-officer', 'auditor'] });
    expect(roster.administrator('11110002')?.roles).toEqual(['ca-officer']);
    expect(roster.administrator('99999999')).toBeUndefined();
    expect(roster.isAdministrator('11110002')).toBe(true);
    expect(roster.list()).toHaveLength(2);
  });

  it('refuses a civil number in two roles unless exactly that combination is allowed', () => {
    expect(problemsOf({ assignments: { 'ca-officer': ['11110003'], 'relying-party-officer': ['11110003'] }, combinations: [] })).toEqual([
      '11110003 holds ca-officer and relying-party-officer: one person in several roles needs that combination allowed (THEQA_ADMIN_ROLE_COMBINATIONS=ca-officer+relying-party-officer)',
    ]);
    // A combination of three does not allow two of them, nor two allow three.
    expect(problemsOf({ assignments: { 'ca-officer': ['11110003'], auditor: ['11110003'] }, combinations: [['ca-officer', 'auditor', 'support-officer']] })).toHaveLength(1);
    expect(problemsOf({ assignments: { 'ca-officer': ['11110003'], auditor: ['11110003'], 'support-officer': ['11110003'] }, combinations: [['ca-officer', 'auditor']] })).toHaveLength(1);
    expect(problemsOf({ assignments: { 'ca-officer': ['11110003'], auditor: ['11110003'] }, combinations: [['auditor', 'ca-officer']] })).toEqual([]);
  });

  it('refuses bad civil numbers, unknown roles, repeats and meaningless combinations, naming each', () => {
    const problems = problemsOf({
      assignments: { 'ca-officer': ['1234', '12345678', '12345678', ' 23456789', '١٢٣٤٥٦٧٨'], janitor: ['34567890'] } as never,
      combinations: [['ca-officer'], ['auditor', 'auditor'], ['auditor', 'root'] as never],
    });
    expect(problems).toEqual([
      'the role combination "ca-officer" has a single role: a combination names two roles or more',
      'the role combination "auditor+auditor" repeats a role',
      'the role combination "auditor+root" names unknown roles: root (roles: relying-party-officer, ca-officer, support-officer, auditor)',
      'ca-officer: "1234" is not a civil number (6 to 12 digits)',
      'ca-officer: 12345678 is listed twice',
      'ca-officer: " 23456789" is not a civil number (6 to 12 digits)',
      'ca-officer: "١٢٣٤٥٦٧٨" is not a civil number (6 to 12 digits)',
      'unknown role "janitor" (roles: relying-party-officer, ca-officer, support-officer, auditor)',
    ]);
  });

  it('reads the configuration text: roles, combinations, four-eyes actions', () => {
    expect(parseRoleAssignments(' ca-officer: 12345678 , 23456789 ; auditor:34567890;')).toEqual({ assignments: { 'ca-officer': ['12345678', '23456789'], auditor: ['34567890'] }, problems: [] });
    expect(parseRoleAssignments('ca-officer 12345678;auditor:1;auditor:2').problems).toEqual(['"ca-officer 12345678" is not role:civil number,civil number', 'the role "auditor" is listed twice']);
    expect(parseRoleCombinations('support-officer + auditor; ca-officer+relying-party-officer')).toEqual([['support-officer', 'auditor'], ['ca-officer', 'relying-party-officer']]);
    expect(parseFourEyesActions('identity.suspend, relying-party.disable,identity.suspend')).toEqual(['identity.suspend', 'relying-party.disable']);
    expect(parseFourEyesActions('none')).toEqual([]);
    expect(() => parseFourEyesActions('audit.view,identity.explode')).toThrow(RosterError);
  });
});
