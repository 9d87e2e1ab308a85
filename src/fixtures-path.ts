import { fileURLToPath } from 'node:url';

/** The bundled fixtures folder (units, sample register, demo inbox), from src/ or dist/ alike. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
