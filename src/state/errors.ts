/**
 * The state store cannot be used (folder not writable, file corrupt, newer schema than this
 * version knows): the caller stops before changing anything and names the file.
 */
export class StateError extends Error {
  override name = 'StateError';
}
