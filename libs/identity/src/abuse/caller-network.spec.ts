import { callerNetwork } from './caller-network';

describe('callerNetwork: the address a limit counts under', () => {
  it('an IPv4 address is itself, also when mapped into IPv6', () => {
    expect(callerNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(callerNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(callerNetwork('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('an IPv6 address counts with its /64, however it is written', () => {
    const network = '2001:db8:85a3:8d3::/64';
    for (const address of ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:0db8:85a3:08d3::1', '2001:DB8:85A3:8D3:ffff::', '2001:db8:85a3:8d3::7%eth0']) {
      expect({ address, network: callerNetwork(address) }).toEqual({ address, network });
    }
    expect(callerNetwork('2001:db8:85a3:8d4::1')).not.toBe(network);
    expect(callerNetwork('::1')).toBe('0:0:0:0::/64');
    expect(callerNetwork('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(callerNetwork('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('anything else is counted as it is', () => {
    expect(callerNetwork('unknown')).toBe('unknown');
  });
});
