import { PlatformMetadata1763800000000 } from './1763800000000-platform-metadata';
import { AuditLog1763900000000 } from './1763900000000-audit-log';
import { CertificateAuthority1763900000001 } from './1763900000001-certificate-authority';
import { Identity1764000000000 } from './1764000000000-identity';
import { DevicePush1764000000001 } from './1764000000001-device-push';
import { Consent1764100000000 } from './1764100000000-consent';
import { RelyingParty1764200000000 } from './1764200000000-relying-party';
import { LoginGateway1764200000001 } from './1764200000001-login-gateway';
import { CertificateSerialCheck1764300000000 } from './1764300000000-certificate-serial-check';
import { ExpiryIndexes1764350000000 } from './1764350000000-expiry-indexes';
import { AuditCheckpoint1764390000000 } from './1764390000000-audit-checkpoint';
import { DeviceUnsealing1764400000200 } from './1764400000200-device-unsealing';
import { RelyingPartyPar1764450000000 } from './1764450000000-relying-party-par';
import { OneConsentInForce1764450000001 } from './1764450000001-one-consent-in-force';
import { Signing1764500000000 } from './1764500000000-signing';
import { Upgrade1764600000000 } from './1764600000000-upgrade';
import { ActivityPaging1764600000100 } from './1764600000100-activity-paging';
import { Portal1764600000200 } from './1764600000200-portal';
import { Administration1764700000140 } from './1764700000140-administration';
import { ConsoleIndexes1764700000400 } from './1764700000400-console-indexes';
import { IdentitySupport1764700000500 } from './1764700000500-identity-support';
import { RelyingPartyJwksUri1764700000650 } from './1764700000650-relying-party-jwks-uri';
import { WebEidChallenge1764800000300 } from './1764800000300-web-eid-challenge';
import { PortalCardSession1764800000400 } from './1764800000400-portal-card-session';
import { CardSignature1764800000410 } from './1764800000410-card-signature';
import { IssuedIdCard1764800000500 } from './1764800000500-issued-id-card';

/** Every migration of the platform, oldest first. A new table (or a changed one) means a new entry here. */
export const platformMigrations = [
  PlatformMetadata1763800000000,
  AuditLog1763900000000,
  CertificateAuthority1763900000001,
  Identity1764000000000,
  DevicePush1764000000001,
  Consent1764100000000,
  RelyingParty1764200000000,
  LoginGateway1764200000001,
  CertificateSerialCheck1764300000000,
  ExpiryIndexes1764350000000,
  AuditCheckpoint1764390000000,
  DeviceUnsealing1764400000200,
  RelyingPartyPar1764450000000,
  OneConsentInForce1764450000001,
  Signing1764500000000,
  Upgrade1764600000000,
  ActivityPaging1764600000100,
  Portal1764600000200,
  Administration1764700000140,
  ConsoleIndexes1764700000400,
  IdentitySupport1764700000500,
  RelyingPartyJwksUri1764700000650,
  WebEidChallenge1764800000300,
  PortalCardSession1764800000400,
  CardSignature1764800000410,
  IssuedIdCard1764800000500,
];
