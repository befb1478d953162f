import { cardDataGroup, cardDataMismatches, parseCardDataGroup } from '@theqa/integrations';
import { InMemorySmsOutbox, OutboxSmsGateway, SyntheticCivilRegistry, SyntheticFaceMatcher, TEST_PERSONS, impostorSelfieFor, selfieOf } from './index';

// The README's example, run: the enrolment checks a newcomer's first registration goes through.
describe('README example: the demo person enrols', () => {
  it('finds the person, checks the card, matches the face and sends the one-time code', async () => {
    const registry = new SyntheticCivilRegistry();
    const outbox = new InMemorySmsOutbox();
    const sms = new OutboxSmsGateway(outbox);
    const faces = new SyntheticFaceMatcher();

    const person = await registry.findPerson(TEST_PERSONS.demo);
    expect(person?.full_name_en).toBe('Salim Nasser Ali Al Harthy');
    const card = parseCardDataGroup(cardDataGroup(person!));
    expect(cardDataMismatches(card, person!)).toEqual([]);
    await expect(registry.cardStatus(card.civil_number, card.card_serial_number)).resolves.toMatchObject({ status: 'valid' });
    const photo = await registry.photo(person!.civil_number);
    await expect(faces.compare(photo!.bytes, selfieOf(registry, TEST_PERSONS.demo))).resolves.toMatchObject({ match: true });
    await expect(faces.compare(photo!.bytes, impostorSelfieFor(registry, TEST_PERSONS.demo))).resolves.toMatchObject({ match: false });
    await sms.send({ to: person!.phone_number, text: 'رمز التحقق: 482913\nYour code: 482913', purpose: 'enrolment.otp' });
    expect((await outbox.latestFor('+96891234567'))?.text).toContain('482913');
  });
});
