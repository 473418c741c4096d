/** What anyone may read: public requests, less those taken down. */
export const PUBLISHED = { visibility: 'public', 'publication.hiddenAt': null } as const;
