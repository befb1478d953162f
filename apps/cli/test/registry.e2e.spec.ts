import { theqaAsync as theqa } from '@theqa/testing';

/** `npx theqa registry list | show`: the development registry, with the consent catalogue's labels. */
describe('the registry commands', () => {
  const env = { ...process.env };

  it('lists every synthetic person, one aligned line each, the test persons noted', async () => {
    const listed = await theqa(['registry', 'list'], env);
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^civil number\s+card\s+residency\s+nat\.\s+phone\s+name/);
    expect(lines).toHaveLength(201);
    expect(lines.find((l) => l.startsWith('12345678'))).toMatch(/valid\s+citizen\s+OMN\s+\+96891234567\s+Salim Nasser Ali Al Harthy .*demo person: register first$/);
    const json = JSON.parse((await theqa(['registry', 'list', '--json'], env)).stdout);
    expect(json.persons).toHaveLength(200);
    expect(json.persons.find((p: { civil_number: string }) => p.civil_number === '10000004')).toMatchObject({ deceased: true, note: 'deceased' });
  });

  it('shows one record with every label in both languages, and refuses what is not a civil number', async () => {
    const shown = await theqa(['registry', 'show', '--civil-number', '10000005'], env);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('Priya Anil Nair — بريا أنيل ناير  [resident with a visitor visa number / مقيمة لديها رقم تأشيرة زائر]');
    expect(shown.stdout).toContain('  Civil number / رقم المدني: 10000005');
    expect(shown.stdout).toMatch(/ {2}Visitor visa number \/ رقم تأشيرة الزائر: V\d+/);
    expect(shown.stdout).toContain('  Phone number on record / رقم الهاتف المسجل: +96891000005');
    const doc = JSON.parse((await theqa(['registry', 'show', '--civil-number', '10000005', '--json'], env)).stdout);
    expect(doc.attributes).toHaveLength(22);
    expect(doc.attributes[11]).toMatchObject({ key: 'photo', label: { en: 'Photo', ar: 'الصورة' } });
    expect((await theqa(['registry', 'show', '--civil-number', '12-34', '--json'], env)).status).toBe(2);
    expect((await theqa(['registry', 'show', '--civil-number', '99999999', '--json'], env)).status).toBe(1);
  });
});
