export { checkChainRevocation, parseCerts, type CertRevocation, type ChainInput, type RevocationOptions as ChainRevocationOptions, type RevocationReport } from './revocation.js';
export { DEFAULT_REVOCATION_TIMEOUT_MS } from './fetch.js';
export { emptyValidationData, mergeValidationData, type RevocationMode, type ValidationData } from './types.js';
export { parseCert, tryParseCert, type Cert } from './x509.js';
