import { bearerToken } from './bearer-token';

describe('bearerToken', () => {
  it.each(['Bearer abc.DEF-123_~+/==', 'bearer abc.DEF-123_~+/==', 'BEARER abc.DEF-123_~+/==', 'bEaReR   abc.DEF-123_~+/=='])('reads %s (the scheme is case-insensitive)', (header) => {
    expect(bearerToken(header)).toBe('abc.DEF-123_~+/==');
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Bearerabc', 'Bearer a b', 'Bearer a\tb', ' Bearer abc', 'Bearer abc '])('refuses %p', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });

  it('refuses a token longer than the caller allows', () => {
    expect(bearerToken(`Bearer ${'a'.repeat(43)}`, 43)).toBe('a'.repeat(43));
    expect(bearerToken(`Bearer ${'a'.repeat(44)}`, 43)).toBeUndefined();
  });
});
