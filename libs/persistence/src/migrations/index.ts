import { PlatformMetadata1763800000000 } from './1763800000000-platform-metadata';

/** Every migration of the platform, oldest first. A new table means a new entry here. */
export const platformMigrations = [PlatformMetadata1763800000000];
