import { createDocumentClient, mainTable, requireEnv, StaffNotificationRepository } from '@citydesk/data';

/** The staff inbox and watch repository, created once per process (the SDK keeps its connections warm). */
export const staffNotificationRepository = new StaffNotificationRepository(
  createDocumentClient(),
  requireEnv(mainTable.envVar),
);
