import { ConfigurationError, loadPlatformConfig } from '../src/platform-config';

describe('platform configuration', () => {
  it('starts from safe defaults: port 8080 on loopback, embedded database in .data', () => {
    const config = loadPlatformConfig({});
    expect(config).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', THEQA_DATA_DIR: '.data', THEQA_ENV: 'development', LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:8080');
  });

  it('reads what the environment sets', () => {
    const config = loadPlatformConfig({ PORT: '9000', HOST: '0.0.0.0', PUBLIC_BASE_URL: 'https://theqa.example.om/', LOG_LEVEL: 'warn' });
    expect(config).toMatchObject({ PORT: 9000, HOST: '0.0.0.0', LOG_LEVEL: 'warn', publicBaseUrl: 'https://theqa.example.om' });
  });

  it('starts the dedicated OCSP responder only when OCSP_PORT is set, on HOST unless OCSP_HOST says otherwise', () => {
    expect(loadPlatformConfig({}).OCSP_PORT).toBeUndefined();
    expect(loadPlatformConfig({ OCSP_PORT: '8081' }).OCSP_PORT).toBe(8081);
    expect(loadPlatformConfig({ OCSP_PORT: '8081' }).OCSP_HOST).toBeUndefined();
    expect(loadPlatformConfig({ OCSP_PORT: '8081', OCSP_HOST: '0.0.0.0' })).toMatchObject({ OCSP_PORT: 8081, OCSP_HOST: '0.0.0.0' });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['OCSP_PORT', 'ocsp'],
    ['OCSP_PORT', '0'],
    ['OCSP_PORT', '8080'],
    ['LOG_LEVEL', 'loud'],
    ['THEQA_ENV', 'staging'],
    ['PUBLIC_BASE_URL', 'theqa.om'],
    ['DATABASE_URL', 'mysql://db/theqa'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadPlatformConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain(name);
    expect((error as ConfigurationError).message).toContain(JSON.stringify(value));
  });
});
