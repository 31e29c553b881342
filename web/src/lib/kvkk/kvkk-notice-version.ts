/**
 * Version of the KVKK information notice shown by the form, recorded with every
 * case as proof of which text the citizen read. Bump it whenever a kvkk_* message
 * changes in either language.
 */
export const KVKK_NOTICE_VERSION = 'web-2026-11-v1';
