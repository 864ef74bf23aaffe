// Its own module, without zod: the CLI's help names it without loading the contract's schemas.
/** Realtime speeds run from 1× to MAX_SPEED× (virtual seconds per wall second). */
export const MAX_SPEED = 3600;
