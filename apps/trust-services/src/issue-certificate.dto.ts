import { Type } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CIVIL_NUMBER_PATTERN } from '@theqa/kernel';

/** The holder: the civil number; names are optional and, when given, must agree with the civil registry. */
export class CitizenIdentityDto {
  @Matches(CIVIL_NUMBER_PATTERN, { message: 'civil_number must be 6 to 12 digits' })
  civil_number!: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64)
  given_name?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64)
  surname?: string;

  @IsOptional() @IsString() @MaxLength(64)
  full_name?: string;
}

/** POST /ca/certificates: a certificate for a citizen from a PKCS#10 request (PEM or base64 DER). */
export class IssueCertificateDto {
  @IsString() @IsNotEmpty() @MaxLength(16_384)
  csr!: string;

  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'profile must be a profile name such as device-authentication' })
  profile!: string;

  @IsObject() @ValidateNested() @Type(() => CitizenIdentityDto)
  identity!: CitizenIdentityDto;

  @IsOptional() @IsISO8601({ strict: true }, { message: 'card_expiry must be an ISO 8601 date' })
  card_expiry?: string;
}
