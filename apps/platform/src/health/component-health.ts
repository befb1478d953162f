import type { ChildHealth } from '../supervision/supervised-child';

/** A part of the platform that runs beside the web server (the dedicated OCSP responder's process). */
export type ComponentHealth = ChildHealth;

/** Injection token of the function that reports them. */
export const COMPONENTS = Symbol('COMPONENTS');
export type Components = () => ComponentHealth[];
