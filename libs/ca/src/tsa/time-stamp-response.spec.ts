import { grantedResponse, rejectTimeStamp } from './time-stamp-response';

describe('TimeStampResp status', () => {
  it('encodes a rejection with status 2, free text and the failInfo bits', () => {
    // SEQUENCE { SEQUENCE { INTEGER 2, SEQUENCE { UTF8String "no" }, BIT STRING badAlg } }
    expect(rejectTimeStamp('badAlg', 'no').toString('hex')).toBe('300f300d02010230040c026e6f03020780');
    expect(rejectTimeStamp('unacceptedPolicy').toString('hex')).toBe('300a30080201020303000001');
    expect(rejectTimeStamp('systemFailure').toString('hex').endsWith('03050600000040')).toBe(true);
    expect(rejectTimeStamp(['badRequest', 'badDataFormat']).toString('hex').endsWith('03020224')).toBe(true);
    expect(() => rejectTimeStamp([])).toThrow(RangeError);
  });

  it('encodes a grant as status 0 followed by the token', () => {
    expect(grantedResponse(Buffer.from('3000', 'hex')).toString('hex')).toBe('300730030201003000');
  });
});
