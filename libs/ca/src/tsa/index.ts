export { PKI_FAILURE_BIT, TimeStampError, type PkiFailureInfo } from './failure-info';
export { TSA_HASH, TSA_OID, type TsaHashAlgorithm } from './tsa-oids';
export { parseTimeStampRequest, type RequestExtension, type TimeStampRequest } from './time-stamp-request';
export { encodeTstInfo, tstGeneralizedTime, type TimeStampAccuracy, type TstInfoFields } from './tst-info';
export { readTsaCertificate, TsaCertificateError, type TsaCertificate } from './tsa-certificate';
export { cmsAttribute, signedDataContentInfo, type SignedDataInput } from './signed-data';
export { grantedResponse, PKI_STATUS, rejectTimeStamp } from './time-stamp-response';
export {
  createTimeStampToken,
  issueTimeStamp,
  respondToTimeStampRequest,
  type IssueTimeStampOptions,
  type TsaIdentity,
} from './issue-time-stamp';
export { verifyTimeStampToken, TimeStampTokenError, type TimeStampTrust, type VerifiedTimeStamp } from './verify-time-stamp-token';
